import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import { startBackground } from '../../../lib/background';
import type { Background } from '../../../lib/background/background';
import { createOverlayHandlers } from '../../../lib/background/overlay';
import { getDb } from '../../../lib/db';
import { sendMessage } from '../../../lib/messaging';
import type { OverlaySender } from '../../../lib/overlay/messaging';
import {
  conversation,
  customer,
  FakeSocket,
  fakeFetch,
  macro,
  serverRoutes,
  signedIn,
} from '../background/helpers';
import { contentScriptAt, deliver, freshBackgroundEachTest, fromContentScript } from './helpers';

// The background's side of the overlay (lib/background/overlay.ts): what a content script on a
// web page may learn, and who may ask.

const PAGE = 'https://mail.example.com';
const contentScript = (url = `${PAGE}/inbox`) => contentScriptAt(url);
const sender: OverlaySender = { origin: PAGE, tabId: 7 };

const overlay = (type: string, data: unknown, from = contentScript()) =>
  fromContentScript(type, data, from);

const macros = [
  macro(),
  macro({
    id: 'ma2',
    shortcut: 'thx',
    title: 'Thanks',
    body: 'Thanks {{agent.first_name | "there"}}! {{cursor}}See you, {{customer.first_name | "friend"}}.',
  }),
  macro({
    id: 'ma3',
    shortcut: 'ship',
    title: 'Shipped',
    body: 'Order {{ask "Order number"}} shipped.',
  }),
];

async function withMacros(): Promise<Background> {
  const { bg } = await signedIn();
  await getDb().macros.bulkPut(macros);
  return bg;
}

describe('the overlay in the background', () => {
  freshBackgroundEachTest();

  it('O2: is off while signed out: state says so, and every request is refused', async () => {
    const { fetch } = fakeFetch(serverRoutes());
    startBackground({ fetch, WebSocket: FakeSocket });
    expect(await overlay('overlay.state', undefined)).toEqual({
      enabled: false,
      reason: 'signed_out',
    });
    expect(await overlay('overlay.lookup', { shortcut: 'refund' })).toMatchObject({
      ok: false,
      code: 'not_signed_in',
    });
    expect(await overlay('overlay.expand', { shortcut: 'refund' })).toMatchObject({
      ok: false,
      code: 'not_signed_in',
    });
  });

  it('is on once signed in, and off on a site switched off (other sites stay on)', async () => {
    await withMacros();
    expect(await overlay('overlay.state', undefined)).toEqual({ enabled: true });
    const notified = vi.mocked(fakeBrowser.tabs.sendMessage);
    notified.mockClear();
    await fakeBrowser.tabs.create({ url: `${PAGE}/inbox` });
    expect(
      await sendMessage('overlay.setSite', { origin: `${PAGE}/any/path`, enabled: false }),
    ).toEqual({ ok: true, off: [PAGE], on: [], policy: [] });
    await vi.waitFor(() =>
      expect(notified).toHaveBeenCalledWith(expect.any(Number), {
        rapportOverlay: 1,
        type: 'state.changed',
      }),
    );
    expect(await sendMessage('overlay.sites')).toEqual({
      ok: true,
      off: [PAGE],
      on: [],
      policy: [],
    });
    expect(await overlay('overlay.state', undefined)).toEqual({
      enabled: false,
      reason: 'site_off',
    });
    expect(await overlay('overlay.lookup', { shortcut: 'refund' })).toMatchObject({
      ok: false,
      code: 'site_off',
    });
    // Another site, and the same site in an about:blank frame (Chrome's sender.origin).
    expect(
      await overlay('overlay.state', undefined, contentScript('https://crm.example.com/')),
    ).toEqual({ enabled: true });
    const blank = { ...contentScript('about:blank'), origin: PAGE };
    expect(await overlay('overlay.state', undefined, blank)).toMatchObject({ enabled: false });

    expect(await sendMessage('overlay.setSite', { origin: PAGE, enabled: true })).toEqual({
      ok: true,
      off: [],
      on: [],
      policy: [],
    });
    expect(await overlay('overlay.state', undefined)).toEqual({ enabled: true });
  });

  it('refuses to switch off anything but a web site', async () => {
    await withMacros();
    for (const origin of ['chrome://settings', 'not a url', 'file:///etc/passwd']) {
      expect(await sendMessage('overlay.setSite', { origin, enabled: false })).toMatchObject({
        ok: false,
        code: 'invalid_request',
      });
    }
    expect(await sendMessage('overlay.sites')).toEqual({ ok: true, off: [], on: [], policy: [] });
  });

  it('O1: looks a shortcut up, ignoring case: found or not, and only that macro rendered', async () => {
    await withMacros();
    expect(await overlay('overlay.lookup', { shortcut: 'THX' })).toEqual({
      ok: true,
      found: true,
      hasPrompts: false,
      expansion: {
        macroId: 'ma2',
        text: 'Thanks Ada! See you, friend.',
        caret: 'Thanks Ada! '.length,
      },
    });
    // Fill-in prompts are asked before rendering: nothing rendered with the lookup.
    expect(await overlay('overlay.lookup', { shortcut: 'ship' })).toEqual({
      ok: true,
      found: true,
      hasPrompts: true,
    });
    expect(await overlay('overlay.lookup', { shortcut: 'nope' })).toEqual({
      ok: true,
      found: false,
    });
    expect(await overlay('overlay.lookup', { shortcut: 'x'.repeat(500) })).toEqual({
      ok: true,
      found: false,
    });
  });

  it('expands one macro with the agent, {{cursor}} and fallbacks', async () => {
    await withMacros();
    const text = 'Thanks Ada! See you, friend.';
    expect(await overlay('overlay.expand', { shortcut: 'Thx' })).toEqual({
      ok: true,
      prompts: [],
      expansion: { macroId: 'ma2', text, caret: 'Thanks Ada! '.length },
    });
    expect(await overlay('overlay.expand', { macroId: 'ma2' })).toMatchObject({
      expansion: { text },
    });
    expect(await overlay('overlay.expand', { shortcut: 'nope' })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
  });

  it('fills the customer of the conversation open in the side panel while it is in view', async () => {
    const bg = await withMacros();
    await getDb().customers.put(customer({ name: 'Grace Hopper' }));
    await getDb().conversations.put(conversation());
    await sendMessage('conversation.open', { conversationId: 'co1' });
    await sendMessage('sidepanel.visibility', { visible: true });
    expect(await overlay('overlay.expand', { shortcut: 'thx' })).toMatchObject({
      expansion: { text: 'Thanks Ada! See you, Grace.' },
    });
    bg.visibility.report(false);
    expect(await overlay('overlay.expand', { shortcut: 'thx' })).toMatchObject({
      expansion: { text: 'Thanks Ada! See you, friend.' },
    });
  });

  it('asks for fill-in prompts first, then renders with the answers', async () => {
    await withMacros();
    expect(await overlay('overlay.expand', { shortcut: 'ship' })).toEqual({
      ok: true,
      prompts: ['Order number'],
    });
    expect(
      await overlay('overlay.expand', {
        shortcut: 'ship',
        answers: { 'Order number': 'A-1042', other: 'ignored' },
      }),
    ).toEqual({
      ok: true,
      prompts: ['Order number'],
      expansion: { macroId: 'ma3', text: 'Order A-1042 shipped.', caret: 21 },
    });
  });

  it('searches the cached macros: at most 20 rows, each with a short preview', async () => {
    await withMacros();
    const many = Array.from({ length: 30 }, (_, i) =>
      macro({
        id: `mb${i}`,
        shortcut: `greet${i}`,
        title: `Greeting ${i}`,
        body: `Hello!\n\n${'x'.repeat(200)}`,
      }),
    );
    await getDb().macros.bulkPut(many);
    const answer = (await overlay('overlay.search', { query: 'greet', limit: 50 })) as {
      ok: true;
      items: { id: string; preview: string; shortcut: string; title: string }[];
    };
    expect(answer.ok).toBe(true);
    expect(answer.items).toHaveLength(20);
    expect(answer.items[0]!.preview).toHaveLength(80);
    expect(answer.items[0]!.preview.startsWith('Hello! xxx')).toBe(true);
    expect(answer.items[0]).not.toHaveProperty('body');
    expect(await overlay('overlay.search', { query: 'refund', limit: 5 })).toMatchObject({
      ok: true,
      items: [{ id: 'ma1', shortcut: 'refund', title: 'Refund' }],
    });
  });

  it('counts an insertion through the one counting function, for known macros only', async () => {
    const bg = await withMacros();
    const countUse = vi.fn(async () => ({ ok: true as const }));
    const handlers = createOverlayHandlers(bg, countUse);
    expect(await handlers['overlay.inserted']({ macroId: 'ma1' }, sender)).toEqual({ ok: true });
    expect(countUse).toHaveBeenCalledWith('ma1');
    expect(await handlers['overlay.inserted']({ macroId: 'nope' }, sender)).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(countUse).toHaveBeenCalledTimes(1);
    // Wired to the background's `macro.used` when started.
    expect(await overlay('overlay.inserted', { macroId: 'ma1' })).toEqual({ ok: true });
  });

  it('O1: answers only content scripts of this extension, in a tab', async () => {
    await withMacros();
    const request = { rapportOverlay: 1, type: 'overlay.lookup', data: { shortcut: 'refund' } };
    const extensionPage = {
      id: fakeBrowser.runtime.id,
      url: fakeBrowser.runtime.getURL('/popup.html'),
    };
    const extensionTab = { ...extensionPage, tab: { id: 3 } as Browser.tabs.Tab };
    for (const from of [
      undefined,
      {},
      extensionPage,
      extensionTab,
      { ...contentScript(), id: 'another-extension' },
      { ...contentScript(), tab: undefined },
    ]) {
      expect(await deliver(request, from)).toBeUndefined();
    }
    expect(await deliver(request, contentScript())).toMatchObject({ ok: true, found: true });
  });

  it('O1: refuses extension-page requests from a content script (e.g. macros.export)', async () => {
    await withMacros();
    const exportAll = { rapport: 1, type: 'macros.export', data: { format: 'json' } };
    expect(await deliver(exportAll, contentScript())).toBeUndefined();
    const setSite = { rapport: 1, type: 'overlay.setSite', data: { origin: PAGE, enabled: false } };
    expect(await deliver(setSite, contentScript())).toBeUndefined();
    expect(await sendMessage('overlay.sites')).toEqual({ ok: true, off: [], on: [], policy: [] });
    // From an extension page it is answered.
    const page = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') };
    expect(await deliver({ rapport: 1, type: 'overlay.sites' }, page)).toEqual({
      ok: true,
      off: [],
      on: [],
      policy: [],
    });
  });
});
