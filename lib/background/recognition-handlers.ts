import type { OverlayHandlers, OverlaySender } from '../overlay/messaging';
import {
  MAX_RECOGNIZE_CANDIDATES,
  type OverlayFailure,
  type RecognitionRequest,
} from '../overlay/protocol';
import type { Account } from './account';
import type { Background } from './background';
import { CustomerIndex, latestConversations, recognize } from './recognition';
import { requestOpen, tryOpenPanel } from './recognition-open';
import { recognitionSites } from './site-lists';

// The background's side of `recognize.*`: the same envelope and sender checks as `overlay.*`
// (onOverlayMessage answers only this extension's content scripts in tabs). Signed out, or on a
// site where the agent switched recognition off, a page learns nothing but that.

const MAX_IDENTIFIER = 254;

export type RecognitionHandlers = Pick<OverlayHandlers, RecognitionRequest>;

const SIGNED_OUT: OverlayFailure = {
  ok: false,
  code: 'not_signed_in',
  message: 'Sign in to Rapport to recognize customers.',
};
const SITE_OFF: OverlayFailure = {
  ok: false,
  code: 'site_off',
  message: 'Recognition is off on this site. Switch it on in the Rapport popup.',
};

/** The handlers, and `stop` to drop the index (and its change listener) with the background. */
export function createRecognitionHandlers(bg: Background): {
  handlers: RecognitionHandlers;
  stop(): void;
} {
  let index: CustomerIndex | null = null;

  /** The account's index (a new one after another sign-in). */
  function indexFor(account: Account): CustomerIndex {
    if (index?.db !== account.db) {
      index?.stop();
      index = new CustomerIndex(account.db);
    }
    return index;
  }

  async function accountFor(sender: OverlaySender): Promise<Account | OverlayFailure> {
    await bg.ready;
    if (!bg.account) return SIGNED_OUT;
    if (await recognitionSites.isOff(sender.origin)) return SITE_OFF;
    return bg.account;
  }
  const isFailure = (value: Account | OverlayFailure): value is OverlayFailure =>
    'ok' in value && value.ok === false;

  const handlers: RecognitionHandlers = {
    'recognize.state': async (_data, sender) => {
      const account = await accountFor(sender);
      if (!isFailure(account)) return { enabled: true };
      return { enabled: false, reason: account.code === 'site_off' ? 'site_off' : 'signed_out' };
    },

    'recognize.match': async ({ candidates }, sender) => {
      const account = await accountFor(sender);
      if (isFailure(account)) return account;
      if (!Array.isArray(candidates)) return { ok: true, matches: [] };
      const wanted = [
        ...new Set(
          candidates
            .slice(0, MAX_RECOGNIZE_CANDIDATES)
            .filter((c): c is string => typeof c === 'string' && c.length <= MAX_IDENTIFIER),
        ),
      ];
      return { ok: true, matches: await recognize(indexFor(account), wanted) };
    },

    'recognize.open': async ({ customerId }, sender) => {
      if (typeof customerId !== 'string') {
        return { ok: false, code: 'not_found', message: 'There is no such customer.' };
      }
      // Before anything is awaited, while the click's user gesture may still hold.
      const opening = bg.account ? tryOpenPanel(sender.tabId) : Promise.resolve(false);
      const account = await accountFor(sender);
      if (isFailure(account)) return account;
      if (!(await account.db.customers.get(customerId))) {
        return { ok: false, code: 'not_found', message: 'There is no such customer.' };
      }
      const latest = await latestConversations(account.db, new Set([customerId]));
      await requestOpen(customerId, latest.get(customerId)?.id ?? null);
      return { ok: true, opened: await opening };
    },
  };
  return {
    handlers,
    stop() {
      index?.stop();
      index = null;
    },
  };
}
