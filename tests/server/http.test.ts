import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../protocol';
import {
  bearer,
  createWorkspaceWithAgent,
  login,
  post,
  startTestServer,
  tempDir,
  type TestServer,
} from './helpers';

describe('HTTP surface', () => {
  let t: TestServer;
  let base: string;
  let emptyWidgetDir: string;

  beforeAll(async () => {
    emptyWidgetDir = await tempDir();
    t = await startTestServer({ widgetDir: emptyWidgetDir });
    base = t.server.url;
  });
  afterAll(async () => {
    await t.close();
    await rm(emptyWidgetDir, { recursive: true, force: true });
  });

  it('answers /healthz and redirects / to the demo', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true });
    const root = await fetch(`${base}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/demo');
  });

  it('allows CORS preflight from extension origins only', async () => {
    for (const origin of ['chrome-extension://abcdefgh', 'moz-extension://1234-5678']) {
      const response = await fetch(`${base}/api/conversations`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
    const evil = await fetch(`${base}/api/conversations`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(evil.headers.get('access-control-allow-methods')).toBeNull();
    const simple = await fetch(`${base}/api/me`, { headers: { origin: 'https://evil.example' } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await fetch(`${base}/api/me`, {
      headers: { origin: 'chrome-extension://abc' },
    });
    expect(allowed.status).toBe(401);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('chrome-extension://abc');
  });

  it('answers unknown routes, bad JSON, bad bodies and big bodies in the ApiError shape', async () => {
    const missing = await fetch(`${base}/api/nothing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ApiError).code).toBe('not_found');

    const badJson = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as ApiError).code).toBe('invalid_request');

    const invalid = await post(`${base}/api/auth/login`, { email: 'not-an-email', password: '' });
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as ApiError;
    expect(body.code).toBe('invalid_request');
    expect(body.issues).toEqual([
      { path: 'email', message: 'Enter a valid email address.' },
      { path: 'password', message: 'Enter your password.' },
    ]);

    const big = await post(`${base}/api/auth/login`, {
      email: 'a@b.c',
      password: 'x'.repeat(70_000),
    });
    expect(big.status).toBe(413);
    const bigBody = (await big.json()) as ApiError;
    expect(bigBody.code).toBe('frame_too_large');
    expect(bigBody.message).toContain('64 KiB');
  });

  it('answers an over-long message over REST with message_too_long', async () => {
    const body = { clientId: 'c', text: 'x'.repeat(5001) };
    // Authentication comes first.
    expect((await post(`${base}/api/conversations/x/messages`, body)).status).toBe(401);
    const agent = await createWorkspaceWithAgent(t.storage);
    const { token } = await login(base, agent.email, agent.password);
    const response = await post(`${base}/api/conversations/x/messages`, body, bearer(token));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'message_too_long',
      message: 'Messages can be at most 5000 characters long.',
    });
  });

  it('serves the demo shop with the widget script tag', async () => {
    const response = await fetch(`${base}/demo`);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('Northwind Coffee');
    expect(html).toContain(
      `<script src="/widget.js" data-workspace="${t.server.demo!.workspaceId}" async></script>`,
    );
  });

  it('says how to build the widget when it is missing', async () => {
    for (const route of ['/widget.js', '/widget/frame.html']) {
      const response = await fetch(`${base}${route}`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('The widget is not built: run npm run build:widget');
    }
  });
});

describe('widget files', () => {
  let t: TestServer;
  let dir: string;

  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'widget.js'), 'console.log("loader")');
    await writeFile(path.join(dir, 'frame.html'), '<!doctype html><p>frame</p>');
    t = await startTestServer({ widgetDir: dir, seedDemo: false });
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the loader and an embeddable frame page with a CSP', async () => {
    const loader = await fetch(`${t.server.url}/widget.js`);
    expect(loader.status).toBe(200);
    expect(loader.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await loader.text()).toBe('console.log("loader")');

    const frame = await fetch(`${t.server.url}/widget/frame.html`);
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-type')).toMatch(/^text\/html/);
    expect(frame.headers.get('x-frame-options')).toBeNull();
    expect(frame.headers.get('content-security-policy')).toContain('frame-ancestors *');
  });

  it('refuses unsafe or unknown file names', async () => {
    for (const name of ['..%2Fpackage.json', '.env', 'missing.js', 'frame.exe']) {
      const response = await fetch(`${t.server.url}/widget/${name}`);
      expect(response.status).toBe(404);
    }
  });

  it('shows a short page at /demo when no demo workspace was seeded', async () => {
    const response = await fetch(`${t.server.url}/demo`);
    expect(response.status).toBe(404);
  });
});
