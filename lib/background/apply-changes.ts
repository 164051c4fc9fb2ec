import type {
  Agent,
  Change,
  Conversation,
  Customer,
  Macro,
  MacroPins,
  Message,
} from '../../protocol';
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
 * neither. One bulk write per table; no per-row reads or transactions. `complete` (the last page
 * of a pull) also drops the macros still marked `legacy` (S17).
 */
export async function applyChanges(
  db: RapportDb,
  changes: Change[],
  cursor: CursorRow,
  options: { detectNew: boolean; complete?: boolean; acknowledged?: ReadonlySet<string> },
): Promise<ApplyResult> {
  const conversations: Conversation[] = [];
  const messages: Message[] = [];
  const customers: Customer[] = [];
  const agents: Agent[] = [];
  /** Each macro's last state in these changes: the macro, or null when it was deleted. */
  const macros = new Map<string, Macro | null>();
  let pins: MacroPins | null = null;
  for (const change of changes) {
    if (change.entity === 'message') messages.push(change.data);
    else if (change.entity === 'conversation') conversations.push(change.data);
    else if (change.entity === 'customer') customers.push(change.data);
    else if (change.entity === 'agent') agents.push(change.data);
    else if (change.entity === 'macro') macros.set(change.data.id, change.data);
    else if (change.entity === 'macroDeleted') macros.set(change.data.id, null);
    else pins = change.data;
  }
  const tables = [
    db.conversations,
    db.messages,
    db.customers,
    db.agents,
    db.macros,
    db.macroPins,
    db.sync,
    db.outbox,
  ];
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
    const kept = [...macros.values()].filter((macro): macro is Macro => macro !== null);
    const deleted = [...macros].filter(([, macro]) => macro === null).map(([id]) => id);
    if (kept.length > 0) await keepOptimisticUses(db, kept, options.acknowledged);
    await Promise.all([
      messages.length > 0 && db.messages.bulkPut(asSent(messages)),
      conversations.length > 0 && db.conversations.bulkPut(conversations),
      customers.length > 0 && db.customers.bulkPut(customers),
      agents.length > 0 && db.agents.bulkPut(agents),
      kept.length > 0 && db.macros.bulkPut(kept),
      deleted.length > 0 && db.macros.bulkDelete(deleted),
      pins && db.macroPins.put(pins),
    ]);
    if (options.complete) await db.macros.where('legacy').equals(1).delete();
    await db.sync.put(cursor);
    return { newOpenConversations, conversationsChanged: conversations.length > 0 };
  });
}

/**
 * A macro the agent inserted while that use is still in the outbox keeps the use in its count:
 * the server's count arrives without it until the use is acknowledged (S17). Uses acknowledged
 * but not yet removed from the outbox are in the server's count already.
 */
async function keepOptimisticUses(
  db: RapportDb,
  macros: Macro[],
  acknowledged: ReadonlySet<string> = new Set(),
): Promise<void> {
  const pending = await db.outbox.where('status').equals('pending').toArray();
  const uses = new Map<string, number>();
  for (const entry of pending) {
    if (entry.kind !== 'macro.use' || acknowledged.has(entry.clientId)) continue;
    uses.set(entry.macroId, (uses.get(entry.macroId) ?? 0) + 1);
  }
  if (uses.size === 0) return;
  for (let i = 0; i < macros.length; i++) {
    const macro = macros[i]!;
    const count = uses.get(macro.id);
    if (count) macros[i] = { ...macro, usageCount: macro.usageCount + count };
  }
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
  const tables = [
    db.conversations,
    db.messages,
    db.customers,
    db.agents,
    db.macros,
    db.macroPins,
    db.history,
    db.customerProfiles,
    db.sync,
  ];
  await db.transaction('rw', tables, async () => {
    const unsent = await unsentMessages(db);
    await Promise.all([
      db.conversations.clear(),
      db.messages.clear(),
      db.customers.clear(),
      db.agents.clear(),
      db.macros.clear(),
      db.macroPins.clear(),
      db.history.clear(),
      db.customerProfiles.clear(),
    ]);
    if (unsent.length > 0) await db.messages.bulkPut(unsent);
    await db.sync.put(cursor);
  });
  return cursor;
}
