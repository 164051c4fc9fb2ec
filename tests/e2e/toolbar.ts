import type { Worker } from 'playwright-core';

// Read what Chrome shows outside the extension's pages, from inside its service worker.
declare const chrome: {
  action: { getBadgeText(details: object): Promise<string> };
  notifications: { getAll(): Promise<Record<string, unknown>> };
};

export function badgeText(worker: Worker): Promise<string> {
  return worker.evaluate(() => chrome.action.getBadgeText({}));
}

export async function notificationCount(worker: Worker): Promise<number> {
  return worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()).length);
}
