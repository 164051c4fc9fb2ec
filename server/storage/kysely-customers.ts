import type { Kysely } from 'kysely';
import { uuidv7, type Customer, type CustomerConversation, type PageView } from '../../protocol';
import { parsePage } from './customer-fields';
import { capPages, selectCustomer } from './customer-merge';
import { toCustomer } from './mappers';
import type { Database } from './schema';
import type { RapportStorage, Written } from './storage';
import { change, takeSeqs, UnknownWorkspaceError, writeTransaction } from './sync-log';

type CustomerMethods = 'recordPageView' | 'getCustomerProfile' | 'updateCustomer';

/** The same page reported again within this time is not stored again (a reload, a second tab). */
export const SAME_PAGE_QUIET_MS = 5 * 60 * 1000;
/** Conversations listed in a profile, newest first. */
export const PROFILE_CONVERSATIONS = 100;

type CustomerWrite = Written<{ customer: Customer }> | null;

/** Page reports and profile reads and edits over Kysely. */
export function customerStore(db: Kysely<Database>): Pick<RapportStorage, CustomerMethods> {
  /** The customer, or the one it was merged into. */
  const resolve = async (workspaceId: string, customerId: string) => {
    const base = db.selectFrom('customers').selectAll().where('workspace_id', '=', workspaceId);
    const row = await base.where('id', '=', customerId).executeTakeFirst();
    if (!row?.merged_into_id) return row;
    return base.where('id', '=', row.merged_into_id).executeTakeFirst();
  };

  return {
    recordPageView({ workspaceId, customerId, url, title, now }) {
      return writeTransaction<CustomerWrite>(db, async (trx, abort) => {
        const seq = await takeSeqs(trx, workspaceId, 1).catch((error: unknown) => {
          if (error instanceof UnknownWorkspaceError) return abort(null);
          throw error;
        });
        const current = await selectCustomer(trx, workspaceId, customerId);
        if (!current || current.merged_into_id) return abort(null);
        const last = parsePage(current.last_page);
        if (last?.url === url && last.title === title && now - last.at < SAME_PAGE_QUIET_MS) {
          return abort({ customer: toCustomer(current), changes: [] });
        }
        await trx
          .insertInto('customer_pages')
          .values({
            id: uuidv7(now),
            workspace_id: workspaceId,
            customer_id: customerId,
            url,
            title,
            visited_at: now,
          })
          .execute();
        await capPages(trx, workspaceId, customerId);
        const page: PageView = { url, title, at: now };
        const row = await trx
          .updateTable('customers')
          .set({ last_page: JSON.stringify(page), last_seen_at: now, seq })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', customerId)
          .returningAll()
          .executeTakeFirstOrThrow();
        const customer = toCustomer(row);
        return { customer, changes: [change(seq, 'customer', customer)] };
      });
    },

    async getCustomerProfile(workspaceId, customerId) {
      const row = await resolve(workspaceId, customerId);
      if (!row) return null;
      const conversations = await db
        .selectFrom('conversations as c')
        .leftJoin('agents as a', (join) =>
          join.onRef('a.id', '=', 'c.assignee_id').onRef('a.workspace_id', '=', 'c.workspace_id'),
        )
        .select([
          'c.id',
          'c.status',
          'c.assignee_id',
          'a.name as assignee_name',
          'c.created_at',
          'c.last_activity_at',
        ])
        .where('c.workspace_id', '=', workspaceId)
        .where('c.customer_id', '=', row.id)
        .orderBy('c.created_at', 'desc')
        .orderBy('c.id', 'desc')
        .limit(PROFILE_CONVERSATIONS)
        .execute();
      const pages = await db
        .selectFrom('customer_pages')
        .select(['url', 'title', 'visited_at'])
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', '=', row.id)
        .orderBy('visited_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return {
        customer: toCustomer(row),
        conversations: conversations.map((c): CustomerConversation => ({
          id: c.id,
          status: c.status,
          assigneeId: c.assignee_id,
          assigneeName: c.assignee_name ?? null,
          createdAt: Number(c.created_at),
          lastMessageAt: Number(c.last_activity_at),
        })),
        pages: pages.map((p) => ({ url: p.url, title: p.title, at: Number(p.visited_at) })),
      };
    },

    async updateCustomer(workspaceId, customerId, patch) {
      const target = await resolve(workspaceId, customerId);
      if (!target) return null;
      return writeTransaction<CustomerWrite>(db, async (trx, abort) => {
        const seq = await takeSeqs(trx, workspaceId, 1);
        const current = await selectCustomer(trx, workspaceId, target.id);
        if (!current) return abort(null);
        const fields = {
          ...(patch.name !== undefined ? { name: patch.name || null } : {}),
          ...(patch.phone !== undefined ? { phone: patch.phone || null } : {}),
          ...(patch.notes !== undefined ? { notes: patch.notes || null } : {}),
          ...(patch.tags !== undefined ? { tags: JSON.stringify(patch.tags) } : {}),
        };
        const same = (Object.keys(fields) as (keyof typeof fields)[]).every(
          (key) => (current[key] ?? null) === fields[key],
        );
        if (same) return abort({ customer: toCustomer(current), changes: [] });
        const row = await trx
          .updateTable('customers')
          .set({ ...fields, seq })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', target.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const customer = toCustomer(row);
        return { customer, changes: [change(seq, 'customer', customer)] };
      });
    },
  };
}
