import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getDb, getMetaDb, resetDb } from '../../../lib/db';
import { sendMessage } from '../../../lib/messaging';
import { stopBackground } from '../../../lib/background';
import type { CustomerProfileResponse } from '../../../protocol';
import {
  changes,
  conversation,
  customer,
  FakeSocket,
  json,
  pulled,
  serverRoutes,
  signedIn,
  type Route,
} from './helpers';

const grace = customer({ notes: '', tags: [] });
const profile: CustomerProfileResponse = {
  customer: grace,
  conversations: [
    {
      id: 'co1',
      status: 'open',
      assigneeId: null,
      assigneeName: null,
      createdAt: 1_000,
      lastMessageAt: 2_000,
    },
    {
      id: 'co0',
      status: 'closed',
      assigneeId: 'ag2',
      assigneeName: 'Ana',
      createdAt: 100,
      lastMessageAt: 200,
    },
  ],
  pages: [{ url: 'https://shop.test/cart', title: 'Cart', at: 1_500 }],
};

function routes(extra: Record<string, Route> = {}) {
  return serverRoutes({
    'GET /api/customers/cu1': () => json(profile),
    'PATCH /api/customers/cu1': (body) =>
      json({ customer: { ...grace, ...(body as object), name: 'Grace (server)' } }),
    ...extra,
  });
}

describe('customer profile and edits (background)', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await resetDb();
    FakeSocket.instances = [];
  });
  afterEach(() => {
    stopBackground();
    vi.restoreAllMocks();
  });

  it('customer.profile fetches GET /api/customers/:id and caches it', async () => {
    const { calls } = await signedIn({ routes: routes() });
    const answer = await sendMessage('customer.profile', { customerId: 'cu1' });
    expect(answer).toEqual({ ok: true, profile });
    expect(calls.at(-1)).toMatchObject({
      method: 'GET',
      url: 'http://127.0.0.1:8787/api/customers/cu1',
    });
    expect(calls.at(-1)?.headers.authorization).toBe('Bearer tok-1');
    expect(await getDb().customerProfiles.get('cu1')).toMatchObject({
      customerId: 'cu1',
      ...profile,
    });
  });

  it('customer.profile of a merged visitor caches the answer under both ids', async () => {
    await signedIn({
      routes: routes({ 'GET /api/customers/cu_visitor': () => json(profile) }),
    });
    expect(await sendMessage('customer.profile', { customerId: 'cu_visitor' })).toMatchObject({
      ok: true,
    });
    expect((await getDb().customerProfiles.toCollection().primaryKeys()).sort()).toEqual([
      'cu1',
      'cu_visitor',
    ]);
  });

  it('customer.profile offline answers a network failure and keeps the cached profile', async () => {
    let up = true;
    await signedIn({
      routes: routes({
        'GET /api/customers/cu1': () => {
          if (!up) throw new TypeError('Failed to fetch');
          return json(profile);
        },
      }),
    });
    await sendMessage('customer.profile', { customerId: 'cu1' });
    up = false;
    const answer = await sendMessage('customer.profile', { customerId: 'cu1' });
    expect(answer).toMatchObject({ ok: false, code: 'network' });
    expect((await getDb().customerProfiles.get('cu1'))?.pages).toEqual(profile.pages);
  });

  it('customer.update PATCHes only the fields given and caches the saved ones', async () => {
    const { calls } = await signedIn({ routes: routes() });
    await sendMessage('customer.profile', { customerId: 'cu1' });
    const answer = await sendMessage('customer.update', {
      customerId: 'cu1',
      patch: { notes: 'Prefers email', tags: ['vip'] },
    });
    expect(answer).toMatchObject({ ok: true, customer: { notes: 'Prefers email', tags: ['vip'] } });
    expect(calls.at(-1)).toMatchObject({ method: 'PATCH' });
    const cached = await getDb().customers.get('cu1');
    expect(cached).toMatchObject({ notes: 'Prefers email', tags: ['vip'], name: 'Grace' });
    expect((await getDb().customerProfiles.get('cu1'))?.customer).toMatchObject({
      notes: 'Prefers email',
    });
  });

  it('customer.update passes the server’s refusal through and changes nothing', async () => {
    await signedIn({
      routes: routes({
        'PATCH /api/customers/cu1': () =>
          json({ code: 'invalid_request', message: 'Tags can be at most 40 characters.' }, 400),
      }),
    });
    const answer = await sendMessage('customer.update', {
      customerId: 'cu1',
      patch: { tags: ['x'.repeat(41)] },
    });
    expect(answer).toEqual({
      ok: false,
      code: 'invalid_request',
      message: 'Tags can be at most 40 characters.',
    });
    expect((await getDb().customers.get('cu1'))?.tags).toBeUndefined();
  });

  it('customer.update of a session that ended signs out (401)', async () => {
    await signedIn({
      routes: routes({
        'PATCH /api/customers/cu1': () =>
          json({ code: 'unauthorized', message: 'Your session ended. Sign in again.' }, 401),
      }),
    });
    const answer = await sendMessage('customer.update', {
      customerId: 'cu1',
      patch: { notes: 'x' },
    });
    expect(answer).toMatchObject({ ok: false, code: 'unauthorized' });
    await vi.waitFor(async () => expect(await getMetaDb().state.get('session')).toBeUndefined());
  });

  it('customer.openConversation puts a conversation sync has not brought, from the cached profile', async () => {
    await signedIn({ routes: routes(), initial: changes(1, grace, conversation()) });
    expect(
      await sendMessage('customer.openConversation', { customerId: 'cu1', conversationId: 'co0' }),
    ).toMatchObject({ ok: false, code: 'not_found' });
    await sendMessage('customer.profile', { customerId: 'cu1' });
    const before = await getDb().conversations.get('co1');
    expect(
      await sendMessage('customer.openConversation', { customerId: 'cu1', conversationId: 'co0' }),
    ).toEqual({ ok: true });
    expect(await getDb().conversations.get('co0')).toMatchObject({
      id: 'co0',
      customerId: 'cu1',
      status: 'closed',
      assigneeId: 'ag2',
      lastActivityAt: 200,
      unreadCount: 0,
    });
    // a cached conversation is left as synced
    await sendMessage('customer.openConversation', { customerId: 'cu1', conversationId: 'co1' });
    expect(await getDb().conversations.get('co1')).toEqual(before);
  });

  it('S3: cursor_invalid (a resync from 0) drops the cached profiles too', async () => {
    const { socket } = await signedIn({ routes: routes() });
    await sendMessage('customer.profile', { customerId: 'cu1' });
    expect(await getDb().customerProfiles.count()).toBe(1);
    socket.live(changes(9, conversation())); // a gap: the client pulls
    await pulled(socket, 2);
    socket.receive({ type: 'error', code: 'cursor_invalid', message: 'Pull from 0.' });
    await vi.waitFor(async () => expect(await getDb().customerProfiles.count()).toBe(0));
  });

  it('answers not_signed_in when nobody is signed in', async () => {
    await signedIn({ routes: routes() });
    await sendMessage('auth.signOut');
    expect(await sendMessage('customer.profile', { customerId: 'cu1' })).toMatchObject({
      ok: false,
      code: 'not_signed_in',
    });
  });
});
