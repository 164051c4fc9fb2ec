import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import Dexie from 'dexie';
import { accountDbName, getDb, getMetaDb, resetDb, type ConnectionState } from '../../../lib/db';
import { sendMessage } from '../../../lib/messaging';
import { AUTH_STORAGE_KEY, loadSession } from '../../../lib/background/auth-store';
import { startBackground, stopBackground } from '../../../lib/background';
import { normalizeServerUrl } from '../../../lib/background/auth';
import {
  agent,
  conversation,
  FakeSocket,
  fakeFetch,
  json,
  SERVER,
  serverRoutes,
  settle,
  signedIn,
  workspace,
} from './helpers';

const credentials = { serverUrl: `${SERVER}/`, email: 'Ada@Acme.test', password: 'secret' };

async function connectionRow(): Promise<ConnectionState | undefined> {
  return (await getMetaDb().state.get('connection')) as ConnectionState | undefined;
}

describe('sign-in and sign-out', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await resetDb();
    FakeSocket.instances = [];
  });
  afterEach(() => {
    stopBackground();
    vi.unstubAllGlobals();
  });

  it('S12: signs in through the entrypoint: session row with its database, stored token, hello', async () => {
    const { fetch, calls } = fakeFetch(serverRoutes());
    vi.stubGlobal('fetch', fetch);
    vi.stubGlobal('WebSocket', FakeSocket);
    (await import('../../../entrypoints/background')).default.main();

    const answer = await sendMessage('auth.signIn', credentials);

    expect(answer).toEqual({ ok: true, agent, workspace });
    expect(calls[0]).toMatchObject({ method: 'POST', url: `${SERVER}/api/auth/login` });
    const dbName = accountDbName(SERVER, workspace.id, agent.id);
    expect(await getMetaDb().state.get('session')).toEqual({
      key: 'session',
      agentId: agent.id,
      workspaceId: workspace.id,
      workspaceName: workspace.name,
      serverUrl: SERVER,
      dbName,
    });
    expect(getDb().name).toBe(dbName);
    expect(await loadSession()).toMatchObject({ serverUrl: SERVER, token: 'tok-1' });
    expect(await getDb().agents.get(agent.id)).toEqual(agent);
    const socket = FakeSocket.last;
    expect(socket.url).toBe('ws://127.0.0.1:8787/ws/agent');
    socket.open();
    expect(socket.sent).toEqual([{ type: 'hello', protocolVersion: 3, token: 'tok-1' }]);
    await settle();
    expect((await connectionRow())?.status).toBe('connecting');
  });

  it('gives back the server message of a 401 and stores nothing', async () => {
    const message = 'Wrong email or password. Check both and try again.';
    const { fetch } = fakeFetch(
      serverRoutes({
        'POST /api/auth/login': () => json({ code: 'invalid_credentials', message }, 401),
      }),
    );
    startBackground({ fetch, WebSocket: FakeSocket });

    const answer = await sendMessage('auth.signIn', credentials);

    expect(answer).toEqual({ ok: false, code: 'invalid_credentials', message });
    expect(await loadSession()).toBeNull();
    expect(await getMetaDb().state.get('session')).toBeUndefined();
    expect(FakeSocket.instances).toHaveLength(0);
  });

  it('passes on rate limiting with its retry delay', async () => {
    const { fetch } = fakeFetch({
      'POST /api/auth/login': () =>
        json({ code: 'rate_limited', message: 'Too many attempts.', retryAfterSeconds: 30 }, 429),
    });
    startBackground({ fetch, WebSocket: FakeSocket });
    const answer = await sendMessage('auth.signIn', credentials);
    expect(answer).toMatchObject({ ok: false, code: 'rate_limited', retryAfterSeconds: 30 });
  });

  it('says how to fix an unreachable server', async () => {
    const fetch = vi.fn(() => Promise.reject(new TypeError('Failed to fetch')));
    startBackground({ fetch, WebSocket: FakeSocket });
    const answer = await sendMessage('auth.signIn', credentials);
    expect(answer).toEqual({
      ok: false,
      code: 'network',
      message: `Can't reach the Rapport server at ${SERVER}. Check the address and that the server is running.`,
    });
  });

  it('refuses a server address that is not http(s) without calling the network', async () => {
    const { fetch } = fakeFetch(serverRoutes());
    startBackground({ fetch, WebSocket: FakeSocket });
    const answer = await sendMessage('auth.signIn', { ...credentials, serverUrl: 'ftp://x' });
    expect(answer).toMatchObject({ ok: false, code: 'invalid_request' });
    expect(fetch).not.toHaveBeenCalled();
    expect(normalizeServerUrl(' https://chat.example.com/rapport/ ')).toBe(
      'https://chat.example.com/rapport',
    );
    expect(normalizeServerUrl('javascript:alert(1)')).toBeNull();
    expect(normalizeServerUrl('chat.example.com')).toBeNull();
  });

  it('S12: signs out: logs out on the server, deletes the database, forgets the session', async () => {
    const { bg, socket, calls } = await signedIn();
    const dbName = getDb().name;
    expect(await Dexie.exists(dbName)).toBe(true);

    const answer = await sendMessage('auth.signOut');

    expect(answer).toEqual({ ok: true });
    const logout = calls.find((call) => call.url.endsWith('/api/auth/logout'));
    expect(logout?.headers.authorization).toBe('Bearer tok-1');
    expect(await Dexie.exists(dbName)).toBe(false);
    expect(getDb().name).toBe('rapport-data-none');
    expect(await getMetaDb().state.get('session')).toBeUndefined();
    expect(await connectionRow()).toMatchObject({ status: 'signed_out', error: null });
    expect(await fakeBrowser.storage.local.get(AUTH_STORAGE_KEY)).toEqual({});
    expect(socket.closedByClient).not.toBeNull();
    expect(bg.connection.online).toBe(false);
    expect(bg.account).toBeNull();
  });

  it('S12: two accounts use two databases; switching accounts deletes the previous one', async () => {
    await signedIn();
    const first = getDb().name;
    expect(await getDb().conversations.count()).toBe(1);
    const other = { ...agent, id: 'ag2', email: 'bob@acme.test', name: 'Bob' };
    const { fetch } = fakeFetch(
      serverRoutes({
        'POST /api/auth/login': () =>
          json({ token: 'tok-2', expiresAt: Date.now() + 60_000, agent: other, workspace }),
      }),
    );
    const bg = startBackground({ fetch, WebSocket: FakeSocket });
    await bg.ready;
    await sendMessage('auth.signIn', { ...credentials, email: other.email });
    const second = getDb().name;
    expect(second).toBe(accountDbName(SERVER, workspace.id, 'ag2'));
    expect(second).not.toBe(first);
    expect(await getDb().conversations.count()).toBe(0);
    expect(await getDb().agents.get('ag2')).toEqual(other);
    expect(await Dexie.exists(first)).toBe(false);
    expect(accountDbName('https://other.example', workspace.id, agent.id)).not.toBe(first);
  });

  it('signs out even when the server cannot be reached', async () => {
    const { fetch } = fakeFetch(
      serverRoutes({ 'POST /api/auth/logout': () => Promise.reject(new TypeError('offline')) }),
    );
    startBackground({ fetch, WebSocket: FakeSocket });
    await sendMessage('auth.signIn', credentials);
    expect(await sendMessage('auth.signOut')).toEqual({ ok: true });
    expect(await loadSession()).toBeNull();
  });

  it('S11: reconnects at startup with the stored session and its database, signed out without one', async () => {
    await startBackground({ WebSocket: FakeSocket }).ready;
    expect(await connectionRow()).toMatchObject({ status: 'signed_out' });
    expect(FakeSocket.instances).toHaveLength(0);

    await fakeBrowser.storage.local.set({
      [AUTH_STORAGE_KEY]: {
        version: 1,
        serverUrl: SERVER,
        token: 'tok-9',
        expiresAt: Date.now() + 60_000,
        agentId: agent.id,
        workspaceId: workspace.id,
      },
    });
    const bg = startBackground({ WebSocket: FakeSocket });
    await bg.ready;
    FakeSocket.last.open();
    expect(FakeSocket.last.sent[0]).toMatchObject({ type: 'hello', token: 'tok-9' });
    expect(getDb().name).toBe(accountDbName(SERVER, workspace.id, agent.id));
    expect(await getMetaDb().state.get('session')).toMatchObject({ dbName: getDb().name });
  });

  it('answers not_signed_in to requests that need a session', async () => {
    startBackground({ WebSocket: FakeSocket });
    const answer = await sendMessage('message.send', {
      conversationId: conversation().id,
      clientId: 'c1',
      text: 'hello',
    });
    expect(answer).toMatchObject({ ok: false, code: 'not_signed_in' });
  });

  it('S12: deletes the single cache database of issue-2 builds at start', async () => {
    const legacy = new Dexie('rapport');
    legacy.version(1).stores({ messages: 'id, [conversationId+createdAt], clientId' });
    await legacy.table('messages').put({ id: 'me1', conversationId: 'co1', text: 'Old secret' });
    legacy.close();
    expect(await Dexie.exists('rapport')).toBe(true);
    await startBackground({ WebSocket: FakeSocket }).ready;
    expect(await Dexie.exists('rapport')).toBe(false);
  });

  it('S12: the database of an ended session is deleted when another account signs in', async () => {
    const { socket } = await signedIn();
    const first = getDb().name;
    socket.serverClose(4000, 'unauthorized');
    await vi.waitFor(async () =>
      expect(await connectionRow()).toMatchObject({ status: 'signed_out' }),
    );
    expect(await Dexie.exists(first)).toBe(true);
    const other = { ...agent, id: 'ag2', email: 'bob@acme.test', name: 'Bob' };
    const { fetch } = fakeFetch(
      serverRoutes({
        'POST /api/auth/login': () =>
          json({ token: 'tok-2', expiresAt: Date.now() + 60_000, agent: other, workspace }),
      }),
    );
    startBackground({ fetch, WebSocket: FakeSocket });
    expect(await sendMessage('auth.signIn', { ...credentials, email: other.email })).toMatchObject({
      ok: true,
    });
    expect(getDb().name).not.toBe(first);
    expect(await Dexie.exists(first)).toBe(false);
    expect(await getMetaDb().state.get('ended')).toBeUndefined();
  });

  it('S12: the database of an ended session is kept when the same account signs in again', async () => {
    const { socket } = await signedIn();
    const first = getDb().name;
    await getDb().outbox.add({
      kind: 'conversation.read',
      conversationId: 'co1',
      clientId: 'cl-read',
      status: 'pending',
      createdAt: 1,
    });
    socket.serverClose(4000, 'unauthorized');
    await vi.waitFor(async () =>
      expect(await connectionRow()).toMatchObject({ status: 'signed_out' }),
    );
    expect(await sendMessage('auth.signIn', credentials)).toMatchObject({ ok: true });
    expect(getDb().name).toBe(first);
    expect(await Dexie.exists(first)).toBe(true);
    expect(await getDb().outbox.count()).toBe(1);
    expect(await getMetaDb().state.get('ended')).toBeUndefined();
  });
});
