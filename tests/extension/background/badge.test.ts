import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { resetDb } from '../../../lib/db';
import { sendMessage } from '../../../lib/messaging';
import { startBackground, stopBackground } from '../../../lib/background';
import { BADGE_COLOR, updateBadge } from '../../../lib/background/badge';
import { CacheWriter } from '../../../lib/background/cache-writer';
import { agent, conversation, FakeSocket, fakeFetch, SERVER, serverRoutes } from './helpers';

describe('the toolbar badge', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await resetDb();
    FakeSocket.instances = [];
  });
  afterEach(() => stopBackground());

  it('shows the number of conversations with unread messages, nothing at 0', async () => {
    const cache = new CacheWriter(() => updateBadge());
    await cache.putConversation(conversation({ id: 'a', unreadCount: 3 }));
    await cache.putConversation(conversation({ id: 'b', unreadCount: 1 }));
    await cache.putConversation(conversation({ id: 'c', unreadCount: 0 }));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([217, 48, 37, 255]);
    expect(BADGE_COLOR).toBe('#d93025');

    await cache.putConversation(conversation({ id: 'a', unreadCount: 0 }));
    await cache.putConversation(conversation({ id: 'b', unreadCount: 0 }));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('follows conversation.updated frames and is cleared on sign-out', async () => {
    const { fetch } = fakeFetch(serverRoutes());
    const bg = startBackground({ fetch, WebSocket: FakeSocket });
    await sendMessage('auth.signIn', { serverUrl: SERVER, email: agent.email, password: 'pw' });
    FakeSocket.last.welcome();
    await bg.syncing;
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');

    FakeSocket.last.receive({
      type: 'conversation.updated',
      conversation: conversation({ id: 'co2', unreadCount: 1 }),
    });
    await bg.cache.idle();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');

    await sendMessage('auth.signOut');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('uses browserAction where action is missing (Firefox MV2)', async () => {
    const texts: string[] = [];
    const browserAction = {
      setBadgeText: ({ text }: { text: string }) => void texts.push(text),
      setBadgeBackgroundColor: () => {},
    };
    const saved = fakeBrowser.action;
    const target = fakeBrowser as unknown as Record<string, unknown>;
    target.action = undefined;
    target.browserAction = browserAction;
    try {
      await new CacheWriter(() => updateBadge()).putConversation(conversation({ unreadCount: 4 }));
    } finally {
      target.action = saved;
    }
    expect(texts).toEqual(['1']);
  });
});
