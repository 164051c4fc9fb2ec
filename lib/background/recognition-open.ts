import { browser } from 'wxt/browser';

/**
 * "Open in side panel" from a customer card on a web page: the conversation the side panel
 * should select, in `browser.storage.local` (the side panel reads it when it opens, or at once
 * through `storage.onChanged` when it is open already; components/overlay/useRecognitionOpen.ts).
 */
export const RECOGNITION_OPEN_KEY = 'rapport.recognition.open';

/** A request older than this is stale: a side panel opened much later does not jump. */
export const RECOGNITION_OPEN_TTL_MS = 5 * 60_000;

export interface RecognitionOpenRequest {
  version: 1;
  customerId: string;
  /** The customer's latest conversation (null: the customer has none cached). */
  conversationId: string | null;
  at: number;
}

export async function requestOpen(
  customerId: string,
  conversationId: string | null,
): Promise<void> {
  const request: RecognitionOpenRequest = {
    version: 1,
    customerId,
    conversationId,
    at: Date.now(),
  };
  await browser.storage.local.set({ [RECOGNITION_OPEN_KEY]: request });
}

/** A fresh request, if any (extension pages). */
export function readOpenRequest(value: unknown, now = Date.now()): RecognitionOpenRequest | null {
  const request = value as Partial<RecognitionOpenRequest> | null | undefined;
  if (request?.version !== 1 || typeof request.customerId !== 'string') return null;
  if (typeof request.at !== 'number' || now - request.at > RECOGNITION_OPEN_TTL_MS) return null;
  return request as RecognitionOpenRequest;
}

interface PanelApis {
  sidePanel?: { open(options: { tabId: number }): Promise<void> };
  sidebarAction?: { open(): Promise<void> };
}

/**
 * Try to open the side panel (Chrome) or sidebar (Firefox) for the tab. Both need a user
 * gesture; whether a click in a content script still counts after the message hop depends on
 * the browser. Called before anything is awaited; resolves false when the browser refused.
 */
export function tryOpenPanel(tabId: number): Promise<boolean> {
  const apis = browser as unknown as PanelApis;
  try {
    const opening = apis.sidePanel
      ? apis.sidePanel.open({ tabId })
      : apis.sidebarAction
        ? apis.sidebarAction.open()
        : Promise.reject(new Error('no side panel API'));
    return Promise.resolve(opening).then(
      () => true,
      () => false,
    );
  } catch {
    return Promise.resolve(false);
  }
}
