import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../../lib/api';
import { agent, fakeFetch, json, macro, message, SERVER, workspace } from './helpers';

describe('the REST client', () => {
  it('logs in, parsing the answer with the protocol schema', async () => {
    const { fetch, calls } = fakeFetch({
      'POST /api/auth/login': (body) => {
        expect(body).toEqual({ email: 'ada@acme.test', password: 'pw' });
        return json({ token: 't', expiresAt: 5, agent, workspace });
      },
    });
    const api = new ApiClient({ serverUrl: SERVER, fetch });
    expect(await api.login({ email: 'ada@acme.test', password: 'pw' })).toEqual({
      ok: true,
      token: 't',
      expiresAt: 5,
      agent,
      workspace,
    });
    expect(calls[0]?.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(calls[0]?.headers.authorization).toBeUndefined();
  });

  it('sends the bearer token and the page query for messages', async () => {
    const { fetch, calls } = fakeFetch({
      'GET /api/conversations/co%201/messages': () =>
        json({ messages: [message()], hasMore: true }),
    });
    const api = new ApiClient({ serverUrl: SERVER, token: 'tok', fetch });
    const page = await api.messages('co 1', { before: 1_700 });
    expect(page).toEqual({ ok: true, messages: [message()], hasMore: true });
    expect(calls[0]?.url).toBe(`${SERVER}/api/conversations/co%201/messages?limit=50&before=1700`);
    expect(calls[0]?.headers.authorization).toBe('Bearer tok');
  });

  it('answers logout 204 with ok', async () => {
    const { fetch } = fakeFetch({
      'POST /api/auth/logout': () => new Response(null, { status: 204 }),
    });
    expect(await new ApiClient({ serverUrl: SERVER, token: 't', fetch }).logout()).toEqual({
      ok: true,
    });
  });

  it('keeps the ApiError of the server, with its retry delay', async () => {
    const { fetch } = fakeFetch({
      'GET /api/me': () =>
        json({ code: 'rate_limited', message: 'Slow down.', retryAfterSeconds: 12 }, 429),
    });
    expect(await new ApiClient({ serverUrl: SERVER, fetch }).me()).toEqual({
      ok: false,
      code: 'rate_limited',
      message: 'Slow down.',
      retryAfterSeconds: 12,
    });
  });

  it('explains errors without an ApiError body', async () => {
    const answer = (status: number, headers: Record<string, string> = {}) =>
      new ApiClient({
        serverUrl: SERVER,
        fetch: () => Promise.resolve(new Response('<html>', { status, headers })),
      }).messages('co1');
    expect(await answer(401)).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(await answer(429, { 'retry-after': '7' })).toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: 7,
    });
    expect(await answer(404)).toMatchObject({ code: 'not_found' });
    expect(await answer(502)).toMatchObject({
      code: 'internal',
      message: expect.stringContaining('HTTP 502') as unknown,
    });
  });

  it('refuses an answer that does not match the protocol', async () => {
    const fetch = () => Promise.resolve(json({ messages: 'nope' }));
    expect(await new ApiClient({ serverUrl: SERVER, fetch }).messages('co1')).toMatchObject({
      ok: false,
      code: 'internal',
      message: expect.stringContaining('does not understand') as unknown,
    });
  });

  it('turns an unreachable server into a network Failure that says what to check', async () => {
    const fetch = vi.fn(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await new ApiClient({ serverUrl: SERVER, fetch }).me()).toEqual({
      ok: false,
      code: 'network',
      message: `Can't reach the Rapport server at ${SERVER}. Check the address and that the server is running.`,
    });
  });
});

describe('the REST client for macros', () => {
  it('lists macros and saves pins, parsing both with the protocol schemas', async () => {
    const pins = {
      id: 'ag1',
      workspaceId: 'ws1',
      pins: [{ slot: 3, macroId: 'ma1' }],
      updatedAt: 5,
    };
    const sent: unknown[] = [];
    const { fetch, calls } = fakeFetch({
      'GET /api/macros': () => json({ macros: [macro()] }),
      'PUT /api/macros/pins': (body) => {
        sent.push(body);
        return json({ pins });
      },
    });
    const api = new ApiClient({ serverUrl: SERVER, token: 'tok', fetch });
    expect(await api.macros()).toEqual({ ok: true, macros: [macro()] });
    expect(await api.setMacroPins(pins.pins)).toEqual({ ok: true, pins });
    expect(sent).toEqual([{ pins: pins.pins }]);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      `GET ${SERVER}/api/macros`,
      `PUT ${SERVER}/api/macros/pins`,
    ]);
  });

  it('refuses a macro list that does not match the protocol', async () => {
    const { fetch } = fakeFetch({ 'GET /api/macros': () => json({ macros: [{ id: 1 }] }) });
    const api = new ApiClient({ serverUrl: SERVER, fetch });
    expect(await api.macros()).toMatchObject({ ok: false, code: 'internal' });
  });
});
