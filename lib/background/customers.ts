import type { ApiClient } from '../api';
import type { CustomerProfileRow, RapportDb } from '../db';
import type { Failure, Result } from '../messages';
import type {
  Conversation,
  Customer,
  CustomerPatchRequest,
  CustomerProfileResponse,
} from '../../protocol';

/** Cache writes after the server answered: the change is made, so a cache that fails only logs. */
async function cached(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if ((error as Error).name === 'DatabaseClosedError') return; // signed out meanwhile
    console.warn('Rapport could not cache a customer change:', error);
  }
}

/**
 * customer.profile: fetch GET /api/customers/:id and cache it under the id asked for (and, for a
 * merged visitor, under the id of the customer it merged into). A failure keeps the cached one.
 */
export async function fetchCustomerProfile(
  db: RapportDb,
  api: ApiClient,
  customerId: string,
  now = Date.now(),
): Promise<Result<{ profile: CustomerProfileResponse }>> {
  const answer = await api.customerProfile(customerId);
  if (!answer.ok) return answer;
  const profile: CustomerProfileResponse = {
    customer: answer.customer,
    conversations: answer.conversations,
    pages: answer.pages,
  };
  const ids = new Set([customerId, profile.customer.id]);
  const rows: CustomerProfileRow[] = [...ids].map((id) => ({
    customerId: id,
    ...profile,
    fetchedAt: now,
  }));
  await cached(() => db.customerProfiles.bulkPut(rows));
  return { ok: true, profile };
}

/** The fields a patch changed, as the server saved them. */
function patchedFields(customer: Customer, patch: CustomerPatchRequest): Partial<Customer> {
  const fields: Partial<Customer> = {};
  if (patch.name !== undefined) fields.name = customer.name;
  if (patch.phone !== undefined) fields.phone = customer.phone ?? null;
  if (patch.notes !== undefined) fields.notes = customer.notes ?? '';
  if (patch.tags !== undefined) fields.tags = customer.tags ?? [];
  return fields;
}

/**
 * customer.update: PATCH the customer and cache the fields it changed at once (the change also
 * arrives through sync). Only the patched fields are written, so a newer synced change of other
 * fields is not undone by this answer.
 */
export async function updateCustomer(
  db: RapportDb,
  api: ApiClient,
  customerId: string,
  patch: CustomerPatchRequest,
): Promise<Result<{ customer: Customer }>> {
  const answer = await api.updateCustomer(customerId, patch);
  if (!answer.ok) return answer;
  const { customer } = answer;
  const fields = patchedFields(customer, patch);
  await cached(() =>
    db.transaction('rw', [db.customers, db.customerProfiles], async () => {
      const updated = await db.customers.update(customer.id, fields);
      if (updated === 0) await db.customers.put(customer);
      for (const id of new Set([customerId, customer.id])) {
        await db.customerProfiles.update(id, (row) => {
          row.customer = { ...row.customer, ...fields };
        });
      }
    }),
  );
  return { ok: true, customer };
}

/**
 * customer.openConversation: a conversation the cache does not hold (sync has not brought it)
 * is put from the cached profile, so the side panel can select it; opening it fetches its
 * messages. A cached conversation is left as it is.
 */
export async function ensureConversation(
  db: RapportDb,
  customerId: string,
  conversationId: string,
): Promise<Result<object>> {
  if (await db.conversations.get(conversationId)) return { ok: true };
  const profile = await db.customerProfiles.get(customerId);
  const past = profile?.conversations.find((c) => c.id === conversationId);
  if (!profile || !past) {
    const failure: Failure = {
      ok: false,
      code: 'not_found',
      message:
        'This conversation is not in this browser yet. Reload the customer history and try again.',
    };
    return failure;
  }
  const conversation: Conversation = {
    id: past.id,
    workspaceId: profile.customer.workspaceId,
    customerId: profile.customer.id,
    status: past.status,
    assigneeId: past.assigneeId,
    createdAt: past.createdAt,
    lastActivityAt: past.lastMessageAt,
    lastMessagePreview: '',
    unreadCount: 0,
  };
  // Sync may have brought it meanwhile: never replace a synced row with this sketch.
  await db.transaction('rw', db.conversations, async () => {
    if (!(await db.conversations.get(conversationId))) await db.conversations.add(conversation);
  });
  return { ok: true };
}
