import type { VisitorClientFrame, VisitorServerFrame } from '../../protocol/frames';
import { FATAL_CLOSE_CODE, KEEPALIVE_INTERVAL_MS } from '../../protocol/version';
import { backoffDelay } from './backoff';
import { parseServerFrame } from './guards';

/** connecting: first attempt; online: welcomed; reconnecting: waiting or retrying; stopped. */
export type SocketStatus = 'connecting' | 'online' | 'reconnecting' | 'stopped';

/** The part of the browser's WebSocket the frame uses; tests pass a fake. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export interface VisitorSocketOptions {
  url: string;
  connect: WebSocketFactory;
  /** Called for every connection, so a renewed token is used. */
  hello: () => VisitorClientFrame;
  onFrame: (frame: VisitorServerFrame) => void;
  onStatus: (status: SocketStatus) => void;
  /** The server closed with FATAL_CLOSE_CODE; the socket has stopped. */
  onFatal: (reason: string) => void;
  random?: () => number;
}

const OPEN = 1;
/** Nothing received for this long (two missed pongs): the connection is dead, reconnect. */
const STALE_AFTER_MS = KEEPALIVE_INTERVAL_MS * 2 + 5_000;

/** The visitor WebSocket: hello on open, ping every 20 s, full-jitter reconnect until stopped. */
export class VisitorSocket {
  private ws: WebSocketLike | null = null;
  private stopped = true;
  private welcomed = false;
  private attempt = 0;
  private lastReceivedAt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: VisitorSocketOptions) {}

  /** True once the server has welcomed this connection: writes may be sent. */
  get ready(): boolean {
    return this.welcomed && this.ws?.readyState === OPEN;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    this.connect('connecting');
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    if (this.ws) this.drop(this.ws);
    this.options.onStatus('stopped');
  }

  /** Send a frame if the connection is welcomed; false means it was not sent. */
  send(frame: VisitorClientFrame): boolean {
    if (!this.ready || !this.ws) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private connect(status: SocketStatus): void {
    this.options.onStatus(status);
    let ws: WebSocketLike;
    try {
      ws = this.options.connect(this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.lastReceivedAt = Date.now();
      ws.send(JSON.stringify(this.options.hello()));
      this.startPing(ws);
    };
    ws.onmessage = (event) => this.receive(event.data);
    ws.onclose = (event) => this.closed(ws, event.code, event.reason);
    ws.onerror = () => {}; // a close event always follows
  }

  private receive(data: unknown): void {
    this.lastReceivedAt = Date.now();
    const frame = parseServerFrame(data);
    if (!frame) return;
    if (frame.type === 'welcome') {
      this.welcomed = true;
      this.attempt = 0;
      this.options.onStatus('online');
    }
    this.options.onFrame(frame);
  }

  private closed(ws: WebSocketLike, code: number, reason: string): void {
    if (ws !== this.ws) return;
    this.detach(ws);
    if (this.stopped) return;
    if (code === FATAL_CLOSE_CODE && reason !== 'hello_timeout') {
      this.stopped = true;
      this.options.onStatus('stopped');
      this.options.onFatal(reason);
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.options.onStatus('reconnecting');
    const delay = backoffDelay(this.attempt, this.options.random);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => this.connect('reconnecting'), delay);
  }

  private startPing(ws: WebSocketLike): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastReceivedAt > STALE_AFTER_MS) {
        this.drop(ws);
        if (!this.stopped) this.scheduleReconnect();
        return;
      }
      if (ws.readyState === OPEN) ws.send(JSON.stringify({ type: 'ping' }));
    }, KEEPALIVE_INTERVAL_MS);
  }

  /** Forget a connection without waiting for its close event. */
  private drop(ws: WebSocketLike): void {
    this.detach(ws);
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close();
    } catch {
      // already closed
    }
  }

  private detach(ws: WebSocketLike): void {
    if (this.ws === ws) this.ws = null;
    this.welcomed = false;
    clearInterval(this.pingTimer);
  }
}
