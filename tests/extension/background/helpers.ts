import { vi } from 'vitest';
import {
  PROTOCOL_VERSION,
  type Agent,
  type AgentClientFrame,
  type AgentServerFrame,
  type Change,
  type Conversation,
  type Customer,
  type FrameOf,
  type Macro,
  type Message,
  type Workspace,
} from '../../../protocol';
import type { FetchLike } from '../../../lib/api';
import type { SocketLike } from '../../../lib/background/socket';
import { startBackground } from '../../../lib/background';
import type { Background, BackgroundDeps } from '../../../lib/background/background';
import { sendMessage } from '../../../lib/messaging';

export const SERVER = 'http://127.0.0.1:8787';

export const workspace: Workspace = { id: 'ws1', name: 'Acme Support' };

export const agent: Agent = {
  id: 'ag1',
  workspaceId: 'ws1',
  email: 'ada@acme.test',
  name: 'Ada',
  role: 'admin',
  status: 'online',
};

export function customer(overrides: Partial<Customer> = {}): Customer {
  return { id: 'cu1', workspaceId: 'ws1', name: 'Grace', email: null, createdAt: 1, ...overrides };
}

export function conversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: 'co1',
    workspaceId: 'ws1',
    customerId: 'cu1',
    status: 'open',
    assigneeId: null,
    createdAt: 1_000,
    lastActivityAt: 2_000,
    lastMessagePreview: 'Hi, my order is late',
    unreadCount: 0,
    ...overrides,
  };
}

export function message(overrides: Partial<Message> = {}): Message {
  return {
    id: 'me1',
    workspaceId: 'ws1',
    conversationId: 'co1',
    authorKind: 'customer',
    authorId: 'cu1',
    authorName: null,
    text: 'Hi, my order is late',
    createdAt: 2_000,
    clientId: 'cl1',
    ...overrides,
  };
}

export function macro(overrides: Partial<Macro> = {}): Macro {
  return {
    id: 'ma1',
    workspaceId: 'ws1',
    scope: 'team',
    ownerId: null,
    shortcut: 'refund',
    title: 'Refund',
    body: 'Your refund is on its way, {{customer.name}}.',
    tags: [],
    usageCount: 0,
    createdAt: 1_000,
    updatedAt: 1_000,
    ...overrides,
  };
}

export const EPOCH = 'epoch-1';

export type WelcomeFrame = FrameOf<AgentServerFrame, 'welcome'>;

export const welcomeFrame: WelcomeFrame = {
  type: 'welcome',
  protocolVersion: PROTOCOL_VERSION,
  agent,
  workspace,
  syncEpoch: EPOCH,
  headSeq: 0,
};

/** Changes with consecutive seqs from `first`, for pages and live frames. */
export function changes(
  first: number,
  ...items: (Conversation | Message | Customer | Agent | Macro)[]
): Change[] {
  return items.map((data, i) => {
    const seq = first + i;
    if ('shortcut' in data) return { seq, entity: 'macro', data };
    if ('conversationId' in data) return { seq, entity: 'message', data };
    if ('lastActivityAt' in data) return { seq, entity: 'conversation', data };
    if ('role' in data) return { seq, entity: 'agent', data };
    return { seq, entity: 'customer', data };
  });
}

/** A WebSocket stand-in: tests drive the server side through open/receive/serverClose. */
export class FakeSocket implements SocketLike {
  static instances: FakeSocket[] = [];
  static get last(): FakeSocket {
    const socket = FakeSocket.instances.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }

  readyState = 0;
  sent: AgentClientFrame[] = [];
  closedByClient: { code?: number; reason?: string } | null = null;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as AgentClientFrame);
  }

  close(code?: number, reason?: string): void {
    this.closedByClient = { code, reason };
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  receive(frame: AgentServerFrame): void {
    this.onmessage?.({ data: JSON.stringify(frame) } as MessageEvent);
  }

  /** Open, then answer the hello with welcome. */
  welcome(overrides: Partial<WelcomeFrame> = {}): void {
    this.open();
    this.receive({ ...welcomeFrame, ...overrides });
  }

  /** The sync.pull frames sent so far. */
  get pulls(): FrameOf<AgentClientFrame, 'sync.pull'>[] {
    return this.sentOfType('sync.pull');
  }

  /** Answer the latest pull with these changes (cursor: the last seq, or `since`). */
  page(
    list: Change[],
    options: { hasMore?: boolean; headSeq?: number; epoch?: string } = {},
  ): void {
    const since = this.pulls.at(-1)?.since ?? 0;
    const cursor = list.length > 0 ? Math.max(...list.map((change) => change.seq)) : since;
    this.receive({
      type: 'sync.page',
      epoch: options.epoch ?? EPOCH,
      changes: list,
      cursor,
      headSeq: options.headSeq ?? cursor,
      hasMore: options.hasMore ?? false,
    });
  }

  /** A live commit: its seq range is the changes' unless given (a frame may hold no change). */
  live(list: Change[], range: { from?: number; to?: number } = {}): void {
    const seqs = list.map((change) => change.seq);
    const from = range.from ?? Math.min(...seqs);
    const to = range.to ?? Math.max(...seqs);
    this.receive({ type: 'sync.changes', from, to, changes: list });
  }

  serverClose(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason } as CloseEvent);
  }

  sentOfType<T extends AgentClientFrame['type']>(
    type: T,
  ): Extract<AgentClientFrame, { type: T }>[] {
    return this.sent.filter((f): f is Extract<AgentClientFrame, { type: T }> => f.type === type);
  }
}

export type Route = (body: unknown, init: RequestInit | undefined) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** A fetch that answers `METHOD /path` from routes (query strings ignored) and records calls. */
export function fakeFetch(routes: Record<string, Route>) {
  const calls: { method: string; url: string; headers: Record<string, string> }[] = [];
  const fetch = vi.fn<FetchLike>(async (input, init) => {
    const url = new URL(input);
    const method = init?.method ?? 'GET';
    calls.push({ method, url: input, headers: (init?.headers ?? {}) as Record<string, string> });
    const route = routes[`${method} ${url.pathname}`];
    if (!route) return json({ code: 'not_found', message: 'No such route.' }, 404);
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    return route(body, init);
  });
  return { fetch, calls };
}

/** Routes of a healthy server with one conversation. */
export function serverRoutes(overrides: Record<string, Route> = {}): Record<string, Route> {
  return {
    'POST /api/auth/login': () =>
      json({ token: 'tok-1', expiresAt: Date.now() + 3_600_000, agent, workspace }),
    'POST /api/auth/logout': () => new Response(null, { status: 204 }),
    'GET /api/conversations/co1/messages': () => json({ messages: [message()], hasMore: false }),
    'GET /api/macros': () => json({ macros: [] }),
    ...overrides,
  };
}

/** What the first pull brings in most tests: co1 (1 unread), its customer and one message. */
export function initialChanges(): Change[] {
  return changes(1, customer(), conversation({ unreadCount: 1 }), message());
}

/** Wait until the socket has sent `count` sync.pull frames. */
export async function pulled(socket: FakeSocket, count: number): Promise<void> {
  await vi.waitFor(() => {
    if (socket.pulls.length < count) throw new Error(`${socket.pulls.length} pulls so far`);
  });
}

/** Let queued promises, IndexedDB requests and cache writes settle. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Start the background with a fake server, sign in, welcome, and answer the first pull with
 * `initial`. Resolves once the page is stored.
 */
export async function signedIn(
  options: { routes?: Record<string, Route>; initial?: Change[]; deps?: BackgroundDeps } = {},
): Promise<{ bg: Background; socket: FakeSocket; calls: ReturnType<typeof fakeFetch>['calls'] }> {
  const { fetch, calls } = fakeFetch(options.routes ?? serverRoutes());
  const bg = startBackground({ fetch, WebSocket: FakeSocket, ...options.deps });
  await sendMessage('auth.signIn', { serverUrl: SERVER, email: agent.email, password: 'pw' });
  const socket = FakeSocket.last;
  socket.welcome();
  await pulled(socket, 1);
  socket.page(options.initial ?? initialChanges());
  await bg.idle();
  return { bg, socket, calls };
}
