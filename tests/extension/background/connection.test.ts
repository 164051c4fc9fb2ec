import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { KEEPALIVE_INTERVAL_MS, type AgentServerFrame } from '../../../protocol';
import { getDb, resetDb, type ConnectionState } from '../../../lib/db';
import type { RequestData } from '../../../lib/messages';
import { sendMessage } from '../../../lib/messaging';
import { startBackground, stopBackground } from '../../../lib/background';
import { backoffCeiling, backoffDelay } from '../../../lib/background/backoff';
import { Connection, PROTOCOL_TOO_OLD } from '../../../lib/background/connection';
import type { ConnectionUpdate } from '../../../lib/background/cache-writer';
import { agent, FakeSocket, fakeFetch, message, SERVER, serverRoutes, settle } from './helpers';

const send: RequestData<'message.send'> = { conversationId: 'co1', clientId: 'cl9', text: ' Hi! ' };

/** A connection on its own, with its callbacks recorded. */
function bareConnection(random = () => 0.5) {
  const states: ConnectionUpdate[] = [];
  const frames: AgentServerFrame[] = [];
  const onUnauthorized = vi.fn();
  const connection = new Connection({
    WebSocket: FakeSocket,
    random,
    onState: (update) => states.push(update),
    onWelcome: () => {},
    onFrame: (frame) => void frames.push(frame),
    onUnauthorized,
  });
  connection.start({ serverUrl: SERVER, token: 'tok' });
  return { connection, states, frames, onUnauthorized };
}

describe('the connection', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await resetDb();
    FakeSocket.instances = [];
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
  });
  afterEach(() => {
    stopBackground();
    vi.useRealTimers();
  });

  it('message.send resolves with the ack, after the message is in the cache', async () => {
    const { fetch } = fakeFetch(serverRoutes());
    const bg = startBackground({ fetch, WebSocket: FakeSocket });
    await sendMessage('auth.signIn', { serverUrl: SERVER, email: agent.email, password: 'pw' });
    const socket = FakeSocket.last;
    socket.welcome();
    await bg.syncing;

    const answer = sendMessage('message.send', send);
    await settle();
    expect(socket.sentOfType('message.send')).toEqual([
      { type: 'message.send', conversationId: 'co1', clientId: 'cl9', text: 'Hi!' },
    ]);
    const stored = message({ id: 'me9', clientId: 'cl9', authorKind: 'agent', text: 'Hi!' });
    socket.receive({ type: 'message.ack', clientId: 'cl9', message: stored });
    expect(await answer).toEqual({ ok: true, message: stored });
    expect(await getDb().messages.get('me9')).toEqual(stored);
  });

  it('message.send resolves with the message of the matching error frame', async () => {
    const { connection } = bareConnection();
    FakeSocket.last.welcome();
    const answer = connection.sendMessage(send);
    const other = connection.sendMessage({ ...send, clientId: 'other' });
    FakeSocket.last.receive({
      type: 'error',
      code: 'conversation_closed',
      message: 'This conversation is closed. Reopen it to answer.',
      clientId: 'cl9',
    });
    expect(await answer).toEqual({
      ok: false,
      code: 'conversation_closed',
      message: 'This conversation is closed. Reopen it to answer.',
    });
    FakeSocket.last.serverClose(1006);
    expect(await other).toMatchObject({ ok: false, code: 'network' });
    expect((await other).ok || (await other).message).toMatch(/kept in the composer/);
  });

  it('message.send fails with a network Failure when offline, and after 15 s without ack', async () => {
    const { connection } = bareConnection();
    expect(await connection.sendMessage(send)).toEqual({
      ok: false,
      code: 'network',
      message: "You're offline: the message was not sent. It is kept in the composer.",
    });
    FakeSocket.last.welcome();
    const answer = connection.sendMessage(send);
    vi.advanceTimersByTime(15_000);
    expect(await answer).toMatchObject({ ok: false, code: 'network' });
  });

  it('message.send checks the text before sending', async () => {
    const { connection } = bareConnection();
    FakeSocket.last.welcome();
    expect(await connection.sendMessage({ ...send, text: '   ' })).toMatchObject({
      ok: false,
      code: 'invalid_request',
      message: 'Write a message before sending.',
    });
    expect(await connection.sendMessage({ ...send, text: 'x'.repeat(5001) })).toMatchObject({
      ok: false,
      code: 'message_too_long',
    });
    expect(FakeSocket.last.sentOfType('message.send')).toEqual([]);
  });

  it('pings every 20 s once welcomed', () => {
    bareConnection();
    const socket = FakeSocket.last;
    socket.open();
    vi.advanceTimersByTime(10_000);
    expect(socket.sentOfType('ping')).toHaveLength(0); // hello comes first, pings after welcome
    socket.receive({
      type: 'welcome',
      protocolVersion: 1,
      agent,
      workspace: { id: 'ws1', name: 'W' },
    });
    vi.advanceTimersByTime(KEEPALIVE_INTERVAL_MS - 1);
    expect(socket.sentOfType('ping')).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(socket.sentOfType('ping')).toHaveLength(1);
    socket.receive({ type: 'pong' });
    vi.advanceTimersByTime(KEEPALIVE_INTERVAL_MS);
    expect(socket.sentOfType('ping')).toHaveLength(2);
  });

  it('gives up on a socket that is not welcomed within 15 s and tries again', () => {
    const { states } = bareConnection(() => 0);
    FakeSocket.last.open();
    vi.advanceTimersByTime(15_000);
    expect(FakeSocket.instances[0]!.closedByClient).not.toBeNull();
    expect(states.at(-1)?.status).toBe('offline');
    vi.advanceTimersByTime(1);
    expect(states.at(-1)?.status).toBe('connecting');
    expect(FakeSocket.instances).toHaveLength(2);
  });

  it('reconnects when the server stays silent after pings', () => {
    bareConnection();
    const first = FakeSocket.last;
    first.welcome();
    vi.advanceTimersByTime(KEEPALIVE_INTERVAL_MS * 3);
    expect(first.closedByClient).not.toBeNull();
    vi.advanceTimersByTime(1_000);
    expect(FakeSocket.instances).toHaveLength(2);
  });

  it('reconnects with full-jitter backoff within bounds, reset after welcome', () => {
    const { states } = bareConnection(() => 0.999);
    const delays: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const before = FakeSocket.instances.length;
      FakeSocket.last.serverClose(1006);
      const offline = states.at(-1)!;
      expect(offline.status).toBe('offline');
      const delay = offline.retryAt! - Date.now();
      delays.push(delay);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(Math.min(30_000, 1_000 * 2 ** attempt));
      vi.advanceTimersByTime(delay - 1);
      expect(FakeSocket.instances).toHaveLength(before);
      vi.advanceTimersByTime(1);
      expect(FakeSocket.instances).toHaveLength(before + 1);
    }
    expect(delays.at(-1)).toBeGreaterThan(20_000);
    expect(delays.at(-1)).toBeLessThanOrEqual(30_000);

    FakeSocket.last.welcome();
    expect(states.at(-1)).toEqual({ status: 'online', error: null, retryAt: null });
    FakeSocket.last.serverClose(1006);
    expect(states.at(-1)!.retryAt! - Date.now()).toBeLessThanOrEqual(1_000);
  });

  it('draws backoff delays uniformly below min(cap, base·2^attempt)', () => {
    expect(backoffCeiling(0)).toBe(1_000);
    expect(backoffCeiling(3)).toBe(8_000);
    expect(backoffCeiling(5)).toBe(30_000);
    expect(backoffCeiling(1_000)).toBe(30_000);
    expect(backoffDelay(4, () => 0)).toBe(0);
    expect(backoffDelay(4, () => 0.5)).toBe(8_000);
    for (let i = 0; i < 100; i++) expect(backoffDelay(10)).toBeLessThan(30_000);
  });

  it('stops on 4000 protocol_version with an error that says to update', () => {
    const { states } = bareConnection();
    FakeSocket.last.open();
    FakeSocket.last.serverClose(4000, 'protocol_version');
    expect(states.at(-1)).toEqual({ status: 'offline', error: PROTOCOL_TOO_OLD, retryAt: null });
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('signs out and wipes the cache on 4000 unauthorized', async () => {
    vi.useRealTimers();
    const { fetch } = fakeFetch(serverRoutes());
    const bg = startBackground({ fetch, WebSocket: FakeSocket });
    await sendMessage('auth.signIn', { serverUrl: SERVER, email: agent.email, password: 'pw' });
    FakeSocket.last.welcome();
    await bg.syncing;
    expect(await getDb().conversations.count()).toBe(1);

    FakeSocket.last.serverClose(4000, 'unauthorized');
    await settle();
    await bg.cache.idle();

    const db = getDb();
    expect((await db.state.get('connection')) as ConnectionState).toMatchObject({
      status: 'signed_out',
      error: 'Your session ended. Sign in again on the options page.',
    });
    expect(await db.conversations.count()).toBe(0);
    expect(await db.messages.count()).toBe(0);
    expect(await db.state.get('session')).toBeUndefined();
    expect(await fakeBrowser.storage.local.get('rapport.auth')).toEqual({});
    expect(FakeSocket.instances).toHaveLength(1);
  });
});
