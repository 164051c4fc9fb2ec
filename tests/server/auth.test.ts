import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FATAL_CLOSE_CODE,
  type ApiError,
  type LoginResponse,
  type MeResponse,
} from '../../protocol';
import { hashToken, newToken } from '../../server/auth/tokens';
import {
  agentSocket,
  bearer,
  createWorkspaceWithAgent,
  login,
  post,
  startTestServer,
  type TestServer,
} from './helpers';

describe('agent sign-in', () => {
  let t: TestServer;
  let base: string;

  beforeAll(async () => {
    t = await startTestServer({ loginLimits: { perAccount: 3, perIp: 12, windowMs: 60_000 } });
    base = t.server.url;
  });
  afterAll(async () => {
    await t.close();
  });

  it('signs in the seeded demo admin (real OWASP hash) and returns a session', async () => {
    const demo = t.server.demo;
    expect(demo?.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const response = await post(`${base}/api/auth/login`, {
      email: 'Admin@Demo.Rapport ',
      password: demo!.password,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as LoginResponse;
    expect(body.agent).toMatchObject({ email: 'admin@demo.rapport', role: 'admin' });
    expect(body.workspace).toEqual({ id: demo!.workspaceId, name: 'Demo Shop' });
    expect(body.expiresAt).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);

    const me = await fetch(`${base}/api/me`, { headers: bearer(body.token) });
    expect(((await me.json()) as MeResponse).agent.id).toBe(body.agent.id);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const { email } = await createWorkspaceWithAgent(t.storage);
    for (const attempt of [
      { email, password: 'wrong' },
      { email: 'nobody@example.test', password: 'wrong' },
    ]) {
      const response = await post(`${base}/api/auth/login`, attempt);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        code: 'invalid_credentials',
        message: 'Wrong email or password. Check both and try again.',
      });
    }
  });

  it('rate-limits repeated failures for one account with 429 and Retry-After', async () => {
    const { email, password } = await createWorkspaceWithAgent(t.storage);
    for (let i = 0; i < 3; i++) {
      expect((await post(`${base}/api/auth/login`, { email, password: 'nope' })).status).toBe(401);
    }
    // Even the right password waits now.
    const limited = await post(`${base}/api/auth/login`, { email, password });
    expect(limited.status).toBe(429);
    const body = (await limited.json()) as ApiError;
    expect(body.code).toBe('rate_limited');
    expect(body.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.headers.get('retry-after')).toBe(String(body.retryAfterSeconds));
  });

  it('counts parallel guesses: only the limit gets through to the password check', async () => {
    const { email } = await createWorkspaceWithAgent(t.storage);
    const statuses = await Promise.all(
      Array.from({ length: 5 }, () =>
        post(`${base}/api/auth/login`, { email, password: 'parallel' }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });

  it('rate-limits one IP address across many accounts', async () => {
    // The IP budget (12) is partly used by the tests above; keep failing until it runs out.
    let status = 0;
    for (let i = 0; i < 13 && status !== 429; i++) {
      const response = await post(`${base}/api/auth/login`, {
        email: `spray${i}@example.test`,
        password: 'guess',
      });
      status = response.status;
    }
    expect(status).toBe(429);
  });
});

describe('sessions', () => {
  let t: TestServer;
  let base: string;

  beforeAll(async () => {
    t = await startTestServer({ seedDemo: false });
    base = t.server.url;
  });
  afterAll(async () => {
    await t.close();
  });

  it('logout deletes the session: the token stops working', async () => {
    const { email, password } = await createWorkspaceWithAgent(t.storage);
    const { token } = await login(base, email, password);
    expect((await fetch(`${base}/api/me`, { headers: bearer(token) })).status).toBe(200);
    const out = await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: bearer(token) });
    expect(out.status).toBe(204);
    const after = await fetch(`${base}/api/me`, { headers: bearer(token) });
    expect(after.status).toBe(401);
    expect(((await after.json()) as ApiError).code).toBe('unauthorized');
  });

  it('logout closes the live sockets opened with that token, and only those', async () => {
    const { email, password } = await createWorkspaceWithAgent(t.storage);
    const first = await login(base, email, password);
    const second = await login(base, email, password);
    const signedOut = await agentSocket(base, first.token);
    const stillIn = await agentSocket(base, second.token);
    await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: bearer(first.token) });
    expect(await signedOut.closed).toEqual({ code: FATAL_CLOSE_CODE, reason: 'unauthorized' });
    stillIn.send({ type: 'ping' });
    await stillIn.next('pong');
    stillIn.close();
  });

  it('rejects an expired token and a missing one', async () => {
    const { email } = await createWorkspaceWithAgent(t.storage);
    const found = await t.storage.findAgentByEmail(email);
    const token = newToken();
    await t.storage.createSession({
      tokenHash: hashToken(token),
      agentId: found!.agent.id,
      workspaceId: found!.agent.workspaceId,
      expiresAt: Date.now() - 1000,
      now: Date.now() - 10_000,
    });
    expect((await fetch(`${base}/api/me`, { headers: bearer(token) })).status).toBe(401);
    expect(await t.storage.findSession(hashToken(token))).toBeNull();
    expect((await fetch(`${base}/api/me`)).status).toBe(401);
  });

  it('sets the agent status', async () => {
    const { email, password } = await createWorkspaceWithAgent(t.storage);
    const { token } = await login(base, email, password);
    const response = await fetch(`${base}/api/me/status`, {
      method: 'PUT',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'online' }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as MeResponse).agent.status).toBe('online');
    const bad = await fetch(`${base}/api/me/status`, {
      method: 'PUT',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'asleep' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ApiError).issues?.[0]?.path).toBe('status');
  });
});
