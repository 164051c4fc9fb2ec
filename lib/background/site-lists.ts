import { browser } from 'wxt/browser';
import type { Failure, Result } from '../messages';
import { notifyOverlayTabs } from '../overlay/messaging';
import { siteOrigin } from '../overlay/site-origin';
import { matchesAnySitePattern, siteIsOff, type SiteStates } from '../overlay/site-patterns';
import { adminPolicy, type AdminPolicyKey } from './admin-policy';

/**
 * One overlay feature's per-site switches, in `browser.storage.local` (private to the extension;
 * content scripts only ever get a yes/no), over the admin's default from enterprise policy
 * (`policyKey` in managed storage): a site the admin lists is off until the agent switches it on.
 * Versioned like every persisted shape: `{version: 2, off, on}` under `storageKey`; version 1,
 * `{version: 1, origins}` (the origins switched off), still reads.
 */
export interface SiteList {
  /** What the agent switched and the admin's patterns. */
  states(): Promise<SiteStates>;
  isOff(origin: string): Promise<boolean>;
  /** Switch the feature on or off for a site, then tell open tabs to ask their state again. */
  set(req: { origin: string; enabled: boolean }): Promise<Result<SiteStates>>;
}

interface StoredSiteListV1 {
  version: 1;
  origins: string[];
}

interface StoredSiteList {
  version: 2;
  /** Origins switched off by the agent. */
  off: string[];
  /** Origins switched on by the agent where the admin's policy has them off by default. */
  on: string[];
}

function origins(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((origin): origin is string => typeof origin === 'string')
    : [];
}

/** The stored list in its current shape, from any version (nothing stored: nothing switched). */
export function readStoredSiteList(value: unknown): StoredSiteList {
  const stored = value as Partial<StoredSiteListV1> | Partial<StoredSiteList> | undefined;
  if (stored?.version === 1) return { version: 2, off: origins(stored.origins), on: [] };
  if (stored?.version === 2)
    return { version: 2, off: origins(stored.off), on: origins(stored.on) };
  return { version: 2, off: [], on: [] };
}

export function createSiteList(options: {
  storageKey: string;
  /** The managed-storage policy listing the sites where the feature is off by default. */
  policyKey: AdminPolicyKey;
  /** The answer to a request for anything but an http(s) site. */
  invalidMessage: string;
}): SiteList {
  const { storageKey, policyKey, invalidMessage } = options;

  async function states(): Promise<SiteStates> {
    const [stored, policy] = await Promise.all([
      browser.storage.local.get(storageKey),
      adminPolicy(),
    ]);
    const { off, on } = readStoredSiteList(stored[storageKey]);
    return { off, on, policy: policy[policyKey] };
  }

  return {
    states,
    isOff: async (origin) => siteIsOff(await states(), origin),
    async set(req) {
      const origin = typeof req.origin === 'string' ? siteOrigin(req.origin) : null;
      if (!origin || typeof req.enabled !== 'boolean') {
        const failure: Failure = { ok: false, code: 'invalid_request', message: invalidMessage };
        return failure;
      }
      const current = await states();
      const off = current.off.filter((other) => other !== origin);
      const on = current.on.filter((other) => other !== origin);
      // On over the admin's default is remembered as such; off is the agent's own choice, kept
      // even if the admin's policy changes later.
      if (!req.enabled) off.push(origin);
      else if (matchesAnySitePattern(origin, current.policy)) on.push(origin);
      const stored: StoredSiteList = { version: 2, off: off.sort(), on: on.sort() };
      await browser.storage.local.set({ [storageKey]: stored });
      void notifyOverlayTabs();
      return { ok: true, off: stored.off, on: stored.on, policy: current.policy };
    },
  };
}

/**
 * The sites where macros are off (popup "Macros on this site"; admin policy
 * `macrosOffByDefault`); content scripts only learn a yes/no through `overlay.state`.
 */
export const SITES_OFF_KEY = 'rapport.overlay.sitesOff';
export const macroSites = createSiteList({
  storageKey: SITES_OFF_KEY,
  policyKey: 'macrosOffByDefault',
  invalidMessage: 'Macros can be switched off only for web sites (http or https addresses).',
});

/**
 * The sites where customer recognition is off (popup "Recognize customers on this site"; admin
 * policy `recognitionOffByDefault`), independent of the macros switch.
 */
export const RECOGNITION_OFF_KEY = 'rapport.recognition.sitesOff';
export const recognitionSites = createSiteList({
  storageKey: RECOGNITION_OFF_KEY,
  policyKey: 'recognitionOffByDefault',
  invalidMessage: 'Recognition can be switched off only for web sites (http or https addresses).',
});
