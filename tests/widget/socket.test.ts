import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KEEPALIVE_INTERVAL_MS, PROTOCOL_VERSION } from '../../protocol/version';
import { type SocketStatus, VisitorSocket } from '../../widget/frame/socket';
import { FakeWebSocket, welcome } from './fakes';

function setup() {
  const sockets: FakeWebSocket[] = [];
  const statuses: SocketStatus[] = [];
  const onFatal = vi.fn();
  const socket = new VisitorSocket({
    url: 'wss://rapport.example/ws/visitor',
    connect: (url) => {
      const fake = new FakeWebSocket(url);
      sockets.push(fake);
      return fake;
    },
    hello: () => ({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      workspaceId: 'ws_1',
      visitorToken: 't',
    }),
    onFrame: () => {},
    onStatus: (status) => statuses.push(status),
    onFatal,
    random: () => 0.5,
  });
  socket.start();
  return { socket, sockets, statuses, onFatal, last: () => sockets.at(-1)! };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('visitor socket', () => {
  it('says hello on open and is ready only after the welcome', () => {
    const { socket, last } = setup();
    last().open();
    expect(last().frames()).toEqual([
      { type: 'hello', protocolVersion: PROTOCOL_VERSION, workspaceId: 'ws_1', visitorToken: 't' },
    ]);
    expect(socket.send({ type: 'ping' })).toBe(false);
    last().receive(welcome());
    expect(socket.ready).toBe(true);
  });

  it('pings every 20 s', () => {
    const { last } = setup();
    last().open();
    last().receive(welcome());
    vi.advanceTimersByTime(KEEPALIVE_INTERVAL_MS);
    last().receive({ type: 'pong' });
    vi.advanceTimersByTime(KEEPALIVE_INTERVAL_MS);
    expect(last().framesOfType('ping')).toHaveLength(2);
  });

  it('reconnects with growing jittered delays and resets them after a welcome', () => {
    const { sockets, statuses, last } = setup();
    last().serverClose();
    expect(statuses.at(-1)).toBe('reconnecting');
    vi.advanceTimersByTime(499); // attempt 0: 0.5 * 1 s
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    last().serverClose();
    vi.advanceTimersByTime(999); // attempt 1: 0.5 * 2 s
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    last().open();
    last().receive(welcome());
    expect(statuses.at(-1)).toBe('online');
    last().serverClose();
    vi.advanceTimersByTime(500); // back to attempt 0
    expect(sockets).toHaveLength(4);
  });

  it('reconnects when the connection goes silent', () => {
    const { sockets, last } = setup();
    last().open();
    last().receive(welcome());
    vi.advanceTimersByTime(KEEPALIVE_INTERVAL_MS * 3 + 500);
    expect(sockets.length).toBeGreaterThan(1);
  });

  it('stops on a fatal close and reports the reason', () => {
    const { sockets, statuses, onFatal, last } = setup();
    last().open();
    last().serverClose(4000, 'protocol_version');
    vi.advanceTimersByTime(120_000);
    expect(sockets).toHaveLength(1);
    expect(statuses.at(-1)).toBe('stopped');
    expect(onFatal).toHaveBeenCalledWith('protocol_version');
  });

  it('stops reconnecting when stopped', () => {
    const { socket, sockets, last } = setup();
    last().serverClose();
    socket.stop();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });
});
