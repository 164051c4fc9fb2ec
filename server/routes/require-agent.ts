import type { FastifyRequest } from 'fastify';
import { authenticateToken, bearerToken, type AgentAuth } from '../auth/sessions';
import type { AppContext } from '../context';
import { UnauthorizedError } from '../errors';

/** The signed-in agent behind `Authorization: Bearer <token>`, or a 401. */
export async function requireAgent(ctx: AppContext, request: FastifyRequest): Promise<AgentAuth> {
  const token = bearerToken(request.headers.authorization);
  if (!token) {
    throw new UnauthorizedError('Sign in first: send Authorization: Bearer <token> from login.');
  }
  const auth = await authenticateToken(ctx.storage, token, ctx.now());
  if (!auth) throw new UnauthorizedError();
  return auth;
}
