import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { KEEPALIVE_INTERVAL_MS, type AgentServerFrame } from '../../../protocol';
import Dexie from 'dexie';
import { getDb, getMetaDb, resetDb } from '../../../lib/db';
import { stopBackground } from '../../../lib/background';
import { backoffCeiling, backoffDelay } from '../../../lib/background/backoff';
import { Connection, PROTOCOL_TOO_OLD } from '../../../lib/background/connection';
import type { ConnectionUpdate } from '../../../lib/background/meta';
import { FakeSocket, SERVER, signedIn, welcomeFrame } from './helpers';

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

  it('S10: pings every 20 s once welcomed', () => {
    bareConnection();
    const socket = FakeSocket.last;
    socket.open();
    vi.advanceTimersByTime(10_000);
    expect(socket.sentOfType('ping')).toHaveLength(0); // hello comes first, pings after welcome
    socket.receive(welcomeFrame);
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

  it('S10: reconnects with full-jitter backoff within bounds, reset after welcome', () => {
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

  it('S10: draws backoff delays uniformly below min(cap, base·2^attempt)', () => {
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

  it('ends the session on 4000 unauthorized, keeping the database for the next sign-in', async () => {
    vi.useRealTimers();
    const { socket } = await signedIn();
    const dbName = getDb().name;

    socket.serverClose(4000, 'unauthorized');
    await vi.waitFor(async () =>
      expect(await getMetaDb().state.get('connection')).toMatchObject({
        status: 'signed_out',
        error: 'Your session ended. Sign in again on the options page.',
      }),
    );
    expect(await getMetaDb().state.get('session')).toBeUndefined();
    expect(await fakeBrowser.storage.local.get('rapport.auth')).toEqual({});
    expect(FakeSocket.instances).toHaveLength(1);
    expect(await Dexie.exists(dbName)).toBe(true);
  });
});
