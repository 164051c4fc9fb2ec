import { browser } from 'wxt/browser';
import type { Failure, Result } from '../messages';
import { notifyOverlayTabs } from '../overlay/messaging';
import { siteOrigin } from '../overlay/site-origin';

/**
 * A list of sites (origins) where the agent switched one overlay feature off, in
 * `browser.storage.local` (private to the extension; content scripts only ever get a yes/no).
 * Versioned like every persisted shape: `{version: 1, origins}` under `storageKey`.
 */
export interface SiteList {
  /** The origins where the feature is off, sorted. */
  off(): Promise<string[]>;
  isOff(origin: string): Promise<boolean>;
  /** Switch the feature on or off for a site, then tell open tabs to ask their state again. */
  set(req: { origin: string; enabled: boolean }): Promise<Result<{ off: string[] }>>;
}

interface StoredSiteList {
  version: 1;
  origins: string[];
}

export function createSiteList(options: {
  storageKey: string;
  /** The answer to a request for anything but an http(s) site. */
  invalidMessage: string;
}): SiteList {
  const { storageKey, invalidMessage } = options;

  async function off(): Promise<string[]> {
    const stored = (await browser.storage.local.get(storageKey))[storageKey] as
      Partial<StoredSiteList> | undefined;
    if (stored?.version !== 1 || !Array.isArray(stored.origins)) return [];
    return stored.origins.filter((origin): origin is string => typeof origin === 'string');
  }

  return {
    off,
    isOff: async (origin) => (await off()).includes(origin),
    async set(req) {
      const origin = typeof req.origin === 'string' ? siteOrigin(req.origin) : null;
      if (!origin || typeof req.enabled !== 'boolean') {
        const failure: Failure = { ok: false, code: 'invalid_request', message: invalidMessage };
        return failure;
      }
      const rest = (await off()).filter((other) => other !== origin);
      const next = req.enabled ? rest : [...rest, origin].sort();
      const stored: StoredSiteList = { version: 1, origins: next };
      await browser.storage.local.set({ [storageKey]: stored });
      void notifyOverlayTabs();
      return { ok: true, off: next };
    },
  };
}

/**
 * The sites where the agent switched macros off (popup "Macros on this site"); content scripts
 * only learn a yes/no through `overlay.state`.
 */
export const SITES_OFF_KEY = 'rapport.overlay.sitesOff';
export const macroSites = createSiteList({
  storageKey: SITES_OFF_KEY,
  invalidMessage: 'Macros can be switched off only for web sites (http or https addresses).',
});

/**
 * The sites where the agent switched customer recognition off (popup "Recognize customers on
 * this site"), independent of the macros switch. Recognition is on everywhere else: there is no
 * admin policy yet that could switch it off by default for some sites.
 */
export const RECOGNITION_OFF_KEY = 'rapport.recognition.sitesOff';
export const recognitionSites = createSiteList({
  storageKey: RECOGNITION_OFF_KEY,
  invalidMessage: 'Recognition can be switched off only for web sites (http or https addresses).',
});
