import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  PROTOCOL_VERSION,
  VisitorClientFrameSchema,
  type Customer,
  type VisitorClientFrame,
  type VisitorServerFrame,
} from '../../protocol';
import { authenticateVisitor, visitorHistory } from '../chat/visitors';
import type { AppContext } from '../context';
import { holdUntilStarted } from './held-frames';
import { serveSocket, type FrameSession } from './serve-socket';

/** Subscribes at once; events wait for `start()`, called after the welcome (holdUntilStarted). */
function visitorSession(
  ctx: AppContext,
  customer: Customer,
  send: (frame: VisitorServerFrame) => void,
): FrameSession<VisitorClientFrame> & { start(): void } {
  const connectionId = randomUUID();
  const live = holdUntilStarted(send);
  const unsubscribe = ctx.hub.subscribe(customer.workspaceId, (event) => {
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
        const session = visitorSession(ctx, found.customer, send);
        const history = await visitorHistory(ctx.storage, found.customer).catch(
          (error: unknown) => {
            session.dispose();
            throw error;
          },
        );
        send({
          type: 'welcome',
          protocolVersion: PROTOCOL_VERSION,
          customer: found.customer,
          ...history,
        });
        session.start();
        return session;
      },
    });
  });
}
