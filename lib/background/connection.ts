import {
  FATAL_CLOSE_CODE,
  KEEPALIVE_INTERVAL_MS,
  PROTOCOL_VERSION,
  type AgentClientFrame,
  type AgentServerFrame,
  type FrameOf,
} from '../../protocol';
import { backoffDelay } from './backoff';
import type { ConnectionUpdate } from './meta';
import {
  agentSocketUrl,
  parseServerFrame,
  SOCKET_OPEN,
  type SocketConstructor,
  type SocketLike,
} from './socket';

export type WelcomeFrame = FrameOf<AgentServerFrame, 'welcome'>;

/** Without a welcome this long after opening, or silence this long when online, reconnect. */
export const WELCOME_TIMEOUT_MS = 15_000;
export const SILENCE_TIMEOUT_MS = 2 * KEEPALIVE_INTERVAL_MS + 5_000;

export const PROTOCOL_TOO_OLD = 'Update the Rapport extension: the server speaks a newer protocol.';

export interface ConnectionOptions {
  /** Injected in tests; defaults to the global WebSocket at connect time. */
  WebSocket?: SocketConstructor;
  random?: () => number;
  onState(update: ConnectionUpdate): void;
  onWelcome(frame: WelcomeFrame): void | Promise<void>;
  /** Every other frame (sync pages and changes, acks, errors). */
  onFrame(frame: AgentServerFrame): void;
  /** A welcomed socket closed (or was given up): waiting pulls and writes stop. */
  onDown?(): void;
  /** The server closed with 4000 'unauthorized': the token is no longer valid. */
  onUnauthorized(): void | Promise<void>;
}

interface Target {
  serverUrl: string;
  token: string;
}

/** Owns the one WebSocket to the server: hello, keepalive, reconnect with backoff (S10). */
export class Connection {
  private target: Target | null = null;
  private socket: SocketLike | null = null;
  private welcomed = false;
  private attempt = 0;
  private lastError: string | null = null;
  private lastHeardAt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private welcomeTimer: ReturnType<typeof setTimeout> | undefined;
  private keepaliveTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: ConnectionOptions) {}

  get online(): boolean {
    return this.welcomed && this.socket?.readyState === SOCKET_OPEN;
  }

  /** Connect (again) as this agent; any previous socket is closed first. */
  start(target: Target): void {
    this.stop();
    this.target = target;
    this.attempt = 0;
    this.lastError = null;
    this.open();
  }

  /** Close the socket and stop reconnecting. */
  stop(): void {
    this.target = null;
    clearTimeout(this.retryTimer);
    this.detach();
  }

  /** Send a frame when online; false when it could not be sent. */
  send(frame: AgentClientFrame): boolean {
    if (!this.online || !this.socket) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  /** Give up on the current socket (e.g. a write got no answer) and reconnect with backoff. */
  reconnect(): void {
    this.drop();
  }

  private open(): void {
    const target = this.target;
    if (!target) return;
    this.options.onState({ status: 'connecting', error: this.lastError, retryAt: null });
    const SocketImpl = this.options.WebSocket ?? (globalThis.WebSocket as SocketConstructor);
    let socket: SocketLike;
    try {
      socket = new SocketImpl(agentSocketUrl(target.serverUrl));
    } catch {
      this.retryLater();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      socket.send(
        JSON.stringify({ type: 'hello', protocolVersion: PROTOCOL_VERSION, token: target.token }),
      );
    };
    socket.onmessage = (event) => {
      if (socket !== this.socket) return;
      this.lastHeardAt = Date.now();
      this.receive(event.data);
    };
    socket.onclose = (event) => {
      if (socket === this.socket) this.closed(event.code, event.reason);
    };
    socket.onerror = () => {}; // a close event follows
    this.welcomeTimer = setTimeout(() => this.drop(), WELCOME_TIMEOUT_MS);
  }

  private receive(data: unknown): void {
    const frame = parseServerFrame(data);
    if (!frame) return;
    switch (frame.type) {
      case 'welcome':
        return this.welcome(frame);
      case 'pong':
        return;
      default:
        this.options.onFrame(frame);
    }
  }

  private welcome(frame: WelcomeFrame): void {
    clearTimeout(this.welcomeTimer);
    this.welcomed = true;
    this.attempt = 0;
    this.lastError = null;
    this.keepaliveTimer = setInterval(() => this.keepalive(), KEEPALIVE_INTERVAL_MS);
    this.options.onState({ status: 'online', error: null, retryAt: null });
    void this.options.onWelcome(frame);
  }

  private keepalive(): void {
    if (Date.now() - this.lastHeardAt > SILENCE_TIMEOUT_MS) this.drop();
    else this.send({ type: 'ping' });
  }

  /** Give up on the current socket as if it had closed (dead or never welcomed). */
  private drop(): void {
    if (this.socket) this.closed(1006, '');
  }

  private closed(code: number, reason: string): void {
    this.detach();
    if (code === FATAL_CLOSE_CODE && reason === 'unauthorized') {
      this.target = null;
      void this.options.onUnauthorized();
    } else if (code === FATAL_CLOSE_CODE && reason === 'protocol_version') {
      this.target = null;
      this.options.onState({ status: 'offline', error: PROTOCOL_TOO_OLD, retryAt: null });
    } else this.retryLater();
  }

  private retryLater(): void {
    const target = this.target;
    if (!target) return;
    const delay = backoffDelay(this.attempt, this.options.random);
    this.attempt += 1;
    const seconds = Math.max(1, Math.ceil(delay / 1000));
    this.lastError = `Can't reach the Rapport server at ${target.serverUrl}. Retrying in ${seconds} s.`;
    this.options.onState({ status: 'offline', error: this.lastError, retryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  /** Forget the current socket: timers off, handlers off, closed; waiting work is told. */
  private detach(): void {
    clearTimeout(this.welcomeTimer);
    clearInterval(this.keepaliveTimer);
    const socket = this.socket;
    const wasWelcomed = this.welcomed;
    this.socket = null;
    this.welcomed = false;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      try {
        socket.close(1000, 'bye');
      } catch {
        // already closed
      }
    }
    if (wasWelcomed) this.options.onDown?.();
  }
}
