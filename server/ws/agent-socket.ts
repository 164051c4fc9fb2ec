import type { FastifyInstance } from 'fastify';
import {
  AgentClientFrameSchema,
  PROTOCOL_VERSION,
  type AgentClientFrame,
  type AgentServerFrame,
  type FatalReason,
} from '../../protocol';
import { authenticateToken, type AgentAuth } from '../auth/sessions';
import type { AppContext } from '../context';
import { serveSocket, type FrameSession } from './serve-socket';

function agentSession(
  ctx: AppContext,
  auth: AgentAuth,
  send: (frame: AgentServerFrame) => void,
  fatal: (reason: FatalReason) => void,
): FrameSession<AgentClientFrame> {
  const unsubscribe = ctx.hub.subscribe(auth.workspace.id, (event) => {
    if (event.to === 'agents') send(event.frame);
    if (event.to === 'session-revoked' && event.tokenHash === auth.tokenHash) fatal('unauthorized');
  });
  return {
    dispose: unsubscribe,
    async handle(frame) {
      switch (frame.type) {
        case 'ping':
          return send({ type: 'pong' });
        case 'message.send': {
          const sent = await ctx.chat.sendAgentMessage(auth, frame);
          send({ type: 'message.ack', clientId: frame.clientId, message: sent.message });
          return sent.fanOut();
        }
        case 'conversation.read':
          await ctx.chat.markRead(auth, frame.conversationId);
          return;
        case 'agent.status':
          auth.agent = await ctx.chat.setStatus(auth, frame.status);
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
        send({
          type: 'welcome',
          protocolVersion: PROTOCOL_VERSION,
          agent: auth.agent,
          workspace: auth.workspace,
        });
        return agentSession(ctx, auth, send, fatal);
      },
    });
  });
}
