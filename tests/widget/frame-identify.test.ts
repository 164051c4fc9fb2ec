import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VisitorIdentifyResponse } from '../../protocol/customers';
import type { VisitorSessionResponse } from '../../protocol/rest';
import { startFrameApp, type MessageSource } from '../../widget/frame/app';
import { memoryStore } from '../../widget/frame/storage';
import {
  FakeWebSocket,
  FRAME_HREF,
  HOST_ORIGIN,
  message,
  sessionResponse,
  WORKSPACE_ID,
  welcome,
} from './fakes';

const HASH = 'b2'.repeat(32);

/** The frame's window as far as host messages go: the test delivers them by hand. */
function fakeMessages() {
  const listeners = new Set<(event: MessageEvent) => void>();
  const source: MessageSource = {
    addEventListener: (_type, listener) => void listeners.add(listener),
    removeEventListener: (_type, listener) => void listeners.delete(listener),
  };
  const deliver = (data: unknown, origin: string, from: unknown) => {
    for (const listener of listeners) listener({ data, origin, source: from } as MessageEvent);
  };
  return { source, deliver, listeners };
}

function identifyResponse(over: Partial<VisitorIdentifyResponse> = {}): VisitorIdentifyResponse {
  return {
    verified: true,
    customer: { id: 'cu_known', workspaceId: WORKSPACE_ID, name: 'Ada', email: null, createdAt: 1 },
    conversation: null,
    messages: [],
    ...over,
  };
}

type Reply = { status: number; body?: unknown };

/** Fetch answering by path (sessions in turn, the last one again); records every request. */
function routedFetch(routes: Record<string, Reply>, sessions: VisitorSessionResponse[]) {
  return vi.fn(async (input: string, _init: RequestInit) => {
    const session = sessions.length > 1 ? sessions.shift() : sessions[0];
    const reply = input === '/api/visitor/session' ? { status: 200, body: session } : routes[input];
    if (!reply) throw new Error(`unexpected fetch ${input}`);
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': 'application/json' },
    });
  });
}

async function mount(routes: Record<string, Reply>, sessions = [sessionResponse()]) {
  const root = document.createElement('div');
  document.body.append(root);
  const sockets: FakeWebSocket[] = [];
  const posted: unknown[] = [];
  const parent = { postMessage: (m: unknown) => posted.push(m) };
  const messages = fakeMessages();
  const fetch = routedFetch(routes, sessions);
  const app = startFrameApp({
    root,
    href: FRAME_HREF,
    storage: memoryStore(),
    fetch,
    connect: (url) => {
      const socket = new FakeWebSocket(url);
      sockets.push(socket);
      return socket;
    },
    parent,
    messages: messages.source,
    random: () => 0.5,
  });
  await app.ready;
  const fromHost = (data: unknown, origin = HOST_ORIGIN, from: unknown = parent) =>
    messages.deliver(data, origin, from);
  const bodies = (path: string) =>
    fetch.mock.calls
      .filter(([input]) => input === path)
      .map(([, init]) => JSON.parse(String(init.body)) as Record<string, unknown>);
  const texts = () =>
    Array.from(root.querySelectorAll('[data-testid="message"]')).map((b) => b.textContent);
  return { app, root, sockets, posted, fromHost, bodies, texts, messages };
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('widget frame: identify and pages from the host page', () => {
  it('says ready to the host, sends identify with the visitor token and reports the result', async () => {
    const frame = await mount({
      '/api/visitor/identify': {
        status: 200,
        body: identifyResponse({ verified: false, customer: sessionResponse().customer }),
      },
    });
    expect(frame.posted[0]).toEqual({ rapport: 'widget', type: 'ready' });
    frame.fromHost({ rapport: 'host', type: 'identify', user: { id: 'u-1', hash: HASH } });
    await vi.waitFor(() => expect(frame.posted).toHaveLength(2));
    expect(frame.bodies('/api/visitor/identify')).toEqual([
      { workspaceId: WORKSPACE_ID, visitorToken: 'token-1', id: 'u-1', hash: HASH },
    ]);
    expect(frame.posted[1]).toEqual({
      rapport: 'widget',
      type: 'identify.result',
      id: 'u-1',
      hashGiven: true,
      verified: false,
      error: null,
    });
    // Unverified: same customer, the socket stays as it was.
    expect(frame.sockets).toHaveLength(1);
  });

  it('shows a verified returning customer their history and reconnects as them', async () => {
    const history = [
      message({ text: 'Earlier question', authorKind: 'customer', authorName: null }),
      message({ text: 'Earlier answer' }),
    ];
    const frame = await mount({
      '/api/visitor/identify': { status: 200, body: identifyResponse({ messages: history }) },
    });
    frame.sockets[0]!.open();
    frame.sockets[0]!.receive(welcome([]));
    expect(frame.texts()).toEqual([]);
    frame.fromHost({ rapport: 'host', type: 'identify', user: { id: 'u-1', hash: HASH } });
    await vi.waitFor(() => expect(frame.sockets).toHaveLength(2));
    expect(frame.texts()).toEqual([
      expect.stringContaining('Earlier question'),
      expect.stringContaining('Earlier answer'),
    ]);
    frame.sockets[1]!.open();
    expect(frame.sockets[1]!.frames()[0]).toMatchObject({ type: 'hello', visitorToken: 'token-1' });
  });

  it('passes a refusal back to the host page', async () => {
    const frame = await mount({
      '/api/visitor/identify': {
        status: 400,
        body: { code: 'invalid_request', message: 'The request is not valid. email: bad' },
      },
    });
    frame.fromHost({ rapport: 'host', type: 'identify', user: { id: 'u-1', email: 'x' } });
    await vi.waitFor(() => expect(frame.posted).toHaveLength(2));
    expect(frame.posted[1]).toMatchObject({
      type: 'identify.result',
      hashGiven: false,
      verified: false,
      error: 'The request is not valid. email: bad',
    });
  });

  it('reports pages in order, after the session', async () => {
    const frame = await mount({ '/api/visitor/page': { status: 204 } });
    frame.fromHost({ rapport: 'host', type: 'page', url: 'https://shop.example/', title: 'Home' });
    frame.fromHost({ rapport: 'host', type: 'page', url: 'https://shop.example/a', title: 'A' });
    await vi.waitFor(() => expect(frame.bodies('/api/visitor/page')).toHaveLength(2));
    expect(frame.bodies('/api/visitor/page')).toEqual([
      {
        workspaceId: WORKSPACE_ID,
        visitorToken: 'token-1',
        url: 'https://shop.example/',
        title: 'Home',
      },
      {
        workspaceId: WORKSPACE_ID,
        visitorToken: 'token-1',
        url: 'https://shop.example/a',
        title: 'A',
      },
    ]);
  });

  it('forgets the visitor on reset: new anonymous session, empty chat, new socket', async () => {
    const frame = await mount({}, [
      sessionResponse({ messages: [message({ text: 'Private' })] }),
      sessionResponse({ visitorToken: 'token-2' }),
    ]);
    expect(frame.texts()).toEqual([expect.stringContaining('Private')]);
    frame.fromHost({ rapport: 'host', type: 'reset' });
    await vi.waitFor(() => expect(frame.sockets).toHaveLength(2));
    expect(frame.bodies('/api/visitor/session')[1]).toEqual({ workspaceId: WORKSPACE_ID });
    expect(frame.texts()).toEqual([]);
    frame.sockets[1]!.open();
    expect(frame.sockets[1]!.frames()[0]).toMatchObject({ visitorToken: 'token-2' });
  });

  it('ignores messages from other origins, other windows, or of unknown shape', async () => {
    const frame = await mount({});
    const page = { rapport: 'host', type: 'page', url: 'https://x.example/', title: 'x' };
    frame.fromHost(page, 'https://evil.example');
    frame.fromHost(page, HOST_ORIGIN, { postMessage() {} });
    frame.fromHost({ rapport: 'host', type: 'identify', user: { id: 42 } });
    frame.fromHost({ ...page, type: 'other' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(frame.bodies('/api/visitor/page')).toEqual([]);
    expect(frame.bodies('/api/visitor/identify')).toEqual([]);
    frame.app.stop();
    expect(frame.messages.listeners.size).toBe(0);
  });
});
