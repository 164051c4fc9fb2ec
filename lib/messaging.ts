import { browser } from 'wxt/browser';
import type {
  BackgroundProtocol,
  BackgroundRequest,
  Failure,
  RequestData,
  ResponseData,
} from './messages';

/** The envelope on the wire between extension pages and the background. */
interface Envelope<K extends BackgroundRequest = BackgroundRequest> {
  rapport: 1;
  type: K;
  data: RequestData<K>;
}

function isEnvelope(value: unknown): value is Envelope {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { rapport?: unknown }).rapport === 1 &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}

/** Ask the background; never throws: a missing background becomes a `network` failure. */
export async function sendMessage<K extends BackgroundRequest>(
  type: K,
  ...args: RequestData<K> extends undefined ? [] : [RequestData<K>]
): Promise<ResponseData<K>> {
  const envelope = { rapport: 1, type, data: args[0] } as Envelope<K>;
  try {
    const answer = (await browser.runtime.sendMessage(envelope)) as ResponseData<K> | undefined;
    if (answer === undefined) throw new Error('no answer');
    return answer;
  } catch {
    const failure: Failure = {
      ok: false,
      code: 'network',
      message: 'The Rapport background is not answering. Reload the extension and try again.',
    };
    return failure as ResponseData<K>;
  }
}

/** What this listener needs of a runtime.onMessage sender. */
interface Sender {
  id?: string;
  url?: string;
  tab?: unknown;
}

/**
 * Only the extension's own pages (side panel, popup, options) may make these requests: a content
 * script (sender.url is the web page's) must never reach e.g. `macros.export`. Real browsers set
 * `url` for every page and content script; a sender without url nor tab comes only from WXT's fake
 * browser (tests), whose `runtime.sendMessage` passes `{}`.
 */
function fromExtensionPage(sender: Sender | undefined): boolean {
  if (!sender || (sender.url === undefined && sender.tab === undefined)) return true;
  if (sender.id !== undefined && sender.id !== browser.runtime.id) return false;
  return typeof sender.url === 'string' && sender.url.startsWith(browser.runtime.getURL('/'));
}

export type Handlers = {
  [K in BackgroundRequest]: (data: RequestData<K>) => Promise<ResponseData<K>> | ResponseData<K>;
};

/**
 * Serve every request of BackgroundProtocol. Works with Chrome's callback style
 * (`sendResponse` + `return true`) and with promise-returning runtimes (Firefox, WXT's fake browser).
 * Returns a function that removes the listener.
 */
export function onMessage(handlers: Handlers): () => void {
  const listener = (
    message: unknown,
    sender: Sender | undefined,
    sendResponse?: (response: unknown) => void,
  ): true | Promise<unknown> | undefined => {
    if (!isEnvelope(message) || !fromExtensionPage(sender)) return undefined;
    const handler = handlers[message.type] as (data: unknown) => unknown;
    if (!handler) return undefined;
    const answer = Promise.resolve()
      .then(() => handler(message.data))
      .catch((error: unknown): Failure => ({
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

export type { BackgroundProtocol };
