import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../protocol';
import { startServer, type RunningServer } from '../../server/start';
import { launchWithExtension, saveScreenshot, type ExtensionBrowser } from './browser';
import { customerWrites, expectText, openShop, signIn, widgetOf, type Account } from './flows';

// Chat slots end to end (SPEC R3, R4, R7): an agent with 1 slot is busy, so a second customer
// waits "number 1 in line"; when the agent closes the first conversation in the side panel, the
// second is assigned and the customer sees the agent join.
describe('routing end to end in Chromium', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: ExtensionBrowser;
  let account: Account;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rapport-e2e-routing-'));
    server = await startServer({ port: 0, dataDir, logger: false });
    if (!server.demo?.password) throw new Error('the demo admin was not created on first start');
    account = { serverUrl: server.url, email: server.demo.email, password: server.demo.password };
    // The demo admin: 1 chat slot, online (the chosen status the extension's socket restores).
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account.email, password: account.password }),
    });
    const { token, agent } = (await login.json()) as LoginResponse;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const slots = await fetch(`${server.url}/api/admin/agents/${agent.id}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ capacity: 1 }),
    });
    expect(slots.status).toBe(200);
    const status = await fetch(`${server.url}/api/me/status`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ status: 'online' }),
    });
    expect(status.status).toBe(200);
    browser = await launchWithExtension();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('R7: a busy agent with 1 slot queues the second customer; closing the first assigns it', async () => {
    await signIn(browser, account);
    const first = await openShop(browser, server.url);
    await customerWrites(first, 'First customer here');
    await expectText(widgetOf(first).getByTestId('queue-status'), 'joined');

    // Another origin for the same server: its own widget storage, so another visitor.
    const second = await openShop(browser, server.url.replace('127.0.0.1', 'localhost'));
    await customerWrites(second, 'Second customer here');
    const line = widgetOf(second).getByTestId('queue-status');
    await expectText(line, "You're number 1 in line — you can leave; we'll answer here");
    await saveScreenshot(second, 'widget-queued');

    const panel = await browser.openExtensionPage('sidepanel.html');
    await panel.setViewportSize({ width: 420, height: 760 });
    await expectText(panel.getByTestId('slots-badge'), '1 of 1 slot');
    const firstItem = panel
      .getByTestId('conversation-item')
      .filter({ hasText: 'First customer here' });
    await firstItem.click();
    await panel.getByTestId('close-conversation').click();

    await expectText(line, 'joined');
    await expectText(panel.getByTestId('slots-badge'), '1 of 1 slot');
    await saveScreenshot(panel, 'sidepanel-slots');
  });
});
