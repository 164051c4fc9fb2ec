import type { Kysely, Transaction } from 'kysely';
import { uuidv7 } from '../../protocol';
import { isUniqueViolation, preview, toConversation, toMessage } from './mappers';
import type { ConversationTable, Database, MessageTable } from './schema';
import type { AgentMessageInput, AppendResult, CustomerMessageInput, MessagePage } from './storage';
import { change, takeSeqs, UnknownWorkspaceError, writeTransaction } from './sync-log';

// Message reads and writes, dialect-agnostic. Each append is one transaction: two seqs (S1), dedup
// check, conversation checks, insert, conversation update. Refusals and duplicates roll back, so
// they take no seq.

type Author = Pick<MessageTable, 'author_kind' | 'author_id' | 'author_name'>;

async function findByClientId(
  db: Kysely<Database>,
  workspaceId: string,
  clientId: string,
  author: Author,
): Promise<AppendResult | null> {
  const row = await db
    .selectFrom('messages')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (!row) return null;
  const sameAuthor = row.author_kind === author.author_kind && row.author_id === author.author_id;
  return sameAuthor
    ? { status: 'duplicate', message: toMessage(row) }
    : { status: 'client_id_taken' };
}

interface MessageInput {
  workspaceId: string;
  clientId: string;
  text: string;
  now: number;
}

/** Insert the message (seq) and update its conversation (seq + 1); returns the created result. */
async function insertMessage(
  trx: Transaction<Database>,
  conversation: ConversationTable,
  input: MessageInput,
  author: Author,
  seq: number,
): Promise<Extract<AppendResult, { status: 'created' }>> {
  // Strictly after the conversation's latest activity, so `before` cursors never skip a message.
  const createdAt = Math.max(input.now, Number(conversation.last_activity_at) + 1);
  const row: MessageTable = {
    id: uuidv7(createdAt),
    workspace_id: input.workspaceId,
    conversation_id: conversation.id,
    ...author,
    text: input.text,
    created_at: createdAt,
    client_id: input.clientId,
    seq,
  };
  await trx.insertInto('messages').values(row).execute();
  const updated = await trx
    .updateTable('conversations')
    .set((eb) => ({
      last_activity_at: createdAt,
      last_message_preview: preview(row.text),
      seq: seq + 1,
      ...(author.author_kind === 'customer'
        ? { unread_count: eb('unread_count', '+', 1) }
        : { assignee_id: conversation.assignee_id ?? author.author_id }),
    }))
    .where('workspace_id', '=', input.workspaceId)
    .where('id', '=', conversation.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const message = toMessage(row);
  const conversationModel = toConversation(updated);
  return {
    status: 'created',
    message,
    conversation: conversationModel,
    conversationCreated: false,
    changes: [change(seq, 'message', message), change(seq + 1, 'conversation', conversationModel)],
  };
}

/**
 * The append transaction: takes the two seqs first (on Postgres that locks the workspace's
 * writers until commit), checks the client id again under that lock, then runs `append`.
 */
function appendTransaction(
  db: Kysely<Database>,
  input: MessageInput,
  author: Author,
  append: (
    trx: Transaction<Database>,
    seq: number,
    abort: (r: AppendResult) => never,
  ) => Promise<AppendResult>,
): Promise<AppendResult> {
  return writeTransaction<AppendResult>(db, async (trx, abort) => {
    const seq = await takeSeqs(trx, input.workspaceId, 2).catch((error: unknown) => {
      if (error instanceof UnknownWorkspaceError) return abort({ status: 'not_found' });
      throw error;
    });
    const again = await findByClientId(trx, input.workspaceId, input.clientId, author);
    if (again) return abort(again);
    return append(trx, seq, abort);
  });
}

/** Runs an append; a unique violation from a concurrent retry becomes a duplicate answer. */
async function dedupe(
  db: Kysely<Database>,
  input: { workspaceId: string; clientId: string },
  author: Author,
  append: () => Promise<AppendResult>,
): Promise<AppendResult> {
  const existing = await findByClientId(db, input.workspaceId, input.clientId, author);
  if (existing) return existing;
  try {
    return await append();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const raced = await findByClientId(db, input.workspaceId, input.clientId, author);
    if (raced) return raced;
    throw error;
  }
}

export function appendAgentMessage(
  db: Kysely<Database>,
  input: AgentMessageInput,
): Promise<AppendResult> {
  const author: Author = {
    author_kind: 'agent',
    author_id: input.agent.id,
    author_name: input.agent.name,
  };
  return dedupe(db, input, author, () =>
    appendTransaction(db, input, author, async (trx, seq, abort) => {
      const conversation = await trx
        .selectFrom('conversations')
        .selectAll()
        .where('workspace_id', '=', input.workspaceId)
        .where('id', '=', input.conversationId)
        .executeTakeFirst();
      if (!conversation) return abort({ status: 'not_found' });
      if (conversation.status !== 'open') return abort({ status: 'closed' });
      return insertMessage(trx, conversation, input, author, seq);
    }),
  );
}

export function appendCustomerMessage(
  db: Kysely<Database>,
  input: CustomerMessageInput,
): Promise<AppendResult> {
  const author: Author = {
    author_kind: 'customer',
    author_id: input.customerId,
    author_name: null,
  };
  return dedupe(db, input, author, () =>
    appendTransaction(db, input, author, async (trx, seq) => {
      let conversation = await trx
        .selectFrom('conversations')
        .selectAll()
        .where('workspace_id', '=', input.workspaceId)
        .where('customer_id', '=', input.customerId)
        .where('status', '=', 'open')
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      const conversationCreated = !conversation;
      if (!conversation) {
        const id = uuidv7(input.now);
        // Routing decides under the seq lock taken above (R3): an agent, or a place in the queue.
        const placed = input.routeNew?.(id, input.customerId);
        conversation = {
          id,
          workspace_id: input.workspaceId,
          customer_id: input.customerId,
          status: 'open',
          assignee_id: placed?.assigneeId ?? null,
          created_at: input.now,
          last_activity_at: input.now,
          last_message_preview: '',
          unread_count: 0,
          seq: seq + 1,
          queue_key: placed?.queueKey ?? null,
        };
        await trx.insertInto('conversations').values(conversation).execute();
        if (placed?.assigneeId)
          await trx
            .updateTable('agents')
            .set({ last_assigned_at: placed.lastAssignedAt })
            .where('workspace_id', '=', input.workspaceId)
            .where('id', '=', placed.assigneeId)
            .execute();
      }
      const created = await insertMessage(trx, conversation, input, author, seq);
      return { ...created, conversationCreated };
    }),
  );
}

export async function listMessages(
  db: Kysely<Database>,
  workspaceId: string,
  conversationId: string,
  options: { before?: number; limit: number },
): Promise<MessagePage> {
  let query = db
    .selectFrom('messages')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', '=', conversationId);
  if (options.before !== undefined) query = query.where('created_at', '<', options.before);
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  const hasMore = rows.length > options.limit;
  return { messages: rows.slice(0, options.limit).reverse().map(toMessage), hasMore };
}
