import { browser } from 'wxt/browser';
import type { Conversation, Customer } from '../../protocol';

export const NOTIFICATION_PREFIX = 'rapport.conversation.';

/** The window that had focus when each notification was shown: where a click opens the panel. */
const windowOfNotification = new Map<string, number>();

async function lastFocusedWindowId(): Promise<number | undefined> {
  try {
    return (await browser.windows.getLastFocused()).id;
  } catch {
    return undefined;
  }
}

/** A desktop notification announcing a new conversation. */
export async function notifyNewConversation(
  conversation: Conversation,
  customer: Customer | undefined,
): Promise<void> {
  const id = NOTIFICATION_PREFIX + conversation.id;
  const who = customer?.name ?? customer?.email ?? 'a visitor';
  const windowId = await lastFocusedWindowId();
  if (windowId !== undefined) windowOfNotification.set(id, windowId);
  try {
    await browser.notifications.create(id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: `New conversation with ${who}`,
      message: conversation.lastMessagePreview || 'Open Rapport to answer.',
    });
  } catch (error) {
    console.warn('Rapport could not show a notification:', error);
  }
}

interface PanelApis {
  sidePanel?: { open(options: { windowId: number }): Promise<void> };
  sidebarAction?: { open(): Promise<void> };
}

/**
 * Open the side panel (Chrome) or sidebar (Firefox). Both need a user gesture; a notification
 * click counts in recent browsers. Called synchronously from the click so the gesture holds.
 */
function openPanel(windowId: number | undefined): void {
  const apis = browser as unknown as PanelApis;
  const opening =
    apis.sidePanel && windowId !== undefined
      ? apis.sidePanel.open({ windowId })
      : apis.sidebarAction?.open();
  void Promise.resolve(opening).catch(() => undefined);
}

/** A click on one of our notifications opens the panel and dismisses the notification. */
export function listenForNotificationClicks(): void {
  browser.notifications.onClicked.addListener((id) => {
    if (!id.startsWith(NOTIFICATION_PREFIX)) return;
    openPanel(windowOfNotification.get(id));
    windowOfNotification.delete(id);
    void browser.notifications.clear(id);
  });
}
