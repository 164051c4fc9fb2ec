import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getDb, getMetaDb, resetDb } from '../../../lib/db';
import { sendMessage } from '../../../lib/messaging';
import { startBackground, stopBackground } from '../../../lib/background';
import {
  changes,
  FakeSocket,
  initialChanges,
  json,
  macro,
  SERVER,
  serverRoutes,
  signedIn as signedInWith,
  type Route,
} from './helpers';

const refund = macro();
const hello = macro({ id: 'ma2', scope: 'personal', ownerId: 'ag1', shortcut: 'hi', title: 'Hi' });

/** GET /api/macros answers whatever `state.macros` holds at the time (or fails with `fail`). */
function macroServer(initial = [refund, hello]) {
  const state: { macros: typeof initial; fail: Route | null } = { macros: initial, fail: null };
  const route: Route = (body, init) => state.fail?.(body, init) ?? json({ macros: state.macros });
  return { state, routes: serverRoutes({ 'GET /api/macros': route }) };
}

/** Signed in; the first pull brings the conversation and both macros (S14). */
function signedIn(options: Parameters<typeof signedInWith>[0] = {}) {
  return signedInWith({ initial: [...initialChanges(), ...changes(4, refund, hello)], ...options });
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

  it('S14: caches the macros from the first pull; nothing is fetched over REST after it', async () => {
    const { routes } = macroServer();
    const { calls } = await signedIn({ routes });
    expect(calls.filter((c) => c.url.includes('/api/macros'))).toEqual([]);
    const cached = await getDb().macros.orderBy('shortcut').toArray();
    expect(cached).toEqual([hello, refund]);
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

  it('a 401 on macros.refresh ends the session', async () => {
    const server = macroServer();
    await signedIn({ routes: server.routes });
    server.state.fail = () => json({ code: 'unauthorized', message: 'Sign in again.' }, 401);
    expect(await sendMessage('macros.refresh')).toMatchObject({ code: 'unauthorized' });
    expect(await getMetaDb().state.get('connection')).toMatchObject({ status: 'signed_out' });
  });

  it('macros.save creates the macro on the server and caches it, without a refresh', async () => {
    const server = macroServer();
    const created = macro({ id: 'ma3', shortcut: 'thanks', title: 'Thanks', body: 'Thank you!' });
    const posted: unknown[] = [];
    const { calls } = await signedIn({
      routes: {
        ...server.routes,
        'POST /api/macros': (body) => {
          posted.push(body);
          return json({ macro: created }, 201);
        },
      },
    });
    const input = {
      scope: 'team' as const,
      shortcut: 'thanks',
      title: 'Thanks',
      body: 'Thank you!',
      tags: [],
    };
    expect(await sendMessage('macros.save', { input })).toEqual({ ok: true, macro: created });
    expect(posted).toEqual([input]);
    expect(calls.filter((c) => c.method === 'GET' && c.url.endsWith('/api/macros'))).toEqual([]);
    expect(await getDb().macros.orderBy('shortcut').toArray()).toEqual([hello, refund, created]);
  });

  it('macros.save with an id replaces the macro (PUT) and caches it', async () => {
    const server = macroServer();
    const edited = { ...refund, title: 'Refund sent', updatedAt: 2_000 };
    const { calls } = await signedIn({
      routes: {
        ...server.routes,
        'PUT /api/macros/ma1': () => {
          server.state.macros = [edited, hello];
          return json({ macro: edited });
        },
      },
    });
    const input = {
      scope: 'team' as const,
      shortcut: 'refund',
      title: 'Refund sent',
      body: refund.body,
      tags: [],
    };
    expect(await sendMessage('macros.save', { id: 'ma1', input })).toEqual({
      ok: true,
      macro: edited,
    });
    expect(calls.some((c) => c.method === 'PUT' && c.url.endsWith('/api/macros/ma1'))).toBe(true);
    expect(await getDb().macros.get('ma1')).toEqual(edited);
  });

  it('a shortcut collision (409) answers a Failure with the server sentence', async () => {
    const server = macroServer();
    const sentence =
      'The shortcut ";refund" is already used by the team macro "Refund". ' +
      'Choose another shortcut, or change that macro first.';
    await signedIn({
      routes: {
        ...server.routes,
        'POST /api/macros': () => json({ code: 'conflict', message: sentence }, 409),
      },
    });
    const input = {
      scope: 'personal' as const,
      shortcut: 'refund',
      title: 'Mine',
      body: 'Hi',
      tags: [],
    };
    expect(await sendMessage('macros.save', { input })).toEqual({
      ok: false,
      code: 'conflict',
      message: sentence,
    });
    expect(await getDb().macros.count()).toBe(2);
  });

  it('a team macro change by a non-admin answers the 403 sentence', async () => {
    const server = macroServer();
    const sentence =
      'Only admins can change team macros. Save it as a personal macro, or ask an admin.';
    await signedIn({
      routes: {
        ...server.routes,
        'DELETE /api/macros/ma1': () => json({ code: 'forbidden', message: sentence }, 403),
      },
    });
    expect(await sendMessage('macros.delete', { id: 'ma1' })).toEqual({
      ok: false,
      code: 'forbidden',
      message: sentence,
    });
    expect(await getDb().macros.get('ma1')).toEqual(refund);
  });

  it('macros.delete deletes on the server and the macro leaves the cache', async () => {
    const server = macroServer();
    const { calls } = await signedIn({
      routes: {
        ...server.routes,
        'DELETE /api/macros/ma2': () => new Response(null, { status: 204 }),
      },
    });
    expect(await getDb().macros.count()).toBe(2);
    expect(await sendMessage('macros.delete', { id: 'ma2' })).toEqual({ ok: true });
    expect(calls.some((c) => c.method === 'DELETE' && c.url.endsWith('/api/macros/ma2'))).toBe(
      true,
    );
    expect(await getDb().macros.toArray()).toEqual([refund]);
  });

  it('macros.import caches the imported macros and answers how many', async () => {
    const server = macroServer();
    const thanks = macro({ id: 'ma3', shortcut: 'thanks', title: 'Thanks' });
    await signedIn({
      routes: {
        ...server.routes,
        'POST /api/macros/import': () => json({ imported: [thanks] }),
      },
    });
    const csv = 'scope,shortcut,title,body,tags\nteam,thanks,Thanks,Thank you!,\n';
    expect(await sendMessage('macros.import', { format: 'csv', csv })).toEqual({
      ok: true,
      imported: 1,
    });
    expect(await getDb().macros.get('ma3')).toEqual(thanks);
    expect(await getDb().macros.count()).toBe(3);
  });

  it('macros.import refused with rowErrors passes them through; nothing changes', async () => {
    const server = macroServer();
    const rowErrors = [
      { row: 2, field: 'shortcut', message: 'A shortcut is 1–32 letters.' },
      { row: 3, message: 'The shortcut ";refund" is already used.' },
    ];
    const refusal = {
      code: 'invalid_request',
      message: 'Nothing was imported: 2 rows have errors.',
      rowErrors,
    };
    const { calls } = await signedIn({
      routes: { ...server.routes, 'POST /api/macros/import': () => json(refusal, 400) },
    });
    const answer = await sendMessage('macros.import', { format: 'json', macros: [{}, {}, {}] });
    expect(answer).toEqual({ ok: false, ...refusal });
    expect(calls.filter((c) => c.url.endsWith('/api/macros'))).toEqual([]);
    expect(await getDb().macros.count()).toBe(2);
  });

  it('macros.export answers the text of the file the server sends', async () => {
    const server = macroServer();
    const csv = 'scope,shortcut,title,body,tags\r\nteam,refund,Refund,Your refund,\r\n';
    const { calls } = await signedIn({
      routes: {
        ...server.routes,
        'GET /api/macros/export': () =>
          new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8' } }),
      },
    });
    expect(await sendMessage('macros.export', { format: 'csv' })).toEqual({ ok: true, text: csv });
    expect(calls.at(-1)?.url).toBe(`${SERVER}/api/macros/export?format=csv`);
  });

  it('macros.save keeps a cached macro that a later change made newer than the answer', async () => {
    const server = macroServer();
    const answered = { ...refund, title: 'Refund v2', updatedAt: 2_000 };
    const { bg, socket } = await signedIn({
      routes: {
        ...server.routes,
        'PUT /api/macros/ma1': () => {
          // the live change of a later edit arrives before the answer of this one
          socket.live(changes(6, { ...refund, title: 'Refund v3', updatedAt: 3_000 }));
          return json({ macro: answered });
        },
      },
    });
    const input = {
      scope: 'team' as const,
      shortcut: 'refund',
      title: 'Refund v2',
      body: 'x',
      tags: [],
    };
    expect(await sendMessage('macros.save', { id: 'ma1', input })).toMatchObject({ ok: true });
    await bg.idle();
    expect((await getDb().macros.get('ma1'))?.title).toBe('Refund v3');
  });

  it('S16: macros.pin sends the whole set of pins and caches the answer', async () => {
    const server = macroServer();
    const puts: unknown[] = [];
    const saved = (pins: { slot: number; macroId: string }[], updatedAt: number) => ({
      id: 'ag1',
      workspaceId: 'ws1',
      pins,
      updatedAt,
    });
    let updatedAt = 10;
    await signedIn({
      routes: {
        ...server.routes,
        'PUT /api/macros/pins': (body) => {
          puts.push(body);
          const { pins } = body as { pins: { slot: number; macroId: string }[] };
          return json({
            pins: saved(
              [...pins].sort((a, b) => a.slot - b.slot),
              ++updatedAt,
            ),
          });
        },
      },
    });
    expect(await sendMessage('macros.pin', { macroId: 'ma1', slot: 3 })).toEqual({
      ok: true,
      pins: [{ slot: 3, macroId: 'ma1' }],
    });
    // Another macro takes slot 3; then ma1 goes to slot 1; then ma2 is unpinned.
    await sendMessage('macros.pin', { macroId: 'ma2', slot: 3 });
    await sendMessage('macros.pin', { macroId: 'ma1', slot: 1 });
    await sendMessage('macros.pin', { macroId: 'ma2', slot: null });
    expect(puts).toEqual([
      { pins: [{ slot: 3, macroId: 'ma1' }] },
      { pins: [{ slot: 3, macroId: 'ma2' }] },
      {
        pins: [
          { slot: 3, macroId: 'ma2' },
          { slot: 1, macroId: 'ma1' },
        ],
      },
      { pins: [{ slot: 1, macroId: 'ma1' }] },
    ]);
    expect(await getDb().macroPins.get('ag1')).toEqual(saved([{ slot: 1, macroId: 'ma1' }], 14));
  });

  it('S16: macros.pin offline answers the network Failure and changes nothing', async () => {
    const server = macroServer();
    await signedIn({ routes: { ...server.routes, 'PUT /api/macros/pins': offline } });
    expect(await sendMessage('macros.pin', { macroId: 'ma1', slot: 2 })).toMatchObject({
      ok: false,
      code: 'network',
    });
    expect(await getDb().macroPins.count()).toBe(0);
  });

  it('answers not_signed_in without a session', async () => {
    startBackground({ WebSocket: FakeSocket });
    expect(await sendMessage('macros.refresh')).toMatchObject({
      code: 'not_signed_in',
    });
    expect(await sendMessage('macro.used', { macroId: 'ma1' })).toMatchObject({
      code: 'not_signed_in',
    });
    expect(await sendMessage('macros.pin', { macroId: 'ma1', slot: 1 })).toMatchObject({
      code: 'not_signed_in',
    });
    expect(await sendMessage('macros.export', { format: 'json' })).toMatchObject({
      code: 'not_signed_in',
    });
  });
});
