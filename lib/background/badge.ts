import { browser } from 'wxt/browser';
import { getDb } from '../db';

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
export function countUnreadConversations(): Promise<number> {
  return getDb()
    .conversations.filter((conversation) => conversation.unreadCount > 0)
    .count();
}

/** Show the number of unread conversations on the toolbar button (nothing when 0). */
export async function updateBadge(): Promise<void> {
  const api = badgeApi();
  if (!api) return;
  const count = await countUnreadConversations();
  try {
    await api.setBadgeText({ text: count > 0 ? String(count) : '' });
    if (count > 0) await api.setBadgeBackgroundColor({ color: BADGE_COLOR });
  } catch (error) {
    console.warn('Rapport could not update its toolbar badge:', error);
  }
}
