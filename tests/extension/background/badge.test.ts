import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { activateDb, resetDb } from '../../../lib/db';
import { sendMessage } from '../../../lib/messaging';
import { stopBackground } from '../../../lib/background';
import { BADGE_COLOR, updateBadge } from '../../../lib/background/badge';
import { changes, conversation, FakeSocket, signedIn } from './helpers';

describe('the toolbar badge', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await resetDb();
    FakeSocket.instances = [];
  });
  afterEach(() => stopBackground());

  it('shows the number of conversations with unread messages, nothing at 0', async () => {
    const db = activateDb('badge-test');
    await db.conversations.bulkPut([
      conversation({ id: 'a', unreadCount: 3 }),
      conversation({ id: 'b', unreadCount: 1 }),
      conversation({ id: 'c', unreadCount: 0 }),
    ]);
    await updateBadge(db);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([217, 48, 37, 255]);
    expect(BADGE_COLOR).toBe('#d93025');

    await db.conversations.bulkPut([conversation({ id: 'a' }), conversation({ id: 'b' })]);
    await updateBadge(db);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('is counted after the first pull and each live change, cleared by a read and on sign-out', async () => {
    const { bg, socket } = await signedIn();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');

    socket.live(changes(4, conversation({ id: 'co2', unreadCount: 1 })));
    await bg.idle();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');

    await sendMessage('conversation.read', { conversationId: 'co2' });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');

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
      const db = activateDb('badge-test-2');
      await db.conversations.put(conversation({ unreadCount: 4 }));
      await updateBadge(db);
    } finally {
      target.action = saved;
    }
    expect(texts).toEqual(['1']);
  });
});
