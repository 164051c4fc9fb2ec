import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CustomerPatchRequestSchema, IdSchema, type CustomerProfileResponse } from '../../protocol';
import type { AppContext } from '../context';
import { NotFoundError } from '../errors';
import { parseOrThrow } from '../validation';
import { requireAgent } from './require-agent';

const ParamsSchema = z.object({ id: IdSchema });
const CUSTOMER = 'The customer';

/** /api/customers/:id: the profile agents see, and their edits (name, phone, notes, tags). */
export function registerCustomerRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/customers/:id', async (request): Promise<CustomerProfileResponse> => {
    const auth = await requireAgent(ctx, request);
    const { id } = parseOrThrow(ParamsSchema, request.params);
    const profile = await ctx.storage.getCustomerProfile(auth.workspace.id, id);
    if (!profile) throw new NotFoundError(CUSTOMER);
    return profile;
  });

  app.patch('/api/customers/:id', async (request) => {
    const auth = await requireAgent(ctx, request);
    const { id } = parseOrThrow(ParamsSchema, request.params);
    const patch = parseOrThrow(CustomerPatchRequestSchema, request.body);
    const written = await ctx.storage.updateCustomer(auth.workspace.id, id, patch);
    if (!written) throw new NotFoundError(CUSTOMER);
    await ctx.chat.publishChanges(auth.workspace.id, written.changes);
    return { customer: written.customer };
  });
}
