import type { FastifyInstance } from 'fastify';
import { SyncPullQuerySchema, type SyncPage } from '../../protocol';
import { pullPage } from '../chat/pull';
import type { AppContext } from '../context';
import { parseOrThrow } from '../validation';
import { requireAgent } from './require-agent';

/** GET /api/sync?since=&limit=: a page of the workspace's changes (SPEC S2, S3, S14). */
export function registerSyncRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/sync', async (request): Promise<SyncPage> => {
    const auth = await requireAgent(ctx, request);
    const query = parseOrThrow(SyncPullQuerySchema, request.query);
    return pullPage(ctx.storage, { workspaceId: auth.workspace.id, agentId: auth.agent.id }, query);
  });
}
