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
    _sender: unknown,
    sendResponse?: (response: unknown) => void,
  ): true | Promise<unknown> | undefined => {
    if (!isEnvelope(message)) return undefined;
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
