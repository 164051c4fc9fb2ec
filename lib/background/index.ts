import { browser } from 'wxt/browser';
import { onMessage } from '../messaging';
import { watchAdminPolicy } from './admin-policy';
import { Background, type BackgroundDeps } from './background';
import { listenForCommands } from './commands';
import { createHandlers } from './handlers';
import { listenForNotificationClicks } from './notifications';
import { createOverlayHandlers } from './overlay';
import { createRecognitionHandlers } from './recognition-handlers';
import { onOverlayMessage } from '../overlay/messaging';

let current: { background: Background; unlisten: () => void } | undefined;

/**
 * Start the background: answer extension pages, handle notification clicks, and reconnect when
 * a session is stored. Listeners are registered synchronously, as MV3 service workers need.
 * Starting again (tests, hot reload) stops the previous instance first.
 */
export function startBackground(deps: BackgroundDeps = {}): Background {
  stopBackground();
  const background = new Background(deps);
  const handlers = createHandlers(background);
  const unlistenPages = onMessage(handlers);
  // Overlay content scripts on web pages: their own envelope and handlers (sender-checked). An
  // insertion on a page counts like one in the side panel, through the same `macro.used`.
  // Recognition of known customers on pages (recognize.*) shares that envelope and checks.
  const recognition = createRecognitionHandlers(background);
  const unlistenOverlay = onOverlayMessage({
    ...createOverlayHandlers(background, async (macroId) => handlers['macro.used']({ macroId })),
    ...recognition.handlers,
  });
  const unlistenCommands = listenForCommands(); // the palette's keyboard shortcut
  // The admin's off-by-default sites (managed storage): pages ask again when the policy changes.
  const unlistenPolicy = watchAdminPolicy();
  const unlisten = () => {
    unlistenPolicy();
    unlistenPages();
    unlistenOverlay();
    unlistenCommands();
    recognition.stop();
  };
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
