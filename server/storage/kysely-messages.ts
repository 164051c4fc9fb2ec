import type { Kysely, Transaction } from 'kysely';
import { uuidv7 } from '../../protocol';
import { isUniqueViolation, preview, toConversation, toMessage } from './mappers';
import type { Database, MessageTable } from './schema';
import type { AgentMessageInput, AppendResult, CustomerMessageInput, MessagePage } from './storage';

// Message reads and writes, dialect-agnostic. Each append is one transaction: dedup check,
// conversation checks, insert, conversation update. (The change log joins this transaction.)

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

async function insertMessage(
  trx: Transaction<Database>,
  conversationId: string,
  input: { workspaceId: string; clientId: string; text: string; now: number },
  author: Author,
  lastActivityAt: number,
): Promise<MessageTable> {
  // Strictly after the conversation's latest activity, so `before` cursors never skip a message.
  const createdAt = Math.max(input.now, lastActivityAt + 1);
  const row: MessageTable = {
    id: uuidv7(createdAt),
    workspace_id: input.workspaceId,
    conversation_id: conversationId,
    ...author,
    text: input.text,
    created_at: createdAt,
    client_id: input.clientId,
  };
  await trx.insertInto('messages').values(row).execute();
  return row;
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
    db.transaction().execute(async (trx): Promise<AppendResult> => {
      const again = await findByClientId(trx, input.workspaceId, input.clientId, author);
      if (again) return again;
      const conversation = await trx
        .selectFrom('conversations')
        .selectAll()
        .where('workspace_id', '=', input.workspaceId)
        .where('id', '=', input.conversationId)
        .executeTakeFirst();
      if (!conversation) return { status: 'not_found' };
      if (conversation.status !== 'open') return { status: 'closed' };
      const message = await insertMessage(
        trx,
        conversation.id,
        input,
        author,
        Number(conversation.last_activity_at),
      );
      const updated = await trx
        .updateTable('conversations')
        .set({
          last_activity_at: message.created_at,
          last_message_preview: preview(message.text),
          assignee_id: conversation.assignee_id ?? input.agent.id,
        })
        .where('workspace_id', '=', input.workspaceId)
        .where('id', '=', conversation.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return {
        status: 'created',
        message: toMessage(message),
        conversation: toConversation(updated),
        conversationCreated: false,
      };
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
    db.transaction().execute(async (trx): Promise<AppendResult> => {
      const again = await findByClientId(trx, input.workspaceId, input.clientId, author);
      if (again) return again;
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
        conversation = {
          id: uuidv7(input.now),
          workspace_id: input.workspaceId,
          customer_id: input.customerId,
          status: 'open',
          assignee_id: null,
          created_at: input.now,
          last_activity_at: input.now,
          last_message_preview: '',
          unread_count: 0,
        };
        await trx.insertInto('conversations').values(conversation).execute();
      }
      const message = await insertMessage(
        trx,
        conversation.id,
        input,
        author,
        Number(conversation.last_activity_at),
      );
      const updated = await trx
        .updateTable('conversations')
        .set((eb) => ({
          last_activity_at: message.created_at,
          last_message_preview: preview(message.text),
          unread_count: eb('unread_count', '+', 1),
        }))
        .where('workspace_id', '=', input.workspaceId)
        .where('id', '=', conversation.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return {
        status: 'created',
        message: toMessage(message),
        conversation: toConversation(updated),
        conversationCreated,
      };
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
