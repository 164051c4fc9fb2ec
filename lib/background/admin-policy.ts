import { browser } from 'wxt/browser';
import { notifyOverlayTabs } from '../overlay/messaging';

/**
 * What an admin sets through enterprise policy (the browser's managed storage; the schema is
 * public/managed-schema.json): the sites where a feature is off by default. The agent may still
 * switch a feature on for such a site in the popup (SPEC O5).
 */
export interface AdminPolicy {
  recognitionOffByDefault: string[];
  macrosOffByDefault: string[];
}

export type AdminPolicyKey = keyof AdminPolicy;
const KEYS: AdminPolicyKey[] = ['recognitionOffByDefault', 'macrosOffByDefault'];

const NO_POLICY: AdminPolicy = { recognitionOffByDefault: [], macrosOffByDefault: [] };

/**
 * How long a request waits for the first read of managed storage (Chromium can take seconds to
 * answer it first, or not answer while its policy service starts): after that, and until the
 * read answers, requests are answered as if there were no policy, and open tabs are told to ask
 * again when a policy arrives.
 */
export const POLICY_WAIT_MS = 1_000;

/** The policy once read (null: not yet, or changed since). */
let known: AdminPolicy | null = null;
let reading: Promise<AdminPolicy> | null = null;
/** A request stopped waiting for the current read. */
let gaveUp = false;

function patterns(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
}

async function read(): Promise<AdminPolicy> {
  // No policy: Chrome answers {}, Firefox without a managed-storage manifest throws, and some
  // environments have no managed area at all.
  const managed = (browser.storage as Partial<typeof browser.storage>).managed;
  if (!managed) return NO_POLICY;
  try {
    const stored = ((await managed.get(KEYS)) ?? {}) as Record<string, unknown>;
    return {
      recognitionOffByDefault: patterns(stored.recognitionOffByDefault),
      macrosOffByDefault: patterns(stored.macrosOffByDefault),
    };
  } catch {
    return NO_POLICY;
  }
}

const isEmpty = (policy: AdminPolicy): boolean =>
  policy.recognitionOffByDefault.length === 0 && policy.macrosOffByDefault.length === 0;

function startReading(): Promise<AdminPolicy> {
  const current = read().then((policy) => {
    if (reading !== current) return policy; // the policy changed meanwhile: a newer read counts
    known = policy;
    // Requests were answered without it: pages ask again now that it is known.
    if (gaveUp && !isEmpty(policy)) void notifyOverlayTabs();
    gaveUp = false;
    return policy;
  });
  reading = current;
  return current;
}

/** The admin's policy, read once and again after it changes. */
export async function adminPolicy(): Promise<AdminPolicy> {
  if (known) return known;
  const current = reading ?? startReading();
  if (gaveUp) return NO_POLICY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>(
    (resolve) => (timer = setTimeout(resolve, POLICY_WAIT_MS, null)),
  );
  const policy = await Promise.race([current, timeout]);
  clearTimeout(timer);
  if (policy) return policy;
  gaveUp = true;
  return NO_POLICY;
}

/** Forget the policy and read it again (a change in managed storage does it by itself). */
export function forgetAdminPolicy(): void {
  known = null;
  reading = null;
  gaveUp = false;
}

function onStorageChanged(_changes: unknown, area: string): void {
  if (area !== 'managed') return;
  forgetAdminPolicy();
  void startReading();
  void notifyOverlayTabs(); // open pages ask their state again
}

/** Follow policy changes while the background runs; returns the way to stop. */
export function watchAdminPolicy(): () => void {
  forgetAdminPolicy();
  void startReading(); // early: usually known before the first page asks
  browser.storage.onChanged.addListener(onStorageChanged);
  return () => browser.storage.onChanged.removeListener(onStorageChanged);
}
