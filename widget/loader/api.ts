import { checkIdentify } from '../shared/identify';
import type { IdentifyUser } from '../shared/messages';

/** `window.Rapport` once the widget is installed. */
export interface RapportApi {
  /** Say who the signed-in user is; see README "Identify your signed-in users". */
  identify(user: unknown): void;
  /** The user signed out: the chat forgets them in this browser and starts anonymous. */
  reset(): void;
}

type HostWindow = Window & { Rapport?: unknown };

/** Calls a page queued before widget.js ran: `window.Rapport = { q: [['identify', user]], … }`. */
function queuedCalls(stub: unknown): [string, unknown][] {
  if (typeof stub !== 'object' || stub === null) return [];
  const queue = (stub as { q?: unknown }).q;
  if (!Array.isArray(queue)) return [];
  return queue.filter(
    (call): call is [string, unknown] => Array.isArray(call) && typeof call[0] === 'string',
  );
}

/**
 * Define `window.Rapport` (the widget's only global) and replay the calls queued on the stub.
 * A call with bad input logs a console error saying what to fix and sends nothing.
 */
export function installApi(
  win: Window,
  send: { identify(user: IdentifyUser): void; reset(): void },
): RapportApi {
  const host = win as HostWindow;
  const queued = queuedCalls(host.Rapport);
  const api: RapportApi = {
    identify(user) {
      const checked = checkIdentify(user);
      if ('error' in checked) {
        console.error(checked.error);
        return;
      }
      send.identify(checked);
    },
    reset() {
      send.reset();
    },
  };
  host.Rapport = api;
  for (const [method, argument] of queued) {
    if (method === 'identify') api.identify(argument);
    else if (method === 'reset') api.reset();
    else console.error(`Rapport: there is no Rapport.${method}; use identify or reset.`);
  }
  return api;
}
