import { vi } from 'vitest';
import type { Message } from '../../protocol/models';
import type { VisitorSessionResponse } from '../../protocol/rest';
import { PROTOCOL_VERSION } from '../../protocol/version';
import type { FrameApp } from '../../widget/frame/app';
import { startFrameApp } from '../../widget/frame/app';
import type { WebSocketLike } from '../../widget/frame/socket';
import { type KeyValueStore, memoryStore } from '../../widget/frame/storage';

/** A WebSocket the test drives by hand: open it, push server frames, close it. */
export class FakeWebSocket implements WebSocketLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly sent: string[] = [];

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('FakeWebSocket: send() before open');
    this.sent.push(data);
  }

  close(): void {
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  receive(frame: object): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(frame) }));
  }

  serverClose(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason } as CloseEvent);
  }

  /** The frames the client sent, parsed. */
  frames(): Array<Record<string, unknown>> {
    return this.sent.map((data) => JSON.parse(data) as Record<string, unknown>);
  }

  framesOfType(type: string): Array<Record<string, unknown>> {
    return this.frames().filter((frame) => frame.type === type);
  }
}

export const WORKSPACE_ID = 'ws_1';
export const HOST_ORIGIN = 'https://shop.example';
export const FRAME_HREF = `https://rapport.example/widget/frame.html?workspace=${WORKSPACE_ID}&host=${encodeURIComponent(HOST_ORIGIN)}`;

let nextId = 1;
export function message(overrides: Partial<Message> = {}): Message {
  const n = nextId++;
  return {
    id: `m_${n}`,
    workspaceId: WORKSPACE_ID,
    conversationId: 'c_1',
    authorKind: 'agent',
    authorId: 'a_1',
    authorName: 'Dana',
    text: `message ${n}`,
    createdAt: 1_700_000_000_000 + n,
    clientId: `client-${n}`,
    ...overrides,
  };
}

export function sessionResponse(
  overrides: Partial<VisitorSessionResponse> = {},
): VisitorSessionResponse {
  return {
    visitorToken: 'token-1',
    customer: { id: 'cu_1', workspaceId: WORKSPACE_ID, name: null, email: null, createdAt: 1 },
    workspace: { id: WORKSPACE_ID, name: 'Acme Shop' },
    conversation: null,
    messages: [],
    ...overrides,
  };
}

export function welcome(messages: Message[] = []): object {
  return {
    type: 'welcome',
    protocolVersion: PROTOCOL_VERSION,
    customer: { id: 'cu_1', workspaceId: WORKSPACE_ID, name: null, email: null, createdAt: 1 },
    conversation: null,
    messages,
  };
}

export function jsonFetch(status: number, body: unknown) {
  return vi.fn(
    async (_input: string, _init: RequestInit) =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      }),
  );
}

export interface MountedFrame {
  app: FrameApp;
  root: HTMLElement;
  sockets: FakeWebSocket[];
  posted: Array<{ message: unknown; targetOrigin: string }>;
  fetch: ReturnType<typeof jsonFetch>;
  storage: KeyValueStore;
  /** The latest socket. */
  socket(): FakeWebSocket;
  query<T extends Element = HTMLElement>(testId: string): T;
  queryAll(testId: string): HTMLElement[];
  composer(): HTMLTextAreaElement;
}

export async function mountFrame(
  options: { fetch?: ReturnType<typeof jsonFetch>; storage?: KeyValueStore; href?: string } = {},
): Promise<MountedFrame> {
  const root = document.createElement('div');
  document.body.append(root);
  const sockets: FakeWebSocket[] = [];
  const posted: MountedFrame['posted'] = [];
  const fetch = options.fetch ?? jsonFetch(200, sessionResponse());
  const storage = options.storage ?? memoryStore();
  const app = startFrameApp({
    root,
    href: options.href ?? FRAME_HREF,
    storage,
    fetch,
    connect: (url) => {
      const socket = new FakeWebSocket(url);
      sockets.push(socket);
      return socket;
    },
    parent: { postMessage: (message, targetOrigin) => posted.push({ message, targetOrigin }) },
    random: () => 0.5,
  });
  await app.ready;
  const query = <T extends Element = HTMLElement>(testId: string): T => {
    const found = root.querySelector<T>(`[data-testid="${testId}"]`);
    if (!found) throw new Error(`no [data-testid="${testId}"]`);
    return found;
  };
  return {
    app,
    root,
    sockets,
    posted,
    fetch,
    storage,
    socket: () => {
      const last = sockets.at(-1);
      if (!last) throw new Error('no socket was opened');
      return last;
    },
    query,
    queryAll: (testId) =>
      Array.from(root.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)),
    composer: () => query<HTMLTextAreaElement>('composer'),
  };
}

/** Mount, open the socket and deliver the welcome: the chat is online. */
export async function mountOnline(messages: Message[] = []): Promise<MountedFrame> {
  const frame = await mountFrame();
  frame.socket().open();
  frame.socket().receive(welcome(messages));
  return frame;
}

/** Type into the composer and press Enter. */
export function typeAndSend(frame: MountedFrame, text: string, shiftKey = false): void {
  const composer = frame.composer();
  composer.value = text;
  composer.dispatchEvent(
    new KeyboardEvent('keydown', { key: 'Enter', shiftKey, bubbles: true, cancelable: true }),
  );
}
