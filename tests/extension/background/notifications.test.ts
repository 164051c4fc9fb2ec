import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { resetDb } from '../../../lib/db';
import { sendMessage } from '../../../lib/messaging';
import { startBackground, stopBackground } from '../../../lib/background';
import type { Background } from '../../../lib/background/background';
import { NOTIFICATION_PREFIX } from '../../../lib/background/notifications';
import { VISIBILITY_TTL_MS } from '../../../lib/background/visibility';
import { agent, conversation, FakeSocket, fakeFetch, SERVER, serverRoutes } from './helpers';

async function signedIn(): Promise<Background> {
  const { fetch } = fakeFetch(serverRoutes()); // the cache starts with conversation co1
  const bg = startBackground({ fetch, WebSocket: FakeSocket });
  await sendMessage('auth.signIn', { serverUrl: SERVER, email: agent.email, password: 'pw' });
  FakeSocket.last.welcome();
  await bg.syncing;
  return bg;
}

async function receiveConversation(bg: Background, id: string, status: 'open' | 'closed' = 'open') {
  FakeSocket.last.receive({
    type: 'conversation.updated',
    conversation: conversation({ id, status }),
  });
  await bg.cache.idle();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('desktop notifications', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await resetDb();
    FakeSocket.instances = [];
  });
  afterEach(() => {
    stopBackground();
    vi.useRealTimers();
  });

  it('announce a new open conversation when the side panel is not in view', async () => {
    const bg = await signedIn();
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
    const bg = await signedIn();
    expect(await sendMessage('sidepanel.visibility', { visible: true })).toEqual({ ok: true });
    await receiveConversation(bg, 'co2');
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('announce again when the side panel has not reported for a minute', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const bg = await signedIn();
    await sendMessage('sidepanel.visibility', { visible: true });
    vi.setSystemTime(Date.now() + VISIBILITY_TTL_MS + 1);
    await receiveConversation(bg, 'co2');
    await vi.waitFor(async () =>
      expect(Object.keys(await fakeBrowser.notifications.getAll())).toHaveLength(1),
    );
  });

  it('are not shown for conversations already known, nor for closed ones', async () => {
    const bg = await signedIn();
    await receiveConversation(bg, 'co1');
    await receiveConversation(bg, 'co3', 'closed');
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('open the side panel and go away when clicked', async () => {
    const bg = await signedIn();
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
