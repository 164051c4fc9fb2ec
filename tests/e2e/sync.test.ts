import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/start';
import { launchWithExtension, saveScreenshot, type ExtensionBrowser } from './browser';
import { emulateWorkerNetwork, stopWorker } from './cdp';
import {
  agentWrites,
  customerWrites,
  expectText,
  openFirstConversation,
  openShop,
  panelTexts,
  signIn,
  widgetTexts,
  type Account,
} from './flows';
import { readStoredSync } from './idb';

// Sync rules of SPEC.md in the real browser: the outbox across a lost network and a closed
// browser (S9), and a stopped service worker resuming from its stored cursor (S11).
describe('sync and the offline outbox in Chromium', () => {
  let dataDir: string;
  let server: RunningServer;
  let account: Account;
  const open: ExtensionBrowser[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rapport-e2e-sync-'));
    server = await startServer({ port: 0, dataDir, logger: false });
    if (!server.demo?.password) throw new Error('the demo admin was not created on first start');
    account = { serverUrl: server.url, email: server.demo.email, password: server.demo.password };
  });

  afterEach(async () => {
    for (const browser of open.splice(0)) await browser.close();
  });

  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function agentBrowser(profileDir?: string): Promise<ExtensionBrowser> {
    const browser = await launchWithExtension({ profileDir });
    open.push(browser);
    return browser;
  }

  it('S9: three messages typed offline reach the customer once and in order', async () => {
    const browser = await agentBrowser();
    await signIn(browser, account);
    const shop = await openShop(browser, server.url);
    await customerWrites(shop, 'Is anyone there?');
    const panel = await openFirstConversation(browser);
    await expect.poll(() => panelTexts(panel, 'customer')).toContain('Is anyone there?');

    const network = await emulateWorkerNetwork(browser);
    await network.setOffline(true);
    for (const text of ['One moment,', 'checking your order', 'now.'])
      await agentWrites(panel, text);
    const pending = panel.locator('[data-testid="message"][data-delivery="pending"]');
    await expect.poll(() => pending.count()).toBe(3);
    await saveScreenshot(panel, 'sidepanel-offline-pending');
    expect(await widgetTexts(shop, 'agent')).toEqual([]);

    await network.setOffline(false);
    await expect
      .poll(() => widgetTexts(shop, 'agent'), { timeout: 40_000 })
      .toEqual(['One moment,', 'checking your order', 'now.']);
    await expect.poll(() => pending.count(), { timeout: 20_000 }).toBe(0);
    expect(await panelTexts(panel, 'agent')).toEqual([
      'One moment,',
      'checking your order',
      'now.',
    ]);
    await network.close();
  });

  it('S9: a message typed offline survives closing the browser and is delivered once', async () => {
    const first = await agentBrowser();
    await signIn(first, account);
    const shop = await openShop(first, server.url);
    await customerWrites(shop, 'Hello from a new visitor');
    const before = (await widgetTexts(shop, 'agent')).length;
    const panel = await openFirstConversation(first);
    await expect.poll(() => panelTexts(panel, 'customer')).toEqual(['Hello from a new visitor']);
    const network = await emulateWorkerNetwork(first);
    await network.setOffline(true);
    await agentWrites(panel, 'Written just before the laptop closed.');
    await expect
      .poll(() => panel.locator('[data-testid="message"][data-delivery="pending"]').count())
      .toBe(1);
    const profileDir = first.profileDir;
    await first.context.close();
    open.splice(open.indexOf(first), 1);

    const again = await agentBrowser(profileDir);
    const customer = await openShop(again, server.url);
    await expect
      .poll(() => widgetTexts(customer, 'agent'), { timeout: 40_000 })
      .toHaveLength(before + 1);
    expect((await widgetTexts(customer, 'agent')).at(-1)).toBe(
      'Written just before the laptop closed.',
    );
    await rm(profileDir, { recursive: true, force: true });
  });

  it('S11: a stopped service worker resumes from its stored cursor and catches up', async () => {
    const browser = await agentBrowser();
    await signIn(browser, account);
    const panel = await openFirstConversation(browser);
    await expect.poll(async () => (await readStoredSync(panel)).cursor ?? 0).toBeGreaterThan(0);
    const before = await readStoredSync(panel);

    await stopWorker(browser, panel);
    const shop = await openShop(browser, server.url);
    await customerWrites(shop, 'Written while the worker slept');
    await customerWrites(shop, 'and one more');

    // Any message from a page wakes the worker; the side panel reports its visibility on load.
    await panel.reload();
    // The new conversation comes to the top once the restarted worker has caught up.
    const top = panel.getByTestId('conversation-item').first();
    await expectText(top, 'and one more');
    await top.click();
    await expect
      .poll(() => panelTexts(panel, 'customer'), { timeout: 40_000 })
      .toEqual(expect.arrayContaining(['Written while the worker slept', 'and one more']));
    const after = await readStoredSync(panel);
    expect(after.cursor).toBeGreaterThan(before.cursor!);
    // The catch-up pulled only what changed since the stored cursor, not everything from 0.
    expect(after.progress?.total ?? 0).toBeLessThanOrEqual(after.cursor! - before.cursor!);
  });

  it('S7: the side panel renders from the cache while the network is down', async () => {
    const browser = await agentBrowser();
    await signIn(browser, account);
    const panel = await openFirstConversation(browser);
    const items = panel.getByTestId('conversation-item');
    await expect.poll(() => items.count()).toBeGreaterThan(0);
    const listed = await items.count();

    const network = await emulateWorkerNetwork(browser);
    await network.setOffline(true);
    await panel.reload();
    await expect.poll(() => items.count()).toBe(listed);
    await items.first().click();
    await expect.poll(async () => (await panelTexts(panel, 'customer')).length).toBeGreaterThan(0);
    await saveScreenshot(panel, 'sidepanel-from-cache-offline');
    await network.setOffline(false);
    await network.close();
  });

  it('S12: signing out deletes the cached data of that agent', async () => {
    const browser = await agentBrowser();
    await signIn(browser, account);
    const panel = await openFirstConversation(browser);
    const { dbName } = await readStoredSync(panel);
    expect(dbName).toMatch(/^rapport-data-/);
    const databases = () =>
      panel.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(await databases()).toContain(dbName);

    const options = await browser.openExtensionPage('options.html');
    await options.getByTestId('sign-out').click();
    await options.getByTestId('sign-in').waitFor();
    await expect.poll(databases).not.toContain(dbName);
    await panel.reload();
    await panel.getByTestId('signed-out').waitFor();
  });
});
