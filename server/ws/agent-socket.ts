import type { FastifyInstance } from 'fastify';
import {
  AgentClientFrameSchema,
  PROTOCOL_VERSION,
  type AgentClientFrame,
  type AgentServerFrame,
  type FatalReason,
} from '../../protocol';
import { authenticateToken, type AgentAuth } from '../auth/sessions';
import { pullPage } from '../chat/pull';
import { frameFor } from '../chat/visibility';
import type { AppContext } from '../context';
import { NotFoundError } from '../errors';
import { holdUntilStarted } from './held-frames';
import { serveSocket, type FrameSession } from './serve-socket';

/** Subscribes at once; live frames wait for `start()`, called after the welcome (holdUntilStarted). */
function agentSession(
  ctx: AppContext,
  auth: AgentAuth,
  send: (frame: AgentServerFrame) => void,
  fatal: (reason: FatalReason) => void,
): FrameSession<AgentClientFrame> & { start(): void } {
  const live = holdUntilStarted(send);
  const unsubscribe = ctx.hub.subscribe(auth.workspace.id, (event) => {
    if (event.to === 'session-revoked' && event.tokenHash === auth.tokenHash) fatal('unauthorized');
    if (event.to === 'agents') live.deliver(frameFor(event.frame, auth.agent.id));
  });
  return {
    start: live.start,
    dispose() {
      unsubscribe();
      ctx.presence.disconnected(auth.workspace.id, auth.agent.id);
    },
    async handle(frame) {
      switch (frame.type) {
        case 'ping':
          return send({ type: 'pong' });
        case 'sync.pull': {
          const page = await pullPage(
            ctx.storage,
            { workspaceId: auth.workspace.id, agentId: auth.agent.id },
            frame,
          );
          return send({ type: 'sync.page', ...page });
        }
        case 'message.send': {
          void ctx.presence.activity(auth.workspace.id, auth.agent.id).catch(() => {});
          const sent = await ctx.chat.sendAgentMessage(auth, frame);
          send({ type: 'message.ack', clientId: frame.clientId, message: sent.message });
          return sent.fanOut();
        }
        case 'conversation.read': {
          const committed = await ctx.chat.markRead(auth, frame.conversationId);
          send({ type: 'ack', clientId: frame.clientId });
          return committed.fanOut();
        }
        case 'conversation.assign': {
          const committed = await ctx.chat.assign(auth, frame.conversationId, frame.assigneeId);
          send({ type: 'ack', clientId: frame.clientId });
          return committed.fanOut();
        }
        case 'conversation.transfer':
        case 'conversation.close':
        case 'conversation.reopen': {
          const writes = ctx.routingWrites;
          if (frame.type === 'conversation.transfer')
            await writes.transfer(auth, frame.conversationId, frame.toAgentId);
          else if (frame.type === 'conversation.close')
            await writes.close(auth, frame.conversationId);
          else await writes.reopen(auth, frame.conversationId);
          // Published to agents and visitors inside the routing write, after commit.
          return send({ type: 'ack', clientId: frame.clientId });
        }
        case 'agent.activity':
          return ctx.presence.activity(auth.workspace.id, auth.agent.id);
        case 'macro.use': {
          // S15: counted once per client id; a macro that is gone (or not the agent's to see)
          // has nothing to count, so that use is acknowledged too.
          const used = await ctx.storage.useMacro({
            workspaceId: auth.workspace.id,
            agentId: auth.agent.id,
            macroId: frame.macroId,
            clientId: frame.clientId,
            now: ctx.now(),
          });
          send({ type: 'ack', clientId: frame.clientId });
          if (used.status === 'counted')
            await ctx.chat.publishChanges(auth.workspace.id, used.changes);
          return;
        }
        case 'agent.status':
          auth.agent = await ctx.routingWrites.setStatus(auth, frame.status);
          return;
        case 'hello':
          return;
      }
    },
  };
}

/** /ws/agent: the extension's one socket. Hello carries the session token. */
export function registerAgentSocket(app: FastifyInstance, ctx: AppContext): void {
  app.get('/ws/agent', { websocket: true }, (socket, request) => {
    serveSocket<AgentClientFrame, AgentServerFrame>({
      socket,
      tracker: ctx.sockets,
      helloTimeoutMs: ctx.helloTimeoutMs,
      schema: AgentClientFrameSchema,
      log: request.log,
      async hello(frame, send, fatal) {
        const auth = await authenticateToken(ctx.storage, frame.token, ctx.now());
        if (!auth) return 'unauthorized';
        const session = agentSession(ctx, auth, send, fatal);
        try {
          // Back from offline to the status the agent chose (R1); counted until dispose.
          const status = await ctx.presence.connected(auth.workspace.id, auth.agent.id);
          if (status) auth.agent = { ...auth.agent, status };
          const head = await ctx.storage.getSyncHead(auth.workspace.id);
          if (!head) throw new NotFoundError('Your workspace');
          send({
            type: 'welcome',
            protocolVersion: PROTOCOL_VERSION,
            agent: auth.agent,
            workspace: auth.workspace,
            syncEpoch: head.epoch,
            headSeq: head.headSeq,
          });
        } catch (error) {
          session.dispose();
          throw error;
        }
        session.start();
        return session;
      },
    });
  });
}
