import type { FastifyInstance } from 'fastify';
import { VisitorSessionRequestSchema, type VisitorSessionResponse } from '../../protocol';
import { startVisitorSession } from '../chat/visitors';
import type { AppContext } from '../context';
import { RateLimitedError } from '../errors';
import { parseOrThrow } from '../validation';

/** POST /api/visitor/session: the widget starts or resumes an anonymous visitor. */
export function registerVisitorRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/visitor/session', async (request): Promise<VisitorSessionResponse> => {
    const body = parseOrThrow(VisitorSessionRequestSchema, request.body);
    return startVisitorSession(
      ctx.storage,
      body,
      ctx.now(),
      (workspaceId, changes) => ctx.chat.publishChanges(workspaceId, changes),
      () => {
        const wait = ctx.visitorLimiter.take(`ip:${request.ip}`, ctx.now());
        if (wait > 0) throw new RateLimitedError(wait, 'Too many new chats from this address.');
      },
    );
  });
}
