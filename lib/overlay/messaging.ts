import { browser, type Browser } from 'wxt/browser';
import type { OverlayCommand, OverlayProtocol, OverlayRequest } from './protocol';

// Typed messages between the overlay content script and the background, in their own envelope
// (`rapportOverlay`) so that the extension pages' handler (lib/messaging.ts, `rapport`) never
// sees them and this handler never sees page requests. Kept tiny: it is in the overlay bundle.

export type OverlayData<K extends OverlayRequest> = Parameters<OverlayProtocol[K]>[0];
export type OverlayAnswer<K extends OverlayRequest> = ReturnType<OverlayProtocol[K]>;

interface OverlayEnvelope<K extends OverlayRequest = OverlayRequest> {
  rapportOverlay: 1;
  type: K;
  data: OverlayData<K>;
}

function isEnvelope(value: unknown): value is OverlayEnvelope {
  const v = value as Partial<OverlayEnvelope> | null;
  return (
    typeof v === 'object' && v !== null && v.rapportOverlay === 1 && typeof v.type === 'string'
  );
}

/** Ask the background; undefined when it does not answer (extension reloaded or updated). */
export async function sendOverlay<K extends OverlayRequest>(
  type: K,
  ...args: OverlayData<K> extends undefined ? [] : [OverlayData<K>]
): Promise<OverlayAnswer<K> | undefined> {
  const envelope: OverlayEnvelope<K> = { rapportOverlay: 1, type, data: args[0] as OverlayData<K> };
  try {
    return ((await browser.runtime.sendMessage(envelope)) ?? undefined) as
      OverlayAnswer<K> | undefined;
  } catch {
    return undefined;
  }
}

/** Listen for background commands (`tabs.sendMessage`) in a content script. */
export function onOverlayCommand(listener: (command: OverlayCommand) => void): () => void {
  const wrapped = (message: unknown): undefined => {
    const m = message as Partial<OverlayCommand> | null;
    if (typeof m === 'object' && m !== null && m.rapportOverlay === 1) {
      listener(m as OverlayCommand);
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(wrapped as never);
  return () => browser.runtime.onMessage.removeListener(wrapped as never);
}

/** The page an overlay request comes from, as the browser (not the message) says. */
export interface OverlaySender {
  /** The frame's origin, e.g. `https://mail.example.com` (`null` for an opaque origin). */
  origin: string;
  tabId: number;
}

export type OverlayHandlers = {
  [K in OverlayRequest]: (
    data: OverlayData<K>,
    sender: OverlaySender,
  ) => Promise<OverlayAnswer<K>> | OverlayAnswer<K>;
};

/**
 * Who sent an overlay request: only this extension's content scripts (a tab, our id). The origin
 * is the sender's (Chrome's `sender.origin`, else the frame URL's), never from the message.
 */
export function overlaySender(
  sender: Browser.runtime.MessageSender | undefined,
): OverlaySender | null {
  if (!sender || sender.id !== browser.runtime.id || sender.tab?.id === undefined) return null;
  if (!sender.url || sender.url.startsWith(browser.runtime.getURL('/'))) return null;
  let origin = sender.origin;
  if (!origin || origin === 'null') {
    try {
      origin = new URL(sender.url).origin;
    } catch {
      origin = 'null';
    }
  }
  return { origin, tabId: sender.tab.id };
}

/**
 * Serve OverlayProtocol in the background (Chrome's `sendResponse` + `return true`, or a promise
 * for Firefox and WXT's fake browser). Requests from anyone but a content script get no answer.
 */
export function onOverlayMessage(handlers: OverlayHandlers): () => void {
  const listener = (
    message: unknown,
    rawSender: Browser.runtime.MessageSender | undefined,
    sendResponse?: (response: unknown) => void,
  ): true | Promise<unknown> | undefined => {
    if (!isEnvelope(message)) return undefined;
    const handler = handlers[message.type] as
      ((data: unknown, sender: OverlaySender) => unknown) | undefined;
    const sender = overlaySender(rawSender);
    if (!handler || !sender) return undefined;
    const answer = Promise.resolve()
      .then(() => handler(message.data, sender))
      .catch((error: unknown) => ({
        ok: false,
        code: 'internal',
        message: `Rapport hit an unexpected error: ${error instanceof Error ? error.message : String(error)}`,
      }));
    if (typeof sendResponse === 'function') {
      void answer.then(sendResponse);
      return true;
    }
    return answer;
  };
  browser.runtime.onMessage.addListener(listener as never);
  return () => browser.runtime.onMessage.removeListener(listener as never);
}

/** Tell every tab's overlay that its state may have changed (best effort). */
export async function notifyOverlayTabs(): Promise<void> {
  const command: OverlayCommand = { rapportOverlay: 1, type: 'state.changed' };
  try {
    const tabs = await browser.tabs.query({});
    for (const tab of tabs) {
      if (tab.id === undefined) continue;
      try {
        // Tabs without the content script (browser pages, not yet loaded) reject: ignore them.
        void Promise.resolve(browser.tabs.sendMessage(tab.id, command)).catch(() => undefined);
      } catch {
        // The fake browser throws synchronously; a real one rejects (handled above).
      }
    }
  } catch {
    // No tabs API (tests) or the browser is shutting down: nothing to tell.
  }
}
