import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { activateDb, getDb, getMetaDb, resetDb, type CachedMessage } from '../../../lib/db';
import { sendMessage } from '../../../lib/messaging';
import { stopBackground } from '../../../lib/background';
import { enforceRetention, KEEP_PER_OPEN_CONVERSATION } from '../../../lib/background/retention';
import {
  changes,
  conversation,
  FakeSocket,
  json,
  message,
  serverRoutes,
  signedIn,
} from './helpers';

const cached = (
  conversationId: string,
  createdAt: number,
  extra: Partial<CachedMessage> = {},
): CachedMessage => ({
  ...message({
    id: `${conversationId}-${createdAt}`,
    clientId: `c-${conversationId}-${createdAt}`,
    conversationId,
    createdAt,
  }),
  delivery: 'sent',
  ...extra,
});

describe('older history and retention', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await resetDb();
    FakeSocket.instances = [];
  });
  afterEach(() => {
    stopBackground();
    vi.restoreAllMocks();
  });

  it('S13: conversation.open fetches the latest page when few are cached, and marks read via the outbox', async () => {
    const older = message({ id: 'me0', clientId: 'cl0', createdAt: 1_000 });
    const { socket, calls } = await signedIn({
      routes: serverRoutes({
        'GET /api/conversations/co1/messages': () =>
          json({ messages: [older, message()], hasMore: true }),
      }),
    });
    expect(await sendMessage('conversation.open', { conversationId: 'co1' })).toEqual({ ok: true });
    expect(calls.at(-1)?.url).toMatch(/\/api\/conversations\/co1\/messages\?limit=50$/);
    const db = getDb();
    expect(await db.messages.get('me0')).toMatchObject({ delivery: 'sent' });
    expect(await db.history.get('co1')).toEqual({
      conversationId: 'co1',
      oldestCreatedAt: 1_000,
      hasMore: true,
    });
    expect((await db.conversations.get('co1'))?.unreadCount).toBe(0);
    await vi.waitFor(() => expect(socket.sentOfType('conversation.read')).toHaveLength(1));
  });

  it('S13: conversation.open does not fetch when enough messages are cached', async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      message({ id: `m${i}`, clientId: `c${i}`, createdAt: i + 1 }),
    );
    const { calls } = await signedIn({ initial: changes(1, conversation(), ...many) });
    const before = calls.length;
    expect(await sendMessage('conversation.open', { conversationId: 'co1' })).toEqual({ ok: true });
    expect(calls).toHaveLength(before);
  });

  it('S13: loadOlder fetches the page before the oldest cached message and remembers hasMore', async () => {
    const older = message({ id: 'me0', clientId: 'cl0', createdAt: 500 });
    const { calls } = await signedIn({
      routes: serverRoutes({
        'GET /api/conversations/co1/messages': () => json({ messages: [older], hasMore: false }),
      }),
    });
    expect(await sendMessage('conversation.loadOlder', { conversationId: 'co1' })).toEqual({
      ok: true,
      hasMore: false,
    });
    expect(calls.at(-1)?.url).toMatch(/messages\?limit=50&before=2000$/);
    expect(await getDb().messages.get('me0')).toBeDefined();
    expect(await getDb().history.get('co1')).toEqual({
      conversationId: 'co1',
      oldestCreatedAt: 500,
      hasMore: false,
    });
  });

  it('S13: a 401 while fetching history ends the session', async () => {
    await signedIn({
      routes: serverRoutes({
        'GET /api/conversations/co1/messages': () =>
          json({ code: 'unauthorized', message: 'Sign in again.' }, 401),
      }),
    });
    const answer = await sendMessage('conversation.loadOlder', { conversationId: 'co1' });
    expect(answer).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(await getMetaDb().state.get('connection')).toMatchObject({ status: 'signed_out' });
  });

  it('S13: retention evicts the oldest messages of closed conversations first, never unsent ones', async () => {
    const db = activateDb('retention-test');
    await db.conversations.bulkPut([
      conversation({ id: 'open1' }),
      conversation({ id: 'closed1', status: 'closed' }),
    ]);
    await db.messages.bulkPut([
      ...Array.from({ length: 5 }, (_, i) => cached('closed1', 100 + i)),
      cached('closed1', 50, { id: 'unsent', delivery: 'failed', failure: 'Closed.', unsent: 1 }),
      ...Array.from({ length: 5 }, (_, i) => cached('open1', 10 + i)),
    ]);
    expect(await enforceRetention(db, 8)).toBe(3);
    const closed = await db.messages.where('conversationId').equals('closed1').primaryKeys();
    expect(closed.sort()).toEqual(['closed1-103', 'closed1-104', 'unsent']);
    expect(await db.messages.filter((m) => m.conversationId === 'open1').count()).toBe(5);
    expect(await db.history.get('closed1')).toEqual({
      conversationId: 'closed1',
      oldestCreatedAt: 50,
      hasMore: true,
    });
  });

  it('S13: retention then trims open conversations beyond their latest messages', async () => {
    const db = activateDb('retention-test-2');
    await db.conversations.bulkPut([conversation({ id: 'open1' })]);
    const count = KEEP_PER_OPEN_CONVERSATION + 10;
    await db.messages.bulkPut(Array.from({ length: count }, (_, i) => cached('open1', 1_000 + i)));
    expect(await enforceRetention(db, 100)).toBe(10); // the latest 200 stay
    expect(await db.history.get('open1')).toMatchObject({ oldestCreatedAt: 1_010, hasMore: true });
  });

  it('S13: retention runs after a pull, with the injected limit', async () => {
    const many = Array.from({ length: 6 }, (_, i) =>
      message({ id: `m${i}`, clientId: `c${i}`, conversationId: 'gone', createdAt: i + 1 }),
    );
    await signedIn({
      initial: changes(1, conversation(), message(), ...many),
      deps: { maxCachedMessages: 4 },
    });
    const db = getDb();
    expect(await db.messages.count()).toBe(4);
    expect(await db.messages.get('me1')).toBeDefined();
    expect(await db.messages.get('m5')).toBeDefined();
  });
});
