import type { FastifyInstance } from 'fastify';
import {
  VisitorIdentifyRequestSchema,
  VisitorPageRequestSchema,
  type IdentitySecretResponse,
  type VisitorIdentifyResponse,
} from '../../protocol';
import { hashToken } from '../auth/tokens';
import { WindowLimiter, type WindowLimits } from '../auth/window-limit';
import type { AppContext } from '../context';
import { NotFoundError, RateLimitedError } from '../errors';
import { identifyVisitor, reportPage } from '../identity/identify';
import { parseOrThrow } from '../validation';
import { requireAdmin } from './require-admin';

/** Identify and page reports per visitor token: far above a person browsing, below a loop. */
export const VISITOR_REPORT_LIMITS: WindowLimits = { limit: 300, windowMs: 10 * 60 * 1000 };

/**
 * The widget's identify and page reports (visitor token in the body, like the session), and the
 * admins' identity secret: read it to set up the site's backend, rotate it when it leaked.
 */
export function registerIdentityRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  limits: WindowLimits = VISITOR_REPORT_LIMITS,
): void {
  const limiter = new WindowLimiter(limits);
  const admit = (visitorToken: string) => {
    const wait = limiter.take(hashToken(visitorToken), ctx.now());
    if (wait > 0) throw new RateLimitedError(wait, 'Too many identify calls or page reports.');
  };

  app.post('/api/visitor/identify', async (request): Promise<VisitorIdentifyResponse> => {
    const body = parseOrThrow(VisitorIdentifyRequestSchema, request.body);
    admit(body.visitorToken);
    return identifyVisitor(ctx, body);
  });

  app.post('/api/visitor/page', async (request, reply) => {
    const body = parseOrThrow(VisitorPageRequestSchema, request.body);
    admit(body.visitorToken);
    await reportPage(ctx, body);
    return reply.code(204).send();
  });

  app.get('/api/admin/identity-secret', async (request, reply): Promise<IdentitySecretResponse> => {
    const { workspace } = await requireAdmin(ctx, request, 'see the identity secret');
    const secret = await ctx.storage.getIdentitySecret(workspace.id, ctx.now());
    if (!secret) throw new NotFoundError('Your workspace');
    reply.header('Cache-Control', 'no-store');
    return secret;
  });

  app.post(
    '/api/admin/identity-secret/rotate',
    async (request, reply): Promise<IdentitySecretResponse> => {
      const { workspace } = await requireAdmin(ctx, request, 'rotate the identity secret');
      const secret = await ctx.storage.rotateIdentitySecret(workspace.id, ctx.now());
      if (!secret) throw new NotFoundError('Your workspace');
      reply.header('Cache-Control', 'no-store');
      return secret;
    },
  );
}
