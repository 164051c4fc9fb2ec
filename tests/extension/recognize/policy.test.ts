import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  adminPolicy,
  forgetAdminPolicy,
  POLICY_WAIT_MS,
} from '../../../lib/background/admin-policy';
import { RECOGNITION_OFF_KEY, readStoredSiteList } from '../../../lib/background/site-lists';
import { sendMessage } from '../../../lib/messaging';
import { matchesSitePattern, siteIsOff } from '../../../lib/overlay/site-patterns';
import { signedIn } from '../background/helpers';
import { contentScriptAt, freshBackgroundEachTest, fromContentScript } from '../overlay/helpers';

// O5: the admin's off-by-default sites from enterprise policy (managed storage), under the
// agent's own per-site switch.

const PAGE = 'https://crm.example.com';
const state = (type: 'recognize.state' | 'overlay.state', url = `${PAGE}/contacts`) =>
  fromContentScript(type, undefined, contentScriptAt(url));

describe('O5: admin site patterns', () => {
  it.each([
    ['https://mail.example.com', 'https://mail.example.com', true],
    ['https://mail.example.com', 'https://mail.example.com/', true],
    ['https://mail.example.com', 'HTTPS://Mail.Example.com', true],
    ['http://mail.example.com', 'https://mail.example.com', false],
    ['https://mail.example.com:8443', 'https://mail.example.com', false],
    ['https://mail.example.com:8443', 'https://mail.example.com:8443', true],
    ['https://mail.example.com', 'mail.example.com', true],
    ['http://mail.example.com:8080', 'mail.example.com', true],
    ['https://other.example.com', 'mail.example.com', false],
    ['https://example.com', '*.example.com', true],
    ['https://a.b.example.com', '*.example.com', true],
    ['https://badexample.com', '*.example.com', false],
    ['https://example.com.evil.test', '*.example.com', false],
    ['http://a.example.com', 'https://*.example.com', false],
    ['https://a.example.com', 'https://*.example.com', true],
    ['https://a.example.com', '', false],
    ['https://a.example.com', '*', false],
    ['https://a.example.com', 'not a pattern', false],
    ['https://a.example.com', 'ftp://a.example.com', false],
  ])('%s against %j: %s', (origin, pattern, expected) => {
    expect(matchesSitePattern(origin, pattern)).toBe(expected);
  });

  it('is off where the agent said so, or by policy unless the agent switched it on', () => {
    const states = {
      off: ['https://a.test'],
      on: ['https://b.example.com'],
      policy: ['*.example.com'],
    };
    expect(siteIsOff(states, 'https://a.test')).toBe(true);
    expect(siteIsOff(states, 'https://c.example.com')).toBe(true);
    expect(siteIsOff(states, 'https://b.example.com')).toBe(false);
    expect(siteIsOff(states, 'https://other.test')).toBe(false);
  });

  it('reads the stored list of version 1 and version 2 (and nothing or junk as empty)', () => {
    expect(readStoredSiteList({ version: 1, origins: ['https://a.test', 3] })).toEqual({
      version: 2,
      off: ['https://a.test'],
      on: [],
    });
    expect(
      readStoredSiteList({ version: 2, off: ['https://a.test'], on: ['https://b.test'] }),
    ).toEqual({ version: 2, off: ['https://a.test'], on: ['https://b.test'] });
    expect(readStoredSiteList(undefined)).toEqual({ version: 2, off: [], on: [] });
    expect(readStoredSiteList({ version: 9, off: ['x'] })).toEqual({ version: 2, off: [], on: [] });
  });
});

describe('O5: sites off by default where the admin says so', () => {
  freshBackgroundEachTest();

  it('with no policy, recognition and macros are on everywhere (managed storage empty)', async () => {
    await signedIn();
    expect(await state('recognize.state')).toEqual({ enabled: true });
    expect(await state('overlay.state')).toEqual({ enabled: true });
    expect(await sendMessage('recognition.sites')).toEqual({
      ok: true,
      off: [],
      on: [],
      policy: [],
    });
  });

  it('with no policy, when managed storage throws (Firefox without a policy) or is missing', async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(
      new Error('Managed storage manifest not found'),
    );
    await signedIn();
    expect(await state('recognize.state')).toEqual({ enabled: true });
    vi.restoreAllMocks();

    const storage = fakeBrowser.storage as { managed?: unknown };
    const managed = storage.managed;
    storage.managed = undefined;
    try {
      forgetAdminPolicy();
      expect(await adminPolicy()).toEqual({ recognitionOffByDefault: [], macrosOffByDefault: [] });
    } finally {
      storage.managed = managed;
    }
  });

  it('is off on the sites the policy lists, each feature by its own policy', async () => {
    await fakeBrowser.storage.managed.set({
      recognitionOffByDefault: ['*.example.com', 42],
      macrosOffByDefault: ['https://mail.example.com'],
    });
    await signedIn();
    expect(await state('recognize.state')).toEqual({ enabled: false, reason: 'site_off' });
    expect(await state('recognize.state', 'https://crm.other.test/')).toEqual({ enabled: true });
    expect(await state('overlay.state')).toEqual({ enabled: true });
    expect(await state('overlay.state', 'https://mail.example.com/u/0')).toEqual({
      enabled: false,
      reason: 'site_off',
    });
    expect(await sendMessage('recognition.sites')).toEqual({
      ok: true,
      off: [],
      on: [],
      policy: ['*.example.com'],
    });
  });

  it('lets the agent switch a site on over the policy, and off again', async () => {
    await fakeBrowser.storage.managed.set({ recognitionOffByDefault: ['*.example.com'] });
    await signedIn();
    expect(await sendMessage('recognition.setSite', { origin: PAGE, enabled: true })).toEqual({
      ok: true,
      off: [],
      on: [PAGE],
      policy: ['*.example.com'],
    });
    expect(await state('recognize.state')).toEqual({ enabled: true });
    // Other sites the policy lists stay off.
    expect(await state('recognize.state', 'https://mail.example.com/')).toMatchObject({
      enabled: false,
    });
    expect(await sendMessage('recognition.setSite', { origin: PAGE, enabled: false })).toEqual({
      ok: true,
      off: [PAGE],
      on: [],
      policy: ['*.example.com'],
    });
    expect(await state('recognize.state')).toMatchObject({ enabled: false });
    expect((await fakeBrowser.storage.local.get(RECOGNITION_OFF_KEY))[RECOGNITION_OFF_KEY]).toEqual(
      { version: 2, off: [PAGE], on: [] },
    );
  });

  it('keeps a version 1 list working and writes version 2 at the next switch', async () => {
    await fakeBrowser.storage.local.set({
      [RECOGNITION_OFF_KEY]: { version: 1, origins: [PAGE] },
    });
    await signedIn();
    expect(await state('recognize.state')).toEqual({ enabled: false, reason: 'site_off' });
    await sendMessage('recognition.setSite', { origin: 'https://b.test', enabled: false });
    expect((await fakeBrowser.storage.local.get(RECOGNITION_OFF_KEY))[RECOGNITION_OFF_KEY]).toEqual(
      { version: 2, off: ['https://b.test', PAGE], on: [] },
    );
    expect(await state('recognize.state')).toEqual({ enabled: false, reason: 'site_off' });
  });

  it('follows a policy change and tells open tabs to ask again', async () => {
    await signedIn();
    expect(await state('recognize.state')).toEqual({ enabled: true });
    await fakeBrowser.tabs.create({ url: `${PAGE}/contacts` });
    const notified = vi.mocked(fakeBrowser.tabs.sendMessage);
    notified.mockClear();
    await fakeBrowser.storage.managed.set({ recognitionOffByDefault: ['crm.example.com'] });
    await vi.waitFor(() =>
      expect(notified).toHaveBeenCalledWith(expect.any(Number), {
        rapportOverlay: 1,
        type: 'state.changed',
      }),
    );
    expect(await state('recognize.state')).toEqual({ enabled: false, reason: 'site_off' });
    await fakeBrowser.storage.managed.remove('recognitionOffByDefault');
    expect(await state('recognize.state')).toEqual({ enabled: true });
  });

  it('answers as if there were no policy while managed storage does not answer, then tells tabs', async () => {
    let answer: (value: Record<string, unknown>) => void = () => {};
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockReturnValue(
      new Promise((resolve) => (answer = resolve)),
    );
    forgetAdminPolicy();
    await fakeBrowser.tabs.create({ url: `${PAGE}/contacts` });
    const notified = vi.mocked(fakeBrowser.tabs.sendMessage);
    vi.useFakeTimers();
    try {
      const first = adminPolicy();
      await vi.advanceTimersByTimeAsync(POLICY_WAIT_MS);
      expect(await first).toEqual({ recognitionOffByDefault: [], macrosOffByDefault: [] });
      // Later requests do not wait again.
      expect(await adminPolicy()).toEqual({ recognitionOffByDefault: [], macrosOffByDefault: [] });
    } finally {
      vi.useRealTimers();
    }
    notified.mockClear();
    answer({ recognitionOffByDefault: ['*.example.com'] });
    await vi.waitFor(() =>
      expect(notified).toHaveBeenCalledWith(expect.any(Number), {
        rapportOverlay: 1,
        type: 'state.changed',
      }),
    );
    expect(await adminPolicy()).toEqual({
      recognitionOffByDefault: ['*.example.com'],
      macrosOffByDefault: [],
    });
  });
});
