import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IdSchema, type Agent } from '../../protocol';
import type { AppContext } from '../context';
import { parseOrThrow } from '../validation';
import { requireAdmin } from './require-admin';

const ParamsSchema = z.object({ id: IdSchema });
/** The value is checked by routing's validateCapacity, whose message says what to enter. */
const BodySchema = z.object({ capacity: z.unknown() });

/** Admins set an agent's chat slots (R5): `PATCH /api/admin/agents/:id {capacity}`. */
export function registerAdminAgentRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.patch('/api/admin/agents/:id', async (request): Promise<{ agent: Agent }> => {
    const auth = await requireAdmin(ctx, request, "change an agent's chat slots");
    const { id } = parseOrThrow(ParamsSchema, request.params);
    const { capacity } = parseOrThrow(BodySchema, request.body ?? {});
    const agent = await ctx.routingWrites.setCapacity(auth.workspace.id, id, capacity);
    return { agent };
  });
}
