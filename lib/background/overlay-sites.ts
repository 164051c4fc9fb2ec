import { browser } from 'wxt/browser';
import type { Failure, Result } from '../messages';
import { notifyOverlayTabs } from '../overlay/messaging';
import { siteOrigin } from '../overlay/site-origin';

/**
 * The sites where the agent switched macros off (popup "Macros on this site"), as origins, in
 * `browser.storage.local` (private to the extension; content scripts only ever get a yes/no
 * through `overlay.state`). Versioned like every persisted shape.
 */
export const SITES_OFF_KEY = 'rapport.overlay.sitesOff';

interface StoredSitesOff {
  version: 1;
  origins: string[];
}

/** The origins where macros are off, sorted. */
export async function sitesOff(): Promise<string[]> {
  const stored = (await browser.storage.local.get(SITES_OFF_KEY))[SITES_OFF_KEY] as
    Partial<StoredSitesOff> | undefined;
  if (stored?.version !== 1 || !Array.isArray(stored.origins)) return [];
  return stored.origins.filter((origin): origin is string => typeof origin === 'string');
}

export async function isSiteOff(origin: string): Promise<boolean> {
  return (await sitesOff()).includes(origin);
}

/** Switch macros on or off for a site, then tell open tabs to ask their state again. */
export async function setSite(req: {
  origin: string;
  enabled: boolean;
}): Promise<Result<{ off: string[] }>> {
  const origin = typeof req.origin === 'string' ? siteOrigin(req.origin) : null;
  if (!origin || typeof req.enabled !== 'boolean') {
    const failure: Failure = {
      ok: false,
      code: 'invalid_request',
      message: 'Macros can be switched off only for web sites (http or https addresses).',
    };
    return failure;
  }
  const rest = (await sitesOff()).filter((other) => other !== origin);
  const off = req.enabled ? rest : [...rest, origin].sort();
  const stored: StoredSitesOff = { version: 1, origins: off };
  await browser.storage.local.set({ [SITES_OFF_KEY]: stored });
  void notifyOverlayTabs();
  return { ok: true, off };
}
