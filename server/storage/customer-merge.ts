import type { Selectable, Transaction } from 'kysely';
import {
  IDENTITIES_KEPT_PER_CUSTOMER,
  MAX_TAGS,
  PAGES_KEPT_PER_CUSTOMER,
  type Change,
  type CustomerIdentity,
} from '../../protocol';
import { parseIdentities, parsePage, parseTags } from './customer-fields';
import { toConversation, toCustomer, toMessage } from './mappers';
import type { CustomerTable, Database } from './schema';
import { change, takeSeqs } from './sync-log';

// Helpers for identify and merge, inside a write transaction that already holds the workspace's
// seq lock (takeSeqs first), so every read here is current until commit.

export type CustomerRow = Selectable<CustomerTable>;

export async function selectCustomer(
  trx: Transaction<Database>,
  workspaceId: string,
  customerId: string,
): Promise<CustomerRow | undefined> {
  return trx
    .selectFrom('customers')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', customerId)
    .executeTakeFirst();
}

/**
 * Claims combined by (kind, value): verified if either was, latest time; newest first, capped.
 * The cap drops the oldest claims, unverified ones before verified ones.
 */
export function mergeIdentities(...lists: CustomerIdentity[][]): CustomerIdentity[] {
  const byKey = new Map<string, CustomerIdentity>();
  for (const claim of lists.flat()) {
    const key = `${claim.kind}\u0000${claim.value}`;
    const seen = byKey.get(key);
    byKey.set(
      key,
      seen
        ? { ...seen, verified: seen.verified || claim.verified, at: Math.max(seen.at, claim.at) }
        : claim,
    );
  }
  const all = [...byKey.values()].sort((a, b) => b.at - a.at);
  const verified = all.filter((c) => c.verified).slice(0, IDENTITIES_KEPT_PER_CUSTOMER);
  const room = IDENTITIES_KEPT_PER_CUSTOMER - verified.length;
  const kept = new Set([...verified, ...all.filter((c) => !c.verified).slice(0, room)]);
  return all.filter((c) => kept.has(c));
}

/** Keep the customer's latest PAGES_KEPT_PER_CUSTOMER pages. */
export async function capPages(
  trx: Transaction<Database>,
  workspaceId: string,
  customerId: string,
): Promise<void> {
  await trx
    .deleteFrom('customer_pages')
    .where('workspace_id', '=', workspaceId)
    .where('customer_id', '=', customerId)
    .where('id', 'not in', (eb) =>
      eb
        .selectFrom('customer_pages')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', '=', customerId)
        .orderBy('visited_at', 'desc')
        .orderBy('id', 'desc')
        .limit(PAGES_KEPT_PER_CUSTOMER),
    )
    .execute();
}

const earliest = (a: number | null, b: number | null, fallback: number): number =>
  Math.min(Number(a ?? fallback), Number(b ?? fallback));

function laterPage(a: string | null, b: string | null): string | null {
  const pa = parsePage(a);
  const pb = parsePage(b);
  if (!pa) return b;
  if (!pb) return a;
  return pa.at >= pb.at ? a : b;
}

/**
 * Move everything of the anonymous visitor `from` to the known customer `into`: conversations,
 * the visitor's own messages (their author), pages and tokens; mark `from` as merged into `into`.
 * Returns the changes of the moved rows and of `from`, each at a new seq, and the profile fields
 * `into` takes over from `from` (the caller writes `into` with them).
 */
export async function moveCustomer(
  trx: Transaction<Database>,
  workspaceId: string,
  from: CustomerRow,
  into: CustomerRow,
): Promise<{ changes: Change[]; fields: Partial<CustomerRow> }> {
  const conversations = await trx
    .selectFrom('conversations')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('customer_id', '=', from.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const messages = await trx
    .selectFrom('messages')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('author_kind', '=', 'customer')
    .where('author_id', '=', from.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  let seq = await takeSeqs(trx, workspaceId, messages.length + conversations.length + 1);
  const changes: Change[] = [];
  for (const { id } of messages) {
    const row = await trx
      .updateTable('messages')
      .set({ author_id: into.id, seq })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    changes.push(change(seq++, 'message', toMessage(row)));
  }
  for (const { id } of conversations) {
    const row = await trx
      .updateTable('conversations')
      .set({ customer_id: into.id, seq })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    changes.push(change(seq++, 'conversation', toConversation(row)));
  }
  await trx
    .updateTable('customer_pages')
    .set({ customer_id: into.id })
    .where('workspace_id', '=', workspaceId)
    .where('customer_id', '=', from.id)
    .execute();
  await capPages(trx, workspaceId, into.id);
  await trx
    .updateTable('visitor_tokens')
    .set({ customer_id: into.id })
    .where('workspace_id', '=', workspaceId)
    .where('customer_id', '=', from.id)
    .execute();
  const merged = await trx
    .updateTable('customers')
    .set({ merged_into_id: into.id, seq })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', from.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  changes.push(change(seq, 'customer', toCustomer(merged)));

  const notes = [into.notes, from.notes].filter((n) => n?.trim()).join('\n\n');
  const fields: Partial<CustomerRow> = {
    name: into.name ?? from.name,
    email: into.email ?? from.email,
    phone: into.phone ?? from.phone,
    notes: notes || null,
    tags: JSON.stringify(
      [...new Set([...parseTags(into.tags), ...parseTags(from.tags)])].slice(0, MAX_TAGS),
    ),
    identities: JSON.stringify(
      mergeIdentities(parseIdentities(into.identities), parseIdentities(from.identities)),
    ),
    first_seen_at: earliest(
      into.first_seen_at ?? into.created_at,
      from.first_seen_at ?? from.created_at,
      Number(into.created_at),
    ),
    last_page: laterPage(into.last_page, from.last_page),
  };
  return { changes, fields };
}
