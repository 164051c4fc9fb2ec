import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION } from '../../protocol/version';
import { tokenKey } from '../../widget/frame/session';
import { memoryStore } from '../../widget/frame/storage';
import { RELOAD_TEXT } from '../../widget/frame/chat';
import { EMPTY_STATE_TEXT } from '../../widget/frame/view';
import {
  HOST_ORIGIN,
  jsonFetch,
  message,
  mountFrame,
  mountOnline,
  sessionResponse,
  WORKSPACE_ID,
  welcome,
} from './fakes';

afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

function requestBody(fetch: ReturnType<typeof jsonFetch>, call = 0): Record<string, unknown> {
  const init = fetch.mock.calls[call]![1];
  return JSON.parse(String(init.body)) as Record<string, unknown>;
}

describe('widget frame: session and connection', () => {
  it('starts a session, renders its messages and says hello over the socket', async () => {
    const agent = message({ text: 'Hi! How can we help?', authorName: 'Dana' });
    const frame = await mountFrame({
      fetch: jsonFetch(200, sessionResponse({ messages: [agent] })),
    });
    expect(frame.fetch).toHaveBeenCalledWith(
      '/api/visitor/session',
      expect.objectContaining({ method: 'POST' }),
    );
    expect(requestBody(frame.fetch)).toEqual({ workspaceId: WORKSPACE_ID });
    expect(frame.root.textContent).toContain('Acme Shop');
    const [bubble] = frame.queryAll('message');
    expect(bubble?.dataset.authorKind).toBe('agent');
    expect(bubble?.textContent).toContain('Dana');
    expect(frame.socket().url).toBe('wss://rapport.example/ws/visitor');
    frame.socket().open();
    expect(frame.socket().frames()[0]).toEqual({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      workspaceId: WORKSPACE_ID,
      visitorToken: 'token-1',
    });
  });

  it('shows the empty state when there are no messages', async () => {
    const frame = await mountOnline();
    expect(frame.root.textContent).toContain(EMPTY_STATE_TEXT);
  });

  it('sends the stored token after a reload (a new frame with the same storage)', async () => {
    const storage = memoryStore();
    const first = await mountFrame({
      storage,
      fetch: jsonFetch(200, sessionResponse({ visitorToken: 'tok-A' })),
    });
    expect(storage.getItem(tokenKey(WORKSPACE_ID))).toBe('tok-A');
    first.app.stop();
    document.body.replaceChildren();

    const second = await mountFrame({
      storage,
      fetch: jsonFetch(200, sessionResponse({ visitorToken: 'tok-A' })),
    });
    expect(requestBody(second.fetch)).toEqual({ workspaceId: WORKSPACE_ID, visitorToken: 'tok-A' });
    second.socket().open();
    expect(second.socket().frames()[0]).toMatchObject({ type: 'hello', visitorToken: 'tok-A' });
  });

  it('shows a clear message instead of a composer for an unknown workspace', async () => {
    const frame = await mountFrame({
      fetch: jsonFetch(404, { code: 'not_found', message: 'No such workspace.' }),
    });
    expect(frame.query('widget-error').hidden).toBe(false);
    expect(frame.query('widget-error').textContent).toContain('not available');
    expect(frame.composer().closest('form')?.hidden).toBe(true);
    expect(frame.sockets).toHaveLength(0);
  });

  it('re-renders from the welcome after a reconnect, with a hint while reconnecting', async () => {
    vi.useFakeTimers();
    const frame = await mountOnline([message({ text: 'old' })]);
    expect(frame.query('connection-hint').hidden).toBe(true);
    frame.socket().serverClose();
    expect(frame.query('connection-hint').hidden).toBe(false);
    expect(frame.query('connection-hint').textContent).toBe('Reconnecting…');
    vi.advanceTimersByTime(1_000);
    frame.socket().open();
    frame.socket().receive(welcome([message({ text: 'new truth' })]));
    expect(frame.query('connection-hint').hidden).toBe(true);
    expect(frame.queryAll('message').map((b) => b.textContent)).toEqual([
      expect.stringContaining('new truth'),
    ]);
  });

  it('asks for a reload and stops reconnecting on a protocol version close', async () => {
    vi.useFakeTimers();
    const frame = await mountOnline();
    frame.socket().serverClose(4000, 'protocol_version');
    vi.advanceTimersByTime(120_000);
    expect(frame.sockets).toHaveLength(1);
    expect(frame.query('widget-error').textContent).toBe(RELOAD_TEXT);
    expect(frame.query('connection-hint').hidden).toBe(true);
  });

  it('starts a new session once when the server rejects the stored token', async () => {
    const storage = memoryStore();
    storage.setItem(tokenKey(WORKSPACE_ID), 'stale');
    const fetch = jsonFetch(200, sessionResponse({ visitorToken: 'fresh' }));
    const frame = await mountFrame({ storage, fetch });
    frame.socket().open();
    frame.socket().serverClose(4000, 'unauthorized');
    await vi.waitFor(() => expect(frame.sockets).toHaveLength(2));
    expect(requestBody(fetch, 1)).toEqual({ workspaceId: WORKSPACE_ID });
    expect(storage.getItem(tokenKey(WORKSPACE_ID))).toBe('fresh');
  });
});

describe('widget frame: opening and closing', () => {
  it('opens from the launcher, focuses the composer and tells only the host origin', async () => {
    const frame = await mountOnline();
    const launcher = frame.query<HTMLButtonElement>('launcher');
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
    expect(frame.query('chat-window').hidden).toBe(true);
    launcher.click();
    expect(frame.query('chat-window').hidden).toBe(false);
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(frame.composer());
    expect(frame.posted).toEqual([
      { message: { rapport: 'widget', type: 'ready' }, targetOrigin: HOST_ORIGIN },
      { message: { rapport: 'widget', type: 'layout', open: true }, targetOrigin: HOST_ORIGIN },
    ]);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(frame.query('chat-window').hidden).toBe(true);
    expect(frame.posted.at(-1)).toEqual({
      message: { rapport: 'widget', type: 'layout', open: false },
      targetOrigin: HOST_ORIGIN,
    });
  });

  it('never posts to the host when the host parameter is not an origin', async () => {
    const href = `https://rapport.example/widget/frame.html?workspace=${WORKSPACE_ID}&host=*`;
    const frame = await mountFrame({ href });
    frame.query<HTMLButtonElement>('launcher').click();
    expect(frame.posted).toEqual([]);
  });

  it('has a polite live log for messages', async () => {
    const frame = await mountOnline();
    const log = frame.root.querySelector('[role="log"]');
    expect(log?.getAttribute('aria-live')).toBe('polite');
  });
});
