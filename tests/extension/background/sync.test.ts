import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getDb, getMetaDb, resetDb } from '../../../lib/db';
import { sendMessage } from '../../../lib/messaging';
import { startBackground, stopBackground } from '../../../lib/background';
import { SYNC_PULL_LIMIT } from '../../../lib/background/sync-client';
import {
  agent,
  changes,
  initialChanges,
  conversation,
  customer,
  EPOCH,
  FakeSocket,
  fakeFetch,
  message,
  pulled,
  SERVER,
  serverRoutes,
  signedIn,
} from './helpers';

async function reconnected(count: number): Promise<FakeSocket> {
  await vi.waitFor(() => expect(FakeSocket.instances).toHaveLength(count));
  return FakeSocket.last;
}

describe('cursor sync', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await resetDb();
    FakeSocket.instances = [];
  });
  afterEach(() => {
    stopBackground();
    vi.restoreAllMocks();
  });

  it('S11: a first sign-in pulls from 0 and stores the page, its cursor and the agent', async () => {
    const { socket } = await signedIn();
    expect(socket.pulls).toEqual([{ type: 'sync.pull', since: 0, limit: SYNC_PULL_LIMIT }]);
    const db = getDb();
    expect(await db.conversations.toArray()).toEqual([conversation({ unreadCount: 1 })]);
    expect(await db.customers.toArray()).toEqual([customer()]);
    expect(await db.messages.toArray()).toEqual([{ ...message(), delivery: 'sent' }]);
    expect(await db.agents.toArray()).toEqual([agent]);
    expect(await db.sync.get('cursor')).toEqual({ key: 'cursor', seq: 3, epoch: EPOCH });
    expect(await getMetaDb().state.get('connection')).toMatchObject({ status: 'online' });
  });

  it('S7: pulls page after page, showing progress, each page with its cursor', async () => {
    const { fetch } = fakeFetch(serverRoutes());
    const bg = startBackground({ fetch, WebSocket: FakeSocket });
    await sendMessage('auth.signIn', { serverUrl: SERVER, email: agent.email, password: 'pw' });
    const socket = FakeSocket.last;
    socket.welcome({ headSeq: 4 });
    await pulled(socket, 1);
    socket.page(changes(1, customer(), conversation()), { hasMore: true, headSeq: 4 });
    await pulled(socket, 2);
    expect(socket.pulls[1]?.since).toBe(2);
    // the next page is asked for before this one is written (pipelined), then both are stored
    await vi.waitFor(async () =>
      expect(await getDb().sync.get('cursor')).toMatchObject({ seq: 2 }),
    );
    await vi.waitFor(async () =>
      expect(await getMetaDb().state.get('sync')).toMatchObject({
        syncing: true,
        applied: 2,
        total: 4,
      }),
    );
    socket.page(changes(3, message(), message({ id: 'me2', clientId: 'cl2' })), { headSeq: 4 });
    await bg.idle();
    expect(await getDb().messages.count()).toBe(2);
    expect(await getMetaDb().state.get('sync')).toMatchObject({ syncing: false, applied: 4 });
  });

  it('S7: a page whose transaction fails midway changes neither the data nor the cursor', async () => {
    const { bg, socket } = await signedIn();
    const db = getDb();
    vi.spyOn(db.sync, 'put').mockRejectedValueOnce(new Error('crash between writes'));
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    socket.live(
      changes(4, message({ id: 'me4', clientId: 'cl4' }), conversation({ unreadCount: 2 })),
    );
    await bg.idle();
    expect(await db.messages.get('me4')).toBeUndefined();
    expect((await db.conversations.get('co1'))?.unreadCount).toBe(1);
    expect(await db.sync.get('cursor')).toMatchObject({ seq: 3 });
  });

  it('S8: applies the next commit, ignores one already applied', async () => {
    const { bg, socket } = await signedIn();
    const db = getDb();
    socket.live(
      changes(4, message({ id: 'me4', clientId: 'cl4' }), conversation({ unreadCount: 2 })),
    );
    await bg.idle();
    expect(await db.messages.get('me4')).toMatchObject({ delivery: 'sent' });
    expect(await db.sync.get('cursor')).toMatchObject({ seq: 5 });
    socket.live(changes(2, conversation({ unreadCount: 9 })));
    await bg.idle();
    expect((await db.conversations.get('co1'))?.unreadCount).toBe(2);
    expect(socket.pulls).toHaveLength(1);
  });

  it('S8: a gap triggers a pull from the cursor; frames arriving meanwhile are checked after it', async () => {
    const { bg, socket } = await signedIn();
    const db = getDb();
    socket.live(changes(6, message({ id: 'me6', clientId: 'cl6' })));
    await pulled(socket, 2);
    expect(socket.pulls[1]?.since).toBe(3);
    expect(await db.messages.get('me6')).toBeUndefined();
    socket.live(changes(7, message({ id: 'me7', clientId: 'cl7' }))); // during the pull
    socket.live(changes(5, message({ id: 'me5', clientId: 'cl5' }))); // will be ≤ cursor
    socket.page(
      changes(
        4,
        message({ id: 'me4', clientId: 'cl4' }),
        customer(),
        message({ id: 'me6', clientId: 'cl6' }),
      ),
    );
    await bg.idle();
    expect(await db.sync.get('cursor')).toMatchObject({ seq: 7 });
    expect(await db.messages.get('me7')).toBeDefined();
    expect(await db.messages.get('me5')).toBeUndefined();
    expect(socket.pulls).toHaveLength(2);
  });

  it('S3: another epoch at welcome wipes the data (not the outbox) and pulls from 0', async () => {
    const { bg, socket } = await signedIn({ deps: { random: () => 0 } });
    const db = getDb();
    socket.serverClose(1006); // offline: the message stays in the outbox
    await sendMessage('message.send', {
      conversationId: 'co1',
      clientId: 'cl9',
      text: 'Still there?',
    });
    const next = await reconnected(2);
    next.welcome({ syncEpoch: 'epoch-2' });
    await pulled(next, 1);
    expect(next.pulls[0]?.since).toBe(0);
    expect(await db.conversations.count()).toBe(0);
    expect(await db.messages.toArray()).toEqual([
      expect.objectContaining({ id: 'cl9', delivery: 'pending' }),
    ]);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.sync.get('cursor')).toEqual({ key: 'cursor', seq: 0, epoch: 'epoch-2' });
    next.page(changes(1, conversation()), { epoch: 'epoch-2' });
    await bg.account!.sync.idle(); // the outbox now waits for the server's ack
    expect(await db.sync.get('cursor')).toEqual({ key: 'cursor', seq: 1, epoch: 'epoch-2' });
    expect(socket).not.toBe(next);
  });

  it('S3: cursor_invalid wipes the data, keeps the outbox and pulls again from 0', async () => {
    const { bg, socket } = await signedIn();
    const db = getDb();
    await db.outbox.add({
      kind: 'conversation.read',
      conversationId: 'co1',
      clientId: 'r1',
      status: 'failed',
      createdAt: 1,
    });
    socket.live(changes(9, conversation()));
    await pulled(socket, 2);
    socket.receive({ type: 'error', code: 'cursor_invalid', message: 'Pull from 0.' });
    await pulled(socket, 3);
    expect(socket.pulls[2]?.since).toBe(0);
    expect(await db.conversations.count()).toBe(0);
    expect(await db.outbox.count()).toBe(1);
    socket.page(changes(1, conversation({ id: 'co2' })));
    await bg.idle();
    expect(await db.conversations.toCollection().primaryKeys()).toEqual(['co2']);
    expect(await db.sync.get('cursor')).toMatchObject({ seq: 1 });
  });

  it('S11: a restarted worker pulls from the stored cursor, not from 0', async () => {
    await signedIn();
    stopBackground();
    startBackground({ WebSocket: FakeSocket });
    const socket = await reconnected(2);
    socket.welcome();
    await pulled(socket, 1);
    expect(socket.pulls[0]).toMatchObject({ since: 3 });
  });

  it('S7: a full disk is shown in the sync row; live frames keep being handled and retried', async () => {
    const { bg, socket } = await signedIn();
    const db = getDb();
    const full = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    vi.spyOn(db.messages, 'bulkPut').mockRejectedValueOnce(full);
    socket.live(changes(4, message({ id: 'me4', clientId: 'cl4' })));
    await bg.idle();
    expect(await getMetaDb().state.get('sync')).toMatchObject({
      storageError: expect.stringContaining("can't save to this browser's storage") as unknown,
    });
    expect(await db.sync.get('cursor')).toMatchObject({ seq: 3 });
    expect(bg.connection.online).toBe(true);
    socket.live(changes(5, message({ id: 'me5', clientId: 'cl5' })));
    await pulled(socket, 2);
    expect(socket.pulls[1]?.since).toBe(3);
    socket.page(
      changes(4, message({ id: 'me4', clientId: 'cl4' }), message({ id: 'me5', clientId: 'cl5' })),
    );
    await bg.idle();
    expect(await db.messages.count()).toBe(3);
    expect(await getMetaDb().state.get('sync')).toMatchObject({ storageError: null });
  });

  it('S7: when a page cannot be stored, the page already asked for after it is not applied', async () => {
    const { bg, socket } = await signedIn();
    const db = getDb();
    const full = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    vi.spyOn(db.messages, 'bulkPut').mockRejectedValueOnce(full);
    socket.live(changes(9, conversation()));
    await pulled(socket, 2);
    socket.page(changes(4, message({ id: 'me4', clientId: 'cl4' })), { hasMore: true });
    await pulled(socket, 3); // asked ahead, since 4
    await bg.account!.sync.idle();
    socket.page(changes(5, message({ id: 'me5', clientId: 'cl5' }))); // answers the dropped ask
    await bg.idle();
    expect(await db.sync.get('cursor')).toMatchObject({ seq: 3 });
    expect(await db.messages.get('me5')).toBeUndefined();
    socket.live(changes(10, conversation()));
    await pulled(socket, 4);
    expect(socket.pulls[3]?.since).toBe(3);
    socket.page(
      changes(4, message({ id: 'me4', clientId: 'cl4' }), message({ id: 'me5', clientId: 'cl5' })),
    );
    await bg.idle();
    expect(await db.sync.get('cursor')).toMatchObject({ seq: 5 });
  });

  it('S7: a pull answered by a server error is asked again; the sync ends and the outbox sends', async () => {
    const { fetch } = fakeFetch(serverRoutes());
    const bg = startBackground({ fetch, WebSocket: FakeSocket, random: () => 0 });
    await sendMessage('auth.signIn', { serverUrl: SERVER, email: agent.email, password: 'pw' });
    const socket = FakeSocket.last;
    socket.welcome();
    await pulled(socket, 1);
    await sendMessage('message.send', { conversationId: 'co1', clientId: 'cl9', text: 'Hello' });
    socket.receive({ type: 'error', code: 'internal', message: 'Database hiccup.' });
    await pulled(socket, 2);
    expect(socket.pulls[1]?.since).toBe(0);
    expect(socket.sentOfType('message.send')).toEqual([]); // not before the pull is over
    socket.page(initialChanges());
    await vi.waitFor(() =>
      expect(socket.sentOfType('message.send')).toEqual([
        { type: 'message.send', conversationId: 'co1', clientId: 'cl9', text: 'Hello' },
      ]),
    );
    socket.receive({ type: 'ack', clientId: 'cl9' });
    await bg.idle();
    expect(await getDb().outbox.count()).toBe(0);
    expect(await getDb().sync.get('cursor')).toMatchObject({ seq: 3 });
    expect(await getMetaDb().state.get('sync')).toMatchObject({ syncing: false });
    expect(socket.closedByClient).toBeNull();
  });

  it('S7: a pull that keeps failing reconnects, and the next welcome pulls again', async () => {
    const { fetch } = fakeFetch(serverRoutes());
    startBackground({ fetch, WebSocket: FakeSocket, random: () => 0 });
    await sendMessage('auth.signIn', { serverUrl: SERVER, email: agent.email, password: 'pw' });
    const socket = FakeSocket.last;
    socket.welcome();
    for (let i = 1; i <= 4; i++) {
      await pulled(socket, i);
      socket.receive({ type: 'error', code: 'internal', message: 'Still down.' });
    }
    await vi.waitFor(() => expect(socket.closedByClient).not.toBeNull());
    await vi.waitFor(() => expect(FakeSocket.instances).toHaveLength(2));
    FakeSocket.last.welcome();
    await pulled(FakeSocket.last, 1);
  });

  it('S7: a pull without an answer in time reconnects, and the next welcome pulls again', async () => {
    const { fetch } = fakeFetch(serverRoutes());
    const bg = startBackground({
      fetch,
      WebSocket: FakeSocket,
      random: () => 0,
      pullTimeoutMs: 50,
    });
    await sendMessage('auth.signIn', { serverUrl: SERVER, email: agent.email, password: 'pw' });
    const socket = FakeSocket.last;
    socket.welcome();
    await pulled(socket, 1);
    await vi.waitFor(() => expect(socket.closedByClient).not.toBeNull());
    await vi.waitFor(() => expect(FakeSocket.instances).toHaveLength(2));
    const next = FakeSocket.last;
    next.welcome();
    await pulled(next, 1);
    next.page(initialChanges());
    await bg.idle();
    expect(await getDb().sync.get('cursor')).toMatchObject({ seq: 3 });
  });
});
