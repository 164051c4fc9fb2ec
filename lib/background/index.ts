import { browser } from 'wxt/browser';
import { onMessage } from '../messaging';
import { Background, type BackgroundDeps } from './background';
import { createHandlers } from './handlers';
import { listenForNotificationClicks } from './notifications';

let current: { background: Background; unlisten: () => void } | undefined;

/**
 * Start the background: answer extension pages, handle notification clicks, and reconnect when
 * a session is stored. Listeners are registered synchronously, as MV3 service workers need.
 * Starting again (tests, hot reload) stops the previous instance first.
 */
export function startBackground(deps: BackgroundDeps = {}): Background {
  stopBackground();
  const background = new Background(deps);
  const unlisten = onMessage(createHandlers(background));
  listenForNotificationClicks();
  // A listener for browser start makes Chrome start this worker when the browser starts, so the
  // outbox is delivered and the cache caught up without waiting for the agent to open a page.
  browser.runtime.onStartup.addListener(wakeOnStartup);
  current = { background, unlisten };
  return background;
}

function wakeOnStartup(): void {
  // Starting the worker is the point: startBackground already reconnects a stored session.
}

/** Stop the running background, if any (for tests). */
export function stopBackground(): void {
  current?.background.stop();
  current?.unlisten();
  browser.runtime.onStartup.removeListener(wakeOnStartup);
  current = undefined;
}
