import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getDb, getMetaDb, resetDb } from '../../../lib/db';
import { sendMessage } from '../../../lib/messaging';
import { startBackground, stopBackground } from '../../../lib/background';
import type { Background } from '../../../lib/background/background';
import { FakeSocket, json, macro, pulled, serverRoutes, signedIn, type Route } from './helpers';

const refund = macro();
const hello = macro({ id: 'ma2', scope: 'personal', ownerId: 'ag1', shortcut: 'hi', title: 'Hi' });

/** GET /api/macros answers whatever `state.macros` holds at the time (or fails with `fail`). */
function macroServer(initial = [refund, hello]) {
  const state: { macros: typeof initial; fail: Route | null } = { macros: initial, fail: null };
  const route: Route = (body, init) => state.fail?.(body, init) ?? json({ macros: state.macros });
  return { state, routes: serverRoutes({ 'GET /api/macros': route }) };
}

/** The socket drops; the next one (backoff 0 with random 0) is welcomed and pulls nothing. */
async function reconnect(bg: Background, socket: FakeSocket): Promise<void> {
  socket.serverClose();
  await vi.waitFor(() => expect(FakeSocket.instances.length).toBe(2));
  const next = FakeSocket.last;
  next.welcome();
  await pulled(next, 1);
  next.page([]);
  await bg.idle();
}

const offline: Route = () => Promise.reject(new TypeError('Failed to fetch'));

describe('macros in the background', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await resetDb();
    FakeSocket.instances = [];
  });
  afterEach(() => {
    stopBackground();
    vi.restoreAllMocks();
  });

  it('caches the macros after welcome and the first pull', async () => {
    const { routes } = macroServer();
    const { calls } = await signedIn({ routes });
    expect(calls.filter((c) => c.url.endsWith('/api/macros'))).toHaveLength(1);
    const cached = await getDb().macros.orderBy('shortcut').toArray();
    expect(cached).toEqual([hello, refund]);
  });

  it('fetches them again after each welcome (reconnect)', async () => {
    const server = macroServer();
    const { bg, socket, calls } = await signedIn({
      routes: server.routes,
      deps: { random: () => 0 },
    });
    server.state.macros = [refund];
    await reconnect(bg, socket);
    expect(calls.filter((c) => c.url.endsWith('/api/macros'))).toHaveLength(2);
    expect(await getDb().macros.toArray()).toEqual([refund]);
  });

  it('macros.refresh replaces the cache: macros deleted on the server disappear', async () => {
    const server = macroServer();
    await signedIn({ routes: server.routes });
    const edited = { ...refund, title: 'Refund sent', updatedAt: 2_000 };
    server.state.macros = [edited];
    expect(await sendMessage('macros.refresh')).toEqual({ ok: true, count: 1 });
    expect(await getDb().macros.toArray()).toEqual([edited]);
  });

  it('a failed fetch keeps the cached macros and answers a Failure with a sentence', async () => {
    const server = macroServer();
    await signedIn({ routes: server.routes });
    server.state.fail = () => json({ code: 'internal', message: 'Storage is down.' }, 500);
    const failed = await sendMessage('macros.refresh');
    expect(failed).toMatchObject({ ok: false, code: 'internal' });
    expect((failed as { message: string }).message).toMatch(/^Rapport could not fetch.*\.$/);
    server.state.fail = offline;
    expect(await sendMessage('macros.refresh')).toMatchObject({
      ok: false,
      code: 'network',
      message: expect.stringContaining("Can't reach the Rapport server") as unknown,
    });
    expect(await getDb().macros.count()).toBe(2);
  });

  it('a failed fetch after welcome is only logged; the cached macros stay', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const server = macroServer();
    const { bg, socket } = await signedIn({
      routes: server.routes,
      deps: { random: () => 0 },
    });
    server.state.fail = offline;
    await reconnect(bg, socket);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('could not fetch your macros'));
    expect(await getDb().macros.count()).toBe(2);
  });

  it('a 401 on macros.refresh ends the session', async () => {
    const server = macroServer();
    await signedIn({ routes: server.routes });
    server.state.fail = () => json({ code: 'unauthorized', message: 'Sign in again.' }, 401);
    expect(await sendMessage('macros.refresh')).toMatchObject({ code: 'unauthorized' });
    expect(await getMetaDb().state.get('connection')).toMatchObject({ status: 'signed_out' });
  });

  it('macro.used counts the use on the server and caches its usageCount', async () => {
    const server = macroServer();
    const used: string[] = [];
    const { calls } = await signedIn({
      routes: {
        ...server.routes,
        'POST /api/macros/ma1/use': () => {
          used.push('ma1');
          return json({ macro: { ...refund, usageCount: 7 } });
        },
      },
    });
    expect(await sendMessage('macro.used', { macroId: 'ma1' })).toEqual({ ok: true });
    expect(used).toEqual(['ma1']);
    expect(calls.at(-1)).toMatchObject({ method: 'POST', url: expect.stringMatching(/\/use$/) });
    expect((await getDb().macros.get('ma1'))?.usageCount).toBe(7);
  });

  it('macro.used offline bumps usageCount in the cache and answers ok', async () => {
    const server = macroServer();
    await signedIn({ routes: { ...server.routes, 'POST /api/macros/ma1/use': offline } });
    expect(await sendMessage('macro.used', { macroId: 'ma1' })).toEqual({ ok: true });
    expect(await sendMessage('macro.used', { macroId: 'ma1' })).toEqual({ ok: true });
    expect((await getDb().macros.get('ma1'))?.usageCount).toBe(2);
  });

  it('macro.used of a macro the server no longer has answers its Failure', async () => {
    const server = macroServer();
    await signedIn({
      routes: {
        ...server.routes,
        'POST /api/macros/ma1/use': () =>
          json({ code: 'not_found', message: 'The macro was not found.' }, 404),
      },
    });
    expect(await sendMessage('macro.used', { macroId: 'ma1' })).toEqual({
      ok: false,
      code: 'not_found',
      message: 'The macro was not found.',
    });
    expect((await getDb().macros.get('ma1'))?.usageCount).toBe(0);
  });

  it('answers not_signed_in without a session', async () => {
    startBackground({ WebSocket: FakeSocket });
    expect(await sendMessage('macros.refresh')).toMatchObject({
      code: 'not_signed_in',
    });
    expect(await sendMessage('macro.used', { macroId: 'ma1' })).toMatchObject({
      code: 'not_signed_in',
    });
  });
});
