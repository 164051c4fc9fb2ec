import { afterEach, beforeEach, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { stopBackground } from '../../../lib/background';
import { resetDb } from '../../../lib/db';
import { FakeSocket } from '../background/helpers';

// What the tests of the background's side of the content script (overlay, recognition) share:
// a content script's sender, raw delivery to the background's listeners, and a fresh background.

/** The sender the runtime gives for a content script in tab 7's top frame on `url`. */
export function contentScriptAt(url: string): Browser.runtime.MessageSender {
  return { id: fakeBrowser.runtime.id, tab: { id: 7 } as Browser.tabs.Tab, frameId: 0, url };
}

/** Send a raw message to the background's listeners as the runtime would, from `from`. */
export async function deliver(message: unknown, from: Browser.runtime.MessageSender | undefined) {
  // The fake's types want a sender; real runtimes always give one, the fake gives `{}`.
  const answers = await fakeBrowser.runtime.onMessage.trigger(
    message,
    from as Browser.runtime.MessageSender,
  );
  return answers.find((answer) => answer !== undefined);
}

/** A content script's request (the overlay's envelope) of `type`, from `from`. */
export const fromContentScript = (
  type: string,
  data: unknown,
  from: Browser.runtime.MessageSender,
) => deliver({ rapportOverlay: 1, type, data }, from);

/**
 * Each test of the enclosing describe starts with a reset fake browser and database, no sockets,
 * and tab messages swallowed (open tabs are told of switches); the background stops after it.
 */
export function freshBackgroundEachTest(): void {
  beforeEach(async () => {
    fakeBrowser.reset();
    await resetDb();
    FakeSocket.instances = [];
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
  });
  afterEach(() => {
    stopBackground();
    vi.restoreAllMocks();
  });
}
