import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { resetDb } from '../../../lib/db';
import { sendMessage } from '../../../lib/messaging';
import { startBackground, stopBackground } from '../../../lib/background';
import type { Background } from '../../../lib/background/background';
import { NOTIFICATION_PREFIX } from '../../../lib/background/notifications';
import { VISIBILITY_TTL_MS } from '../../../lib/background/visibility';
import {
  agent,
  changes,
  conversation,
  customer,
  FakeSocket,
  fakeFetch,
  pulled,
  SERVER,
  serverRoutes,
  signedIn,
} from './helpers';

async function started(): Promise<Background> {
  return (await signedIn()).bg; // the cache starts with conversation co1, cursor 3
}

let seq = 4;

async function receiveConversation(bg: Background, id: string, status: 'open' | 'closed' = 'open') {
  FakeSocket.last.live(changes(seq++, conversation({ id, status })));
  await bg.idle();
}

describe('desktop notifications', () => {
  beforeEach(async () => {
    seq = 4;
    fakeBrowser.reset();
    await resetDb();
    FakeSocket.instances = [];
  });
  afterEach(() => {
    stopBackground();
    vi.useRealTimers();
  });

  it('announce a new open conversation when the side panel is not in view', async () => {
    const bg = await started();
    await sendMessage('sidepanel.visibility', { visible: false });
    await receiveConversation(bg, 'co2');
    const shown = await vi.waitFor(async () => {
      const all = await fakeBrowser.notifications.getAll();
      expect(Object.keys(all)).toHaveLength(1);
      return all;
    });
    expect(Object.keys(shown)).toEqual([`${NOTIFICATION_PREFIX}co2`]);
    expect(shown[`${NOTIFICATION_PREFIX}co2`]).toMatchObject({
      type: 'basic',
      iconUrl: 'chrome-extension://test-extension-id/icon/128.png',
      title: 'New conversation with Grace',
      message: 'Hi, my order is late',
    });
  });

  it('stay quiet while the side panel is in view', async () => {
    const bg = await started();
    expect(await sendMessage('sidepanel.visibility', { visible: true })).toEqual({ ok: true });
    await receiveConversation(bg, 'co2');
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('announce again when the side panel has not reported for a minute', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const bg = await started();
    await sendMessage('sidepanel.visibility', { visible: true });
    vi.setSystemTime(Date.now() + VISIBILITY_TTL_MS + 1);
    await receiveConversation(bg, 'co2');
    await vi.waitFor(async () =>
      expect(Object.keys(await fakeBrowser.notifications.getAll())).toHaveLength(1),
    );
  });

  it('are not shown for conversations already known, nor for closed ones', async () => {
    const bg = await started();
    await receiveConversation(bg, 'co1');
    await receiveConversation(bg, 'co3', 'closed');
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('are not shown on any page of a cold pull from 0', async () => {
    const { fetch } = fakeFetch(serverRoutes());
    const bg = startBackground({ fetch, WebSocket: FakeSocket });
    await sendMessage('auth.signIn', { serverUrl: SERVER, email: agent.email, password: 'pw' });
    const socket = FakeSocket.last;
    socket.welcome();
    await pulled(socket, 1);
    socket.page(changes(1, customer(), conversation()), { hasMore: true });
    await pulled(socket, 2);
    socket.page(changes(3, conversation({ id: 'co3', unreadCount: 1 })));
    await bg.idle();
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
  });

  it('are not shown during a cold pull from 0, but are during a catch-up pull', async () => {
    const bg = await started(); // its cold pull brought the open conversation co1: no notification
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
    const socket = FakeSocket.last;
    socket.live(changes(9, conversation({ id: 'co9' }))); // a gap: catch-up pull from 3
    await pulled(socket, 2);
    socket.page(
      changes(
        4,
        customer({ id: 'cu2', name: 'Linus' }),
        conversation({ id: 'co4', customerId: 'cu2' }),
      ),
    );
    await bg.idle();
    await vi.waitFor(async () =>
      expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([
        `${NOTIFICATION_PREFIX}co4`,
      ]),
    );
  });

  it('open the side panel and go away when clicked', async () => {
    const bg = await started();
    const open = vi.fn(() => Promise.resolve());
    (fakeBrowser as unknown as { sidePanel: unknown }).sidePanel = { open };
    vi.spyOn(fakeBrowser.windows, 'getLastFocused').mockResolvedValue({ id: 7 } as never);
    await receiveConversation(bg, 'co2');
    await vi.waitFor(async () =>
      expect(Object.keys(await fakeBrowser.notifications.getAll())).toHaveLength(1),
    );
    await fakeBrowser.notifications.onClicked.trigger(`${NOTIFICATION_PREFIX}co2`);
    expect(open).toHaveBeenCalledWith({ windowId: 7 });
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
    delete (fakeBrowser as unknown as { sidePanel?: unknown }).sidePanel;
  });
});
