import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/password';
import { startServer, type RunningServer } from '../../server/start';
import { openSqliteStorage } from '../../server/storage/sqlite';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import {
  agentWrites,
  customerWrites,
  openFirstConversation,
  openShop,
  panelTexts,
  signIn,
  type Account,
} from './flows';

// Several agents and devices on one workspace (issue: sync engine, part 6).
describe('two agents and two browsers in Chromium', () => {
  let dataDir: string;
  let server: RunningServer;
  let admin: Account;
  let colleague: Account;
  const browsers: ExtensionBrowser[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rapport-e2e-agents-'));
    server = await startServer({ port: 0, dataDir, logger: false });
    if (!server.demo?.password) throw new Error('the demo admin was not created on first start');
    admin = { serverUrl: server.url, email: server.demo.email, password: server.demo.password };
    colleague = {
      serverUrl: server.url,
      email: 'sam@demo.rapport',
      password: 'a long test password',
    };
    const storage = await openSqliteStorage({ dataDir });
    await storage.createAgent({
      workspaceId: server.demo.workspaceId,
      email: colleague.email,
      name: 'Sam Colleague',
      role: 'agent',
      passwordHash: await hashPassword(colleague.password, {
        N: 2 ** 10,
        r: 8,
        p: 1,
        keyLength: 64,
      }),
      now: Date.now(),
    });
    await storage.close();
    for (let i = 0; i < 3; i++) browsers.push(await launchWithExtension());
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("two agents on one conversation see each other's messages", async () => {
    const [first, second] = browsers as [ExtensionBrowser, ExtensionBrowser];
    await signIn(first, admin);
    await signIn(second, colleague);
    const shop = await openShop(first, server.url);
    await customerWrites(shop, 'Can someone help with a refund?');

    const adminPanel = await openFirstConversation(first);
    const samPanel = await openFirstConversation(second);
    await agentWrites(adminPanel, 'I am on it.');
    await expect
      .poll(() => panelTexts(samPanel, 'agent'), { timeout: 20_000 })
      .toEqual(['I am on it.']);
    await agentWrites(samPanel, 'Sam here, I did the last refund.');
    await expect
      .poll(() => panelTexts(adminPanel, 'agent'), { timeout: 20_000 })
      .toEqual(['I am on it.', 'Sam here, I did the last refund.']);
    // Closed, so nothing reads the next customer message automatically.
    await Promise.all([shop.close(), adminPanel.close(), samPanel.close()]);
  });

  it('one agent in two browsers sees read state follow', async () => {
    const [laptop, , desktop] = browsers as [ExtensionBrowser, ExtensionBrowser, ExtensionBrowser];
    await signIn(desktop, admin);
    const shop = await openShop(laptop, server.url);
    await customerWrites(shop, 'Any news?');

    // The desktop only lists the conversation; the laptop opens (reads) it.
    const desktopPanel = await desktop.openExtensionPage('sidepanel.html');
    const unread = desktopPanel
      .getByTestId('conversation-item')
      .first()
      .getByTestId('unread-count');
    await expect.poll(() => unread.textContent(), { timeout: 20_000 }).toBe('1');
    const laptopPanel = await openFirstConversation(laptop);
    await expect.poll(() => panelTexts(laptopPanel, 'customer')).toContain('Any news?');
    await expect.poll(() => unread.count(), { timeout: 20_000 }).toBe(0);
  });
});
