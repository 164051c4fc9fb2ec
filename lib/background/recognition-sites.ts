import { browser } from 'wxt/browser';
import type { Failure, Result } from '../messages';
import { notifyOverlayTabs } from '../overlay/messaging';
import { siteOrigin } from '../overlay/site-origin';

/**
 * The sites where the agent switched customer recognition off (popup "Recognize customers on
 * this site"), as origins, in `browser.storage.local`, beside and independent of the macros
 * switch (overlay-sites.ts). Recognition is on everywhere else: there is no admin policy yet
 * that could switch it off by default for some sites.
 */
export const RECOGNITION_OFF_KEY = 'rapport.recognition.sitesOff';

interface StoredRecognitionOff {
  version: 1;
  origins: string[];
}

/** The origins where recognition is off, sorted. */
export async function recognitionSitesOff(): Promise<string[]> {
  const stored = (await browser.storage.local.get(RECOGNITION_OFF_KEY))[RECOGNITION_OFF_KEY] as
    Partial<StoredRecognitionOff> | undefined;
  if (stored?.version !== 1 || !Array.isArray(stored.origins)) return [];
  return stored.origins.filter((origin): origin is string => typeof origin === 'string');
}

export async function isRecognitionOff(origin: string): Promise<boolean> {
  return (await recognitionSitesOff()).includes(origin);
}

/** Switch recognition on or off for a site, then tell open tabs to ask their state again. */
export async function setRecognitionSite(req: {
  origin: string;
  enabled: boolean;
}): Promise<Result<{ off: string[] }>> {
  const origin = typeof req.origin === 'string' ? siteOrigin(req.origin) : null;
  if (!origin || typeof req.enabled !== 'boolean') {
    const failure: Failure = {
      ok: false,
      code: 'invalid_request',
      message: 'Recognition can be switched off only for web sites (http or https addresses).',
    };
    return failure;
  }
  const rest = (await recognitionSitesOff()).filter((other) => other !== origin);
  const off = req.enabled ? rest : [...rest, origin].sort();
  const stored: StoredRecognitionOff = { version: 1, origins: off };
  await browser.storage.local.set({ [RECOGNITION_OFF_KEY]: stored });
  void notifyOverlayTabs();
  return { ok: true, off };
}
