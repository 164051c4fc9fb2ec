import type { Kysely, Transaction } from 'kysely';
import type { Conversation } from '../../protocol';
import { toConversation, toCustomer } from './mappers';
import type { ConversationTable, Database } from './schema';
import type { AssignResult, RapportStorage, Written } from './storage';
import { change, takeSeqs, UnknownWorkspaceError, writeTransaction } from './sync-log';

type ConversationMethods =
  | 'listConversations'
  | 'getConversation'
  | 'findLatestConversation'
  | 'setConversationStatus'
  | 'markConversationRead'
  | 'assignConversation';

type Patch = Partial<Pick<ConversationTable, 'status' | 'unread_count' | 'assignee_id'>>;

/**
 * Apply `patch` to a conversation in a write transaction that takes one seq, unless the
 * conversation already has those values or `check` refuses (then it rolls back: no seq is used).
 */
async function patchConversation(
  db: Kysely<Database>,
  workspaceId: string,
  conversationId: string,
  patch: Patch,
  check?: (trx: Transaction<Database>) => Promise<boolean>,
): Promise<Written<{ conversation: Conversation }> | null> {
  type Outcome = Written<{ conversation: Conversation }> | null;
  return writeTransaction<Outcome>(db, async (trx, abort) => {
    // Seq first: on Postgres its row lock makes the read below current until commit.
    const seq = await takeSeqs(trx, workspaceId, 1).catch((error: unknown) => {
      if (error instanceof UnknownWorkspaceError) return abort(null);
      throw error;
    });
    const current = await trx
      .selectFrom('conversations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', conversationId)
      .executeTakeFirst();
    if (!current) return abort(null);
    const same = (Object.keys(patch) as (keyof Patch)[]).every((k) => current[k] === patch[k]);
    if (same) return abort({ conversation: toConversation(current), changes: [] });
    if (check && !(await check(trx))) return abort(null);
    const row = await trx
      .updateTable('conversations')
      .set({ ...patch, seq })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', conversationId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const conversation = toConversation(row);
    return { conversation, changes: [change(seq, 'conversation', conversation)] };
  });
}

/** Conversation reads and the writes that change one conversation's fields. */
export function conversationStore(db: Kysely<Database>): Pick<RapportStorage, ConversationMethods> {
  return {
    async listConversations(workspaceId, { closedLimit }) {
      const base = db
        .selectFrom('conversations')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('last_activity_at', 'desc')
        .orderBy('id', 'desc');
      const open = await base.where('status', '=', 'open').execute();
      const closed = await base.where('status', '=', 'closed').limit(closedLimit).execute();
      const conversations: Conversation[] = [...open, ...closed].map(toConversation);
      const customerIds = [...new Set(conversations.map((c) => c.customerId))];
      const customers =
        customerIds.length === 0
          ? []
          : await db
              .selectFrom('customers')
              .selectAll()
              .where('workspace_id', '=', workspaceId)
              .where('id', 'in', customerIds)
              .execute();
      return { conversations, customers: customers.map(toCustomer) };
    },
    async getConversation(workspaceId, conversationId) {
      const row = await db
        .selectFrom('conversations')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', conversationId)
        .executeTakeFirst();
      return row ? toConversation(row) : null;
    },
    async findLatestConversation(workspaceId, customerId) {
      const row = await db
        .selectFrom('conversations')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', '=', customerId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row ? toConversation(row) : null;
    },
    setConversationStatus: (workspaceId, conversationId, status) =>
      patchConversation(db, workspaceId, conversationId, { status }),
    markConversationRead: (workspaceId, conversationId) =>
      patchConversation(db, workspaceId, conversationId, { unread_count: 0 }),
    async assignConversation(workspaceId, conversationId, assigneeId): Promise<AssignResult> {
      let assigneeMissing = false;
      const written = await patchConversation(
        db,
        workspaceId,
        conversationId,
        { assignee_id: assigneeId },
        async (trx) => {
          if (assigneeId === null) return true;
          const agent = await trx
            .selectFrom('agents')
            .select('id')
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', assigneeId)
            .executeTakeFirst();
          assigneeMissing = !agent;
          return !assigneeMissing;
        },
      );
      if (assigneeMissing) return { status: 'assignee_not_found' };
      return written ? { status: 'assigned', ...written } : { status: 'not_found' };
    },
  };
}
