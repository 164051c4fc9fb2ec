import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  PROTOCOL_VERSION,
  VisitorClientFrameSchema,
  type Customer,
  type VisitorClientFrame,
  type VisitorServerFrame,
} from '../../protocol';
import { hashToken } from '../auth/tokens';
import { authenticateVisitor, visitorHistory } from '../chat/visitors';
import type { AppContext } from '../context';
import { visitorCustomer } from '../identity/visitor-customer';
import { holdUntilStarted } from './held-frames';
import { serveSocket, type FrameSession } from './serve-socket';

/** Not fatal (the widget reconnects at once, with backoff): "service restart". */
export const VISITOR_MOVED_CLOSE_CODE = 1012;

/** Subscribes at once; events wait for `start()`, called after the welcome (holdUntilStarted). */
function visitorSession(
  ctx: AppContext,
  customer: Customer,
  tokenHash: string,
  send: (frame: VisitorServerFrame) => void,
  /** Close so the widget reconnects: the token now stands for another customer (identify). */
  moved: () => void,
): FrameSession<VisitorClientFrame> & { start(): void } {
  const connectionId = randomUUID();
  const live = holdUntilStarted(send);
  const unsubscribe = ctx.hub.subscribe(customer.workspaceId, (event) => {
    if (event.to === 'visitor-moved') {
      const mine =
        'tokenHash' in event ? event.tokenHash === tokenHash : event.customerId === customer.id;
      if (mine) moved();
      return;
    }
    if (event.to !== 'customer' || event.customerId !== customer.id) return;
    if (event.exceptConnectionId !== connectionId) live.deliver(event.frame);
  });
  return {
    start: live.start,
    dispose: unsubscribe,
    async handle(frame) {
      switch (frame.type) {
        case 'ping':
          return send({ type: 'pong' });
        case 'message.send': {
          // A merge may have committed before this socket heard of it: never write as the old one.
          const current = await ctx.storage.findCustomerByVisitorToken(
            customer.workspaceId,
            tokenHash,
          );
          if (current?.id !== customer.id) return moved();
          const sent = await ctx.chat.sendCustomerMessage(customer, frame, connectionId);
          send({ type: 'message.ack', clientId: frame.clientId, message: sent.message });
          return sent.fanOut();
        }
        case 'hello':
          return;
      }
    },
  };
}

/** /ws/visitor: the widget's socket. Hello carries the workspace id and the visitor token. */
export function registerVisitorSocket(app: FastifyInstance, ctx: AppContext): void {
  app.get('/ws/visitor', { websocket: true }, (socket, request) => {
    serveSocket<VisitorClientFrame, VisitorServerFrame>({
      socket,
      tracker: ctx.sockets,
      helloTimeoutMs: ctx.helloTimeoutMs,
      schema: VisitorClientFrameSchema,
      log: request.log,
      async hello(frame, send) {
        const found = await authenticateVisitor(ctx.storage, frame.workspaceId, frame.visitorToken);
        if (!found) return 'unauthorized';
        const session = visitorSession(
          ctx,
          found.customer,
          hashToken(frame.visitorToken),
          send,
          () => socket.close(VISITOR_MOVED_CLOSE_CODE, 'visitor_moved'),
        );
        const history = await visitorHistory(ctx.storage, found.customer).catch(
          (error: unknown) => {
            session.dispose();
            throw error;
          },
        );
        send({
          type: 'welcome',
          protocolVersion: PROTOCOL_VERSION,
          customer: visitorCustomer(found.customer),
          ...history,
        });
        // Waiting for a free chat slot: the visitor's place in line (R7).
        const waiting = history.conversation;
        if (waiting?.status === 'open' && waiting.assigneeId === null) {
          const position = await ctx.routing.position(waiting.workspaceId, waiting.id);
          if (position !== null)
            send({ type: 'queue.position', conversationId: waiting.id, position });
        }
        session.start();
        return session;
      },
    });
  });
}
