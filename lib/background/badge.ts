import { browser } from 'wxt/browser';
import type { RapportDb } from '../db';

export const BADGE_COLOR = '#d93025';

interface BadgeApi {
  setBadgeText(details: { text: string }): Promise<void> | void;
  setBadgeBackgroundColor(details: { color: string }): Promise<void> | void;
}

/** Chrome MV3 and Firefox MV3 have `action`; Firefox MV2 has `browserAction`. */
function badgeApi(): BadgeApi | undefined {
  const apis = browser as unknown as { action?: BadgeApi; browserAction?: BadgeApi };
  return apis.action ?? apis.browserAction;
}

/** The number of conversations with unread customer messages. */
export function countUnreadConversations(db: RapportDb): Promise<number> {
  return db.conversations.filter((conversation) => conversation.unreadCount > 0).count();
}

/**
 * Show the number of unread conversations of the account's database on the toolbar button
 * (nothing when 0 or when signed out, `db` null).
 */
export async function updateBadge(db: RapportDb | null): Promise<void> {
  const api = badgeApi();
  if (!api) return;
  let count = 0;
  try {
    count = db ? await countUnreadConversations(db) : 0;
  } catch {
    return; // the database was closed (sign-out): the sign-out clears the badge
  }
  try {
    await api.setBadgeText({ text: count > 0 ? String(count) : '' });
    if (count > 0) await api.setBadgeBackgroundColor({ color: BADGE_COLOR });
  } catch (error) {
    console.warn('Rapport could not update its toolbar badge:', error);
  }
}
