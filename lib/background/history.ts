import Dexie from 'dexie';
import type { ApiClient } from '../api';
import type { RapportDb } from '../db';
import type { Failure, Result } from '../messages';
import { putServerMessages } from './apply-changes';

/** Messages fetched per page of history (S13). */
export const HISTORY_PAGE_SIZE = 50;
/** Opening a conversation with fewer cached messages than this fetches its latest page. */
export const OPEN_MIN_CACHED = 30;

function ofConversation(db: RapportDb, conversationId: string) {
  return db.messages
    .where('[conversationId+createdAt]')
    .between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey]);
}

/** Fetch a page of a conversation's messages into the cache and remember how far back it goes. */
async function fetchPage(
  db: RapportDb,
  api: ApiClient,
  conversationId: string,
  before?: number,
): Promise<Result<{ hasMore: boolean }>> {
  const page = await api.messages(conversationId, { limit: HISTORY_PAGE_SIZE, before });
  if (!page.ok) return page;
  await db.transaction('rw', [db.messages, db.history], async () => {
    await putServerMessages(db, page.messages);
    const oldest = await ofConversation(db, conversationId).first();
    await db.history.put({
      conversationId,
      oldestCreatedAt: oldest?.createdAt ?? null,
      hasMore: page.hasMore,
    });
  });
  return { ok: true, hasMore: page.hasMore };
}

/** conversation.open: make sure the latest messages are cached (S13). */
export async function fetchLatestIfFew(
  db: RapportDb,
  api: ApiClient,
  conversationId: string,
): Promise<Failure | null> {
  if ((await ofConversation(db, conversationId).count()) >= OPEN_MIN_CACHED) return null;
  const page = await fetchPage(db, api, conversationId);
  return page.ok ? null : page;
}

/** conversation.loadOlder: the page before the oldest cached message (S13). */
export async function loadOlder(
  db: RapportDb,
  api: ApiClient,
  conversationId: string,
): Promise<Result<{ hasMore: boolean }>> {
  const oldest = await ofConversation(db, conversationId).first();
  return fetchPage(db, api, conversationId, oldest?.createdAt);
}
