import type { FastifyInstance } from 'fastify';
import {
  LoginRequestSchema,
  SetStatusRequestSchema,
  type LoginResponse,
  type MeResponse,
} from '../../protocol';
import { verifyAgainstDummy, verifyPassword } from '../auth/password';
import { bearerToken, createSession } from '../auth/sessions';
import { hashToken } from '../auth/tokens';
import type { AppContext } from '../context';
import { InvalidCredentialsError, RateLimitedError, UnauthorizedError } from '../errors';
import { parseOrThrow } from '../validation';
import { requireAgent } from './require-agent';

/** /api/auth/login, /api/auth/logout, /api/me, /api/me/status */
export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/auth/login', async (request): Promise<LoginResponse> => {
    const { email, password } = parseOrThrow(LoginRequestSchema, request.body);
    const ip = request.ip;
    const attemptAt = ctx.now();
    const wait = ctx.limiter.retryAfterSeconds(email, ip, attemptAt);
    if (wait > 0) throw new RateLimitedError(wait);
    // Counted as a failure until the password checks out.
    ctx.limiter.recordFailure(email, ip, attemptAt);

    const found = await ctx.storage.findAgentByEmail(email);
    const ok = found
      ? await verifyPassword(password, found.passwordHash)
      : await verifyAgainstDummy(password);
    const workspace = found && ok ? await ctx.storage.getWorkspace(found.agent.workspaceId) : null;
    if (!found || !ok || !workspace) {
      request.log.info({ ip }, 'failed sign-in');
      throw new InvalidCredentialsError();
    }
    ctx.limiter.recordSuccess(email, ip, attemptAt);
    const session = await createSession(ctx.storage, found.agent, ctx.now());
    return { ...session, agent: found.agent, workspace };
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthorizedError('Send the token to sign out as Authorization: Bearer.');
    const tokenHash = hashToken(token);
    const session = await ctx.storage.findSession(tokenHash);
    await ctx.storage.deleteSession(tokenHash);
    // Sockets opened with this token close too: signing out ends the live feed at once.
    if (session) await ctx.hub.publish(session.workspaceId, { to: 'session-revoked', tokenHash });
    return reply.code(204).send();
  });

  app.get('/api/me', async (request): Promise<MeResponse> => {
    const { agent, workspace } = await requireAgent(ctx, request);
    return { agent, workspace };
  });

  app.put('/api/me/status', async (request): Promise<MeResponse> => {
    const auth = await requireAgent(ctx, request);
    const { status } = parseOrThrow(SetStatusRequestSchema, request.body);
    const agent = await ctx.routingWrites.setStatus(auth, status);
    return { agent, workspace: auth.workspace };
  });
}
