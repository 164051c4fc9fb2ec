import type { FastifyRequest } from 'fastify';
import type { AgentAuth } from '../auth/sessions';
import type { AppContext } from '../context';
import { ForbiddenError } from '../errors';
import { requireAgent } from './require-agent';

/** The signed-in agent if they are an admin of their workspace; else a 401 or a 403. */
export async function requireAdmin(
  ctx: AppContext,
  request: FastifyRequest,
  what: string,
): Promise<AgentAuth> {
  const auth = await requireAgent(ctx, request);
  if (auth.agent.role !== 'admin') {
    throw new ForbiddenError(`Only admins can ${what}. Ask an admin of your workspace.`);
  }
  return auth;
}
