import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { FetchLike } from '../../../lib/api';
import { getDb, resetDb } from '../../../lib/db';
import { sendMessage } from '../../../lib/messaging';
import { startBackground, stopBackground } from '../../../lib/background';
import type { Background } from '../../../lib/background/background';
import {
  agent,
  conversation,
  customer,
  FakeSocket,
  fakeFetch,
  json,
  message,
  SERVER,
  serverRoutes,
  settle,
} from './helpers';

async function signedIn(routes = serverRoutes()): Promise<{ bg: Background; socket: FakeSocket }> {
  const { fetch } = fakeFetch(routes);
  const bg = startBackground({ fetch, WebSocket: FakeSocket });
  await sendMessage('auth.signIn', { serverUrl: SERVER, email: agent.email, password: 'pw' });
  const socket = FakeSocket.last;
  socket.welcome();
  await bg.syncing;
  return { bg, socket };
}

describe('the cache follows the server', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await resetDb();
    FakeSocket.instances = [];
  });
  afterEach(() => stopBackground());

  it('after welcome, stores conversations, customers, the agent and recent messages', async () => {
    await signedIn();
    const db = getDb();
    expect(await db.conversations.toArray()).toEqual([conversation({ unreadCount: 1 })]);
    expect(await db.customers.toArray()).toEqual([customer()]);
    expect(await db.agents.toArray()).toEqual([agent]);
    expect(await db.messages.toArray()).toEqual([message()]);
    expect(await db.state.get('connection')).toMatchObject({ status: 'online', error: null });
  });

  it('prefetches messages of the 20 most recent open conversations only', async () => {
    const conversations = Array.from({ length: 25 }, (_, i) =>
      conversation({ id: `co${i}`, lastActivityAt: 1_000 + i }),
    );
    conversations.push(conversation({ id: 'closed', status: 'closed', lastActivityAt: 9_999 }));
    const fetched: string[] = [];
    const routes = serverRoutes({
      'GET /api/conversations': () => json({ conversations, customers: [customer()] }),
    });
    const { fetch } = fakeFetch(routes);
    const wrapped: FetchLike = async (input, init) => {
      const match = /conversations\/([^/]+)\/messages\?limit=50$/.exec(input);
      if (match?.[1]) {
        fetched.push(match[1]);
        return json({ messages: [], hasMore: false });
      }
      return fetch(input, init);
    };
    const bg = startBackground({ fetch: wrapped, WebSocket: FakeSocket });
    await sendMessage('auth.signIn', { serverUrl: SERVER, email: agent.email, password: 'pw' });
    FakeSocket.last.welcome();
    await bg.syncing;
    expect(fetched).toHaveLength(20);
    expect(fetched).not.toContain('closed');
    expect(fetched).toContain('co24');
    expect(fetched).not.toContain('co4');
  });

  it('stores message.created and conversation.updated frames', async () => {
    const { bg, socket } = await signedIn();
    const created = message({ id: 'me2', clientId: 'cl2', text: 'Any news?', createdAt: 3_000 });
    socket.receive({ type: 'message.created', message: created });
    const updated = conversation({ lastMessagePreview: 'Any news?', unreadCount: 2 });
    socket.receive({ type: 'conversation.updated', conversation: updated });
    socket.receive({ type: 'customer.updated', customer: customer({ name: 'Grace H.' }) });
    socket.receive({ type: 'agent.updated', agent: { ...agent, status: 'away' } });
    await settle();
    await bg.cache.idle();
    const db = getDb();
    expect(await db.messages.get('me2')).toEqual(created);
    expect(await db.conversations.get('co1')).toEqual(updated);
    expect((await db.customers.get('cu1'))?.name).toBe('Grace H.');
    expect((await db.agents.get(agent.id))?.status).toBe('away');
  });

  it('does not duplicate a message received twice, and replaces a copy with its clientId', async () => {
    const { bg, socket } = await signedIn();
    const db = getDb();
    await bg.cache.putMessages([message({ id: 'local-cl7', clientId: 'cl7', text: 'draft' })]);
    const created = message({ id: 'me7', clientId: 'cl7', text: 'sent' });
    socket.receive({ type: 'message.created', message: created });
    socket.receive({ type: 'message.created', message: created });
    await settle();
    await bg.cache.idle();
    expect(await db.messages.where('clientId').equals('cl7').toArray()).toEqual([created]);
    expect(await db.messages.count()).toBe(2);
  });

  it('ignores frames that do not match the protocol', async () => {
    const { bg, socket } = await signedIn();
    socket.onmessage?.({ data: '{"type":"message.created","message":{"id":1}}' } as MessageEvent);
    socket.onmessage?.({ data: 'not json' } as MessageEvent);
    await settle();
    await bg.cache.idle();
    expect(await getDb().messages.count()).toBe(1);
  });

  it('conversation.open fetches messages and marks an unread conversation read', async () => {
    const { socket } = await signedIn();
    await getDb().messages.clear();
    const answer = await sendMessage('conversation.open', { conversationId: 'co1' });
    expect(answer).toEqual({ ok: true });
    expect(await getDb().messages.toArray()).toEqual([message()]);
    expect(socket.sentOfType('conversation.read')).toEqual([
      { type: 'conversation.read', conversationId: 'co1' },
    ]);
  });

  it('conversation.open gives the REST failure back; a 401 ends the session', async () => {
    const routes = serverRoutes({
      'GET /api/conversations/co1/messages': () =>
        json({ code: 'unauthorized', message: 'Sign in again.' }, 401),
    });
    await signedIn(routes);
    const answer = await sendMessage('conversation.open', { conversationId: 'co1' });
    expect(answer).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(await getDb().state.get('connection')).toMatchObject({ status: 'signed_out' });
    expect(await getDb().conversations.count()).toBe(0);
  });

  it('conversation.read and agent.setStatus send frames, and say so when offline', async () => {
    const { socket } = await signedIn();
    expect(await sendMessage('conversation.read', { conversationId: 'co1' })).toEqual({ ok: true });
    expect(await sendMessage('agent.setStatus', { status: 'away' })).toEqual({ ok: true });
    expect(socket.sentOfType('agent.status')).toEqual([{ type: 'agent.status', status: 'away' }]);
    socket.serverClose(1006);
    const read = await sendMessage('conversation.read', { conversationId: 'co1' });
    expect(read).toMatchObject({ ok: false, code: 'network' });
    const status = await sendMessage('agent.setStatus', { status: 'online' });
    expect(status).toMatchObject({ ok: false, code: 'network' });
  });
});
