import type { Agent, Change, Conversation, Customer, Message } from '../../protocol';
import type { CachedMessage, CursorRow, RapportDb } from '../db';

export interface ApplyResult {
  /** Open conversations that were not cached before (only looked up when asked for). */
  newOpenConversations: Conversation[];
  /** Whether any conversation changed (the badge counts them). */
  conversationsChanged: boolean;
}

/** Server messages as cached: delivered. */
export function asSent(messages: Message[]): CachedMessage[] {
  return messages.map((message) => ({ ...message, delivery: 'sent' }));
}

/** The agent's pending and failed messages (the sparse `unsent` index holds only those). */
export function unsentMessages(db: RapportDb): Promise<CachedMessage[]> {
  return db.messages.where('unsent').equals(1).toArray();
}

/**
 * Delete the local copies (pending/failed rows, keyed on their client id) of server messages.
 * One query over the sparse index of the few unsent rows, not one read per message. Call inside
 * a transaction that includes `messages`.
 */
export async function dropLocalCopies(db: RapportDb, messages: Message[]): Promise<void> {
  const local = await unsentMessages(db);
  if (local.length === 0) return;
  const localId = new Map(local.map((row) => [row.clientId, row.id]));
  const stale: string[] = [];
  for (const message of messages) {
    const id = localId.get(message.clientId);
    if (id !== undefined && id !== message.id) stale.push(id);
  }
  if (stale.length > 0) await db.messages.bulkDelete(stale);
}

/** Store server messages, replacing their pending copies (one transaction). */
export function putServerMessages(db: RapportDb, messages: Message[]): Promise<void> {
  return db.transaction('rw', db.messages, async () => {
    await dropLocalCopies(db, messages);
    await db.messages.bulkPut(asSent(messages));
  });
}

/**
 * Apply changes and the cursor after them in ONE transaction (S7): either both are stored or
 * neither. One bulkPut per table; no per-row reads or transactions.
 */
export async function applyChanges(
  db: RapportDb,
  changes: Change[],
  cursor: CursorRow,
  options: { detectNew: boolean },
): Promise<ApplyResult> {
  const conversations: Conversation[] = [];
  const messages: Message[] = [];
  const customers: Customer[] = [];
  const agents: Agent[] = [];
  for (const change of changes) {
    if (change.entity === 'message') messages.push(change.data);
    else if (change.entity === 'conversation') conversations.push(change.data);
    else if (change.entity === 'customer') customers.push(change.data);
    else agents.push(change.data);
  }
  const tables = [db.conversations, db.messages, db.customers, db.agents, db.sync, db.outbox];
  return db.transaction('rw', tables, async () => {
    let newOpenConversations: Conversation[] = [];
    if (conversations.length > 0) {
      if (options.detectNew) {
        const before = await db.conversations.bulkGet(conversations.map((c) => c.id));
        newOpenConversations = conversations.filter((c, i) => !before[i] && c.status === 'open');
      }
      await keepOptimisticReads(db, conversations);
    }
    if (messages.length > 0) await dropLocalCopies(db, messages);
    await Promise.all([
      messages.length > 0 && db.messages.bulkPut(asSent(messages)),
      conversations.length > 0 && db.conversations.bulkPut(conversations),
      customers.length > 0 && db.customers.bulkPut(customers),
      agents.length > 0 && db.agents.bulkPut(agents),
    ]);
    await db.sync.put(cursor);
    return { newOpenConversations, conversationsChanged: conversations.length > 0 };
  });
}

/**
 * A conversation the agent read or (un)assigned while that write is still in the outbox keeps
 * the optimistic value: a change committed before the write must not bring the old one back.
 */
async function keepOptimisticReads(db: RapportDb, conversations: Conversation[]): Promise<void> {
  const pending = await db.outbox.where('status').equals('pending').toArray();
  if (pending.length === 0) return;
  const read = new Set<string>();
  const assigned = new Map<string, string | null>(); // the latest pending assign wins
  for (const entry of pending) {
    if (entry.kind === 'conversation.read') read.add(entry.conversationId);
    else if (entry.kind === 'conversation.assign') {
      assigned.set(entry.conversationId, entry.assigneeId);
    }
  }
  for (let i = 0; i < conversations.length; i++) {
    let conversation = conversations[i]!;
    if (read.has(conversation.id)) conversation = { ...conversation, unreadCount: 0 };
    const assigneeId = assigned.get(conversation.id);
    if (assigneeId !== undefined) conversation = { ...conversation, assigneeId };
    conversations[i] = conversation;
  }
}

/**
 * Drop the cached data of an old sync epoch (S3): every server row and the history marks, but
 * not the outbox nor the agent's unsent messages. The cursor goes back to 0 in `epoch`.
 */
export async function wipeData(db: RapportDb, epoch: string): Promise<CursorRow> {
  const cursor: CursorRow = { key: 'cursor', seq: 0, epoch };
  const tables = [db.conversations, db.messages, db.customers, db.agents, db.history, db.sync];
  await db.transaction('rw', tables, async () => {
    const unsent = await unsentMessages(db);
    await Promise.all([
      db.conversations.clear(),
      db.messages.clear(),
      db.customers.clear(),
      db.agents.clear(),
      db.history.clear(),
    ]);
    if (unsent.length > 0) await db.messages.bulkPut(unsent);
    await db.sync.put(cursor);
  });
  return cursor;
}
