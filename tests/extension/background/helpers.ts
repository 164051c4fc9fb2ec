import { vi } from 'vitest';
import {
  PROTOCOL_VERSION,
  type Agent,
  type AgentClientFrame,
  type AgentServerFrame,
  type Conversation,
  type Customer,
  type Message,
  type Workspace,
} from '../../../protocol';
import type { FetchLike } from '../../../lib/api';
import type { SocketLike } from '../../../lib/background/socket';

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

export const welcomeFrame: AgentServerFrame = {
  type: 'welcome',
  protocolVersion: PROTOCOL_VERSION,
  agent,
  workspace,
};

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
  welcome(): void {
    this.open();
    this.receive(welcomeFrame);
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
    'GET /api/conversations': () =>
      json({ conversations: [conversation({ unreadCount: 1 })], customers: [customer()] }),
    'GET /api/conversations/co1/messages': () => json({ messages: [message()], hasMore: false }),
    ...overrides,
  };
}

/** Let queued promises, IndexedDB requests and cache writes settle. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
