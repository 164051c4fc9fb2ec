import type { Conversation, ConversationListResponse } from '../../protocol';
import type { ApiClient } from '../api';
import type { CacheWriter } from './cache-writer';
import type { WelcomeFrame } from './connection';

/** After welcome, the latest messages of this many of the most recent open conversations are fetched. */
export const PREFETCH_CONVERSATIONS = 20;
export const MESSAGE_PAGE_SIZE = 50;
const PREFETCH_PARALLEL = 4;

/** The open conversations with the latest activity, newest first. */
export function mostRecentOpen(conversations: Conversation[], count: number): Conversation[] {
  return conversations
    .filter((conversation) => conversation.status === 'open')
    .sort((a, b) => b.lastActivityAt - a.lastActivityAt)
    .slice(0, count);
}

/** Fetch the latest page of a conversation's messages into the cache. */
export async function fetchLatestMessages(
  api: ApiClient,
  cache: CacheWriter,
  conversationId: string,
  epoch = cache.epoch,
): Promise<Awaited<ReturnType<ApiClient['messages']>>> {
  const page = await api.messages(conversationId, { limit: MESSAGE_PAGE_SIZE });
  if (page.ok) await cache.putMessages(page.messages, epoch);
  return page;
}

/**
 * On welcome: store the agent, the conversation list with its customers, then prefetch the
 * messages of the most recent open conversations. Must be called synchronously from the welcome
 * so that the snapshot is queued before the frames that follow it. Failures are only logged.
 */
export async function syncAfterWelcome(
  api: ApiClient,
  cache: CacheWriter,
  welcome: WelcomeFrame,
): Promise<void> {
  const epoch = cache.epoch;
  const listing = api.conversations().then((list): ConversationListResponse | null => {
    if (list.ok) return list;
    console.warn(`Rapport could not load the conversation list: ${list.message}`);
    return null;
  });
  await cache.putSnapshot(listing, welcome.agent, epoch);
  const list = await listing;
  if (!list) return;
  const queue = mostRecentOpen(list.conversations, PREFETCH_CONVERSATIONS);
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (epoch !== cache.epoch) return;
      const page = await fetchLatestMessages(api, cache, next.id, epoch);
      if (!page.ok) console.warn(`Rapport could not load messages: ${page.message}`);
    }
  };
  await Promise.all(Array.from({ length: PREFETCH_PARALLEL }, worker));
}
