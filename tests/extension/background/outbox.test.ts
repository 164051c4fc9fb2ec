import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getDb, getMetaDb, resetDb } from '../../../lib/db';
import type { RequestData } from '../../../lib/messages';
import { sendMessage } from '../../../lib/messaging';
import { startBackground, stopBackground } from '../../../lib/background';
import { agent, conversation, FakeSocket, message, pulled, signedIn } from './helpers';

const send = (clientId: string, text = `Text of ${clientId}`): RequestData<'message.send'> => ({
  conversationId: 'co1',
  clientId,
  text,
});

/** The server's copy of a message the agent sent. */
const stored = (clientId: string, text = `Text of ${clientId}`) =>
  message({
    id: `srv-${clientId}`,
    clientId,
    text,
    authorKind: 'agent',
    authorId: agent.id,
    authorName: agent.name,
    createdAt: 5_000,
  });

async function sent(socket: FakeSocket, count: number) {
  await vi.waitFor(() =>
    expect(socket.sent.filter((f) => f.type !== 'sync.pull' && f.type !== 'hello')).toHaveLength(
      count,
    ),
  );
  return socket.sent.filter((f) => f.type !== 'sync.pull' && f.type !== 'hello');
}

async function offline(): Promise<FakeSocket> {
  const { socket } = await signedIn({ deps: { random: () => 0.999 } });
  socket.serverClose(1006);
  return socket;
}

async function reconnect(count: number): Promise<FakeSocket> {
  await vi.waitFor(() => expect(FakeSocket.instances).toHaveLength(count), { timeout: 3_000 });
  const socket = FakeSocket.last;
  socket.welcome();
  await pulled(socket, 1);
  socket.page([]);
  return socket;
}

describe('the outbox', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await resetDb();
    FakeSocket.instances = [];
  });
  afterEach(() => {
    stopBackground();
    vi.restoreAllMocks();
  });

  it('S9: message.send answers at once and shows the message as pending, even offline', async () => {
    await offline();
    const answer = await sendMessage('message.send', send('cl9', '  Hi!  '));
    expect(answer).toEqual({ ok: true, clientId: 'cl9' });
    const db = getDb();
    expect(await db.messages.get('cl9')).toMatchObject({
      id: 'cl9',
      clientId: 'cl9',
      conversationId: 'co1',
      authorKind: 'agent',
      authorId: agent.id,
      authorName: 'Ada',
      text: 'Hi!',
      delivery: 'pending',
    });
    expect(await db.outbox.toArray()).toEqual([
      expect.objectContaining({
        kind: 'message.send',
        clientId: 'cl9',
        text: 'Hi!',
        status: 'pending',
      }),
    ]);
  });

  it('S9: message.send refuses empty or too long text, and answers not_signed_in when signed out', async () => {
    await signedIn();
    expect(await sendMessage('message.send', send('a', '   '))).toMatchObject({
      ok: false,
      code: 'invalid_request',
      message: 'Write a message before sending.',
    });
    expect(await sendMessage('message.send', send('b', 'x'.repeat(5001)))).toMatchObject({
      ok: false,
      code: 'message_too_long',
    });
    expect(await getDb().outbox.count()).toBe(0);
    await sendMessage('auth.signOut');
    expect(await sendMessage('message.send', send('c'))).toMatchObject({ code: 'not_signed_in' });
  });

  it('S9: sends in order, one write at a time, only after the first pull; an ack replaces the pending row', async () => {
    const { fetch } = await import('./helpers').then((h) => h.fakeFetch(h.serverRoutes()));
    const bg = startBackground({ fetch, WebSocket: FakeSocket });
    await sendMessage('auth.signIn', {
      serverUrl: 'http://127.0.0.1:8787',
      email: agent.email,
      password: 'pw',
    });
    await sendMessage('message.send', send('cl1'));
    await sendMessage('message.send', send('cl2'));
    await sendMessage('conversation.assign', { conversationId: 'co1', assigneeId: agent.id });
    const socket = FakeSocket.last;
    socket.welcome();
    await pulled(socket, 1);
    expect(await sent(socket, 0)).toEqual([]);
    socket.page([]);
    expect(await sent(socket, 1)).toEqual([
      { type: 'message.send', conversationId: 'co1', clientId: 'cl1', text: 'Text of cl1' },
    ]);
    socket.receive({ type: 'message.ack', clientId: 'cl1', message: stored('cl1') });
    const frames = await sent(socket, 2);
    expect(frames[1]).toMatchObject({ type: 'message.send', clientId: 'cl2' });
    const db = getDb();
    expect(await db.messages.filter((m) => m.clientId === 'cl1').toArray()).toEqual([
      { ...stored('cl1'), delivery: 'sent' },
    ]);
    expect(await db.messages.where('unsent').equals(1).primaryKeys()).toEqual(['cl2']);
    socket.receive({ type: 'message.ack', clientId: 'cl2', message: stored('cl2') });
    const assign = (await sent(socket, 3))[2]!;
    expect(assign).toMatchObject({
      type: 'conversation.assign',
      conversationId: 'co1',
      assigneeId: agent.id,
    });
    socket.receive({ type: 'ack', clientId: (assign as { clientId: string }).clientId });
    await vi.waitFor(async () => expect(await db.outbox.count()).toBe(0));
    expect(await db.messages.count()).toBe(2);
    await bg.idle();
  });

  it('S9: a refused write is kept as failed with the reason; the next one is still sent', async () => {
    const { socket } = await signedIn();
    await sendMessage('message.send', send('cl1'));
    await sendMessage('message.send', send('cl2'));
    await sent(socket, 1);
    const reason = 'This conversation is closed. Reopen it to answer.';
    socket.receive({
      type: 'error',
      code: 'conversation_closed',
      message: reason,
      clientId: 'cl1',
    });
    expect((await sent(socket, 2))[1]).toMatchObject({ clientId: 'cl2' });
    const db = getDb();
    expect(await db.outbox.where('clientId').equals('cl1').first()).toMatchObject({
      status: 'failed',
      failure: reason,
    });
    expect(await db.messages.get('cl1')).toMatchObject({ delivery: 'failed', failure: reason });
    expect(socket.closedByClient).toBeNull();
  });

  it('S9: retry sends a failed message again with the same clientId', async () => {
    const { socket } = await signedIn();
    await sendMessage('message.send', send('cl1'));
    await sent(socket, 1);
    socket.receive({ type: 'error', code: 'forbidden', message: 'Not yours.', clientId: 'cl1' });
    await vi.waitFor(async () =>
      expect(await getDb().messages.get('cl1')).toMatchObject({ delivery: 'failed' }),
    );
    expect(await sendMessage('message.retry', { clientId: 'cl1' })).toEqual({ ok: true });
    expect((await sent(socket, 2))[1]).toMatchObject({ type: 'message.send', clientId: 'cl1' });
    const row = await getDb().messages.get('cl1');
    expect(row).toMatchObject({ delivery: 'pending' });
    expect(row?.failure).toBeUndefined();
    expect(await sendMessage('message.retry', { clientId: 'nope' })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
  });

  it('S9: discard drops a failed message and gives its text back', async () => {
    const { socket } = await signedIn();
    await sendMessage('message.send', send('cl1', 'Keep this text'));
    await sent(socket, 1);
    expect(await sendMessage('message.discard', { clientId: 'cl1' })).toMatchObject({ ok: false });
    socket.receive({
      type: 'error',
      code: 'conversation_closed',
      message: 'Closed.',
      clientId: 'cl1',
    });
    await vi.waitFor(async () =>
      expect(await getDb().messages.get('cl1')).toMatchObject({ delivery: 'failed' }),
    );
    expect(await sendMessage('message.discard', { clientId: 'cl1' })).toEqual({
      ok: true,
      text: 'Keep this text',
    });
    expect(await getDb().messages.get('cl1')).toBeUndefined();
    expect(await getDb().outbox.count()).toBe(0);
  });

  it('S9: after a dropped connection the unacknowledged write is sent again with the same clientId', async () => {
    const { socket } = await signedIn({ deps: { random: () => 0 } });
    await sendMessage('message.send', send('cl1'));
    await sent(socket, 1);
    socket.serverClose(1006);
    const next = await reconnect(2);
    expect(await sent(next, 1)).toEqual([
      { type: 'message.send', conversationId: 'co1', clientId: 'cl1', text: 'Text of cl1' },
    ]);
    next.receive({ type: 'message.ack', clientId: 'cl1', message: stored('cl1') });
    await vi.waitFor(async () => expect(await getDb().outbox.count()).toBe(0));
    expect(await getDb().messages.get('cl1')).toBeUndefined(); // the pending row was replaced
    expect(await getDb().messages.get('srv-cl1')).toMatchObject({ delivery: 'sent' });
  });

  it('S9: no answer in time: reconnect and send the same write again', async () => {
    const { socket } = await signedIn({ deps: { random: () => 0, ackTimeoutMs: 50 } });
    await sendMessage('message.send', send('cl1'));
    await sent(socket, 1);
    await vi.waitFor(() => expect(socket.closedByClient).not.toBeNull());
    const next = await reconnect(2);
    expect((await sent(next, 1))[0]).toMatchObject({ clientId: 'cl1' });
  });

  it('S9: the outbox survives a worker restart and is sent after the next welcome', async () => {
    await offline();
    await sendMessage('message.send', send('cl1'));
    stopBackground();
    startBackground({ WebSocket: FakeSocket });
    const socket = await reconnect(2);
    expect(await sent(socket, 1)).toEqual([
      { type: 'message.send', conversationId: 'co1', clientId: 'cl1', text: 'Text of cl1' },
    ]);
    expect(await getDb().messages.get('cl1')).toMatchObject({ delivery: 'pending' });
  });

  it('S9: conversation.read clears the unread count at once and goes through the outbox', async () => {
    const { socket } = await signedIn();
    expect(await sendMessage('conversation.read', { conversationId: 'co1' })).toEqual({ ok: true });
    expect((await getDb().conversations.get('co1'))?.unreadCount).toBe(0);
    const [read] = await sent(socket, 1);
    expect(read).toMatchObject({ type: 'conversation.read', conversationId: 'co1' });
    // a change from before the read committed does not bring the unread count back
    socket.live([{ seq: 4, entity: 'conversation', data: conversation({ unreadCount: 3 }) }]);
    await vi.waitFor(async () =>
      expect(await getDb().sync.get('cursor')).toMatchObject({ seq: 4 }),
    );
    expect((await getDb().conversations.get('co1'))?.unreadCount).toBe(0);
    socket.receive({ type: 'ack', clientId: (read as { clientId: string }).clientId });
    await vi.waitFor(async () => expect(await getDb().outbox.count()).toBe(0));
  });

  it('S9: a transient server error keeps the write pending and sends it again later', async () => {
    const { socket } = await signedIn({ deps: { random: () => 0 } });
    await sendMessage('message.send', send('cl1'));
    await sent(socket, 1);
    socket.receive({ type: 'error', code: 'internal', message: 'Try again.', clientId: 'cl1' });
    const frames = await sent(socket, 2);
    expect(frames[1]).toMatchObject({ type: 'message.send', clientId: 'cl1' });
    expect(await getDb().outbox.where('clientId').equals('cl1').first()).toMatchObject({
      status: 'pending',
    });
    expect(await getDb().messages.get('cl1')).toMatchObject({ delivery: 'pending' });
    socket.receive({ type: 'message.ack', clientId: 'cl1', message: stored('cl1') });
    await vi.waitFor(async () => expect(await getDb().outbox.count()).toBe(0));
    expect(socket.closedByClient).toBeNull();
  });

  it('S9: an assignment shows at once in the cache; a refused one stays failed with its reason', async () => {
    const { socket } = await signedIn();
    expect(
      await sendMessage('conversation.assign', { conversationId: 'co1', assigneeId: agent.id }),
    ).toEqual({ ok: true });
    expect((await getDb().conversations.get('co1'))?.assigneeId).toBe(agent.id);
    const [assign] = await sent(socket, 1);
    expect(assign).toMatchObject({ type: 'conversation.assign', assigneeId: agent.id });
    // a change committed before the assignment does not take it back while it is pending
    socket.live([{ seq: 4, entity: 'conversation', data: conversation({ assigneeId: null }) }]);
    await vi.waitFor(async () =>
      expect(await getDb().sync.get('cursor')).toMatchObject({ seq: 4 }),
    );
    expect((await getDb().conversations.get('co1'))?.assigneeId).toBe(agent.id);
    const clientId = (assign as { clientId: string }).clientId;
    socket.receive({ type: 'error', code: 'forbidden', message: 'Only admins.', clientId });
    await vi.waitFor(async () =>
      expect(await getDb().outbox.where('clientId').equals(clientId).first()).toMatchObject({
        kind: 'conversation.assign',
        status: 'failed',
        failure: 'Only admins.',
      }),
    );
  });

  it('S9: a full disk while offline refuses the send with a sentence, so the UI keeps the draft', async () => {
    await offline();
    const full = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    vi.spyOn(getDb().outbox, 'add').mockRejectedValueOnce(full);
    const answer = await sendMessage('message.send', send('cl1'));
    expect(answer).toMatchObject({
      ok: false,
      message: expect.stringContaining('free some space') as unknown,
    });
    expect(await getDb().messages.get('cl1')).toBeUndefined();
    await vi.waitFor(async () =>
      expect(await getMetaDb().state.get('sync')).toMatchObject({
        storageError: expect.stringContaining('Replies still go out while you') as unknown,
      }),
    );
  });

  it('S9: a full disk while online sends the reply directly with its clientId and answers ok', async () => {
    const { socket } = await signedIn();
    const full = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    vi.spyOn(getDb().outbox, 'add').mockRejectedValueOnce(full);
    const answer = sendMessage('message.send', send('cl1'));
    expect(await sent(socket, 1)).toEqual([
      { type: 'message.send', conversationId: 'co1', clientId: 'cl1', text: 'Text of cl1' },
    ]);
    socket.receive({ type: 'message.ack', clientId: 'cl1', message: stored('cl1') });
    expect(await answer).toEqual({ ok: true, clientId: 'cl1' });
    expect(await getDb().outbox.count()).toBe(0);
    expect(await getDb().messages.get('srv-cl1')).toMatchObject({ delivery: 'sent' });
  });

  it('S9: a full disk while online passes on a refusal of the direct send (the draft is kept)', async () => {
    const { socket } = await signedIn();
    const full = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    vi.spyOn(getDb().outbox, 'add').mockRejectedValueOnce(full);
    const answer = sendMessage('message.send', send('cl1'));
    await sent(socket, 1);
    socket.receive({
      type: 'error',
      code: 'conversation_closed',
      message: 'Closed.',
      clientId: 'cl1',
    });
    expect(await answer).toEqual({ ok: false, code: 'conversation_closed', message: 'Closed.' });
  });
});
