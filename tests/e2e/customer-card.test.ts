import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/start';
import { launchWithExtension, saveScreenshot, type ExtensionBrowser } from './browser';
import {
  customerWrites,
  expectText,
  openFirstConversation,
  openShop,
  signIn,
  type Account,
} from './flows';

// The customer card: a customer writes from the demo shop, the agent's side panel shows who they
// are and the page they are on, the agent writes a note, and a reload keeps it.
describe('the customer card in Chromium', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: ExtensionBrowser;
  let account: Account;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rapport-e2e-card-'));
    server = await startServer({ port: 0, dataDir, logger: false });
    if (!server.demo?.password) throw new Error('the demo admin was not created on first start');
    account = { serverUrl: server.url, email: server.demo.email, password: server.demo.password };
    browser = await launchWithExtension();
    await signIn(browser, account);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows the page the customer is on and keeps a note the agent saves', async () => {
    const shop = await openShop(browser, server.url);
    await customerWrites(shop, 'Do you ship to Norway?');

    const panel = await openFirstConversation(browser);
    const card = panel.getByTestId('customer-card');
    await expectText(card.getByTestId('card-name'), /^Visitor \w{4}$/);
    await expectText(card.getByTestId('current-page'), 'Northwind Coffee');
    expect(await card.getByTestId('current-page').locator('a').getAttribute('href')).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/demo/,
    );
    await expectText(card.getByTestId('returning-line'), 'New customer');
    await expectText(card.getByTestId('page-visit'), 'Northwind Coffee');

    const notes = card.getByTestId('notes');
    await notes.fill('Asked about shipping to Norway.');
    await notes.press('Control+Enter');
    await expectText(card.getByTestId('notes-status'), 'Saved');
    await saveScreenshot(panel, 'sidepanel-customer-card');

    await panel.reload();
    await panel.getByTestId('conversation-item').first().click();
    await expect
      .poll(() => panel.getByTestId('notes').inputValue(), { timeout: 20_000 })
      .toBe('Asked about shipping to Norway.');
    await shop.close();
    await panel.close();
  });
});
