import type { HistoryRow, RapportDb } from '../db';

/** The most messages the cache keeps (S13); older ones are fetched again when scrolled to. */
export const MAX_CACHED_MESSAGES = 150_000;
/** The latest messages of each open conversation that are never evicted. */
export const KEEP_PER_OPEN_CONVERSATION = 200;

interface Row {
  id: string;
  conversationId: string;
  createdAt: number;
}

/**
 * Bound the cache (S13): when it holds more than `max` messages, delete the oldest messages of
 * closed conversations first, then the oldest of open conversations beyond their latest
 * KEEP_PER_OPEN_CONVERSATION. Unsent (pending/failed) messages are never deleted. Trimmed
 * conversations get `hasMore: true` so scrolling up fetches them again. Returns the count deleted.
 */
export async function enforceRetention(db: RapportDb, max = MAX_CACHED_MESSAGES): Promise<number> {
  if ((await db.messages.count()) <= max) return 0;
  return db.transaction('rw', [db.messages, db.conversations, db.history], async () => {
    const byConversation = db.messages.orderBy('[conversationId+createdAt]');
    const [keys, ids, unsentIds, openIds] = await Promise.all([
      byConversation.keys(),
      db.messages.orderBy('[conversationId+createdAt]').primaryKeys(),
      db.messages.where('unsent').equals(1).primaryKeys(),
      db.conversations.where('status').equals('open').primaryKeys(),
    ]);
    const excess = ids.length - max;
    if (excess <= 0) return 0;
    const unsent = new Set(unsentIds);
    const open = new Set(openIds);
    const groups = new Map<string, Row[]>();
    keys.forEach((key, i) => {
      const [conversationId, createdAt] = key as unknown as [string, number];
      let group = groups.get(conversationId);
      if (!group) groups.set(conversationId, (group = []));
      group.push({ id: ids[i]!, conversationId, createdAt });
    });
    const closedRows: Row[] = [];
    const openRows: Row[] = [];
    for (const [conversationId, rows] of groups) {
      if (!open.has(conversationId)) closedRows.push(...rows);
      else openRows.push(...rows.slice(0, Math.max(0, rows.length - KEEP_PER_OPEN_CONVERSATION)));
    }
    const byAge = (a: Row, b: Row) => a.createdAt - b.createdAt;
    const candidates = [...closedRows.sort(byAge), ...openRows.sort(byAge)];
    const doomed = candidates.filter((row) => !unsent.has(row.id)).slice(0, excess);
    const deleted = new Set(doomed.map((row) => row.id));
    await db.messages.bulkDelete([...deleted]);
    const trimmed = new Set(doomed.map((row) => row.conversationId));
    const marks: HistoryRow[] = [...trimmed].map((conversationId) => ({
      conversationId,
      oldestCreatedAt:
        groups.get(conversationId)!.find((row) => !deleted.has(row.id))?.createdAt ?? null,
      hasMore: true,
    }));
    await db.history.bulkPut(marks);
    return deleted.size;
  });
}
