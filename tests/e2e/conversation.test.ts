import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/start';
import { launchWithExtension, saveScreenshot, type ExtensionBrowser } from './browser';
import {
  agentWrites,
  customerWrites,
  expectText,
  openFirstConversation,
  openShop,
  openWidget,
  panelTexts,
  signIn,
  submitSignIn,
  widgetTexts,
  type Account,
} from './flows';
import { badgeText, notificationCount } from './toolbar';

// One conversation end to end: a customer on the demo shop writes, the agent answers from the
// extension's side panel, the customer sees the answer, and a reload keeps both messages.
describe('one conversation end to end in Chromium', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: ExtensionBrowser;
  let account: Account;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rapport-e2e-'));
    server = await startServer({ port: 0, dataDir, logger: false });
    if (!server.demo?.password) throw new Error('the demo admin was not created on first start');
    account = { serverUrl: server.url, email: server.demo.email, password: server.demo.password };
    browser = await launchWithExtension();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows the error for a wrong password on the options page', async () => {
    const options = await browser.openExtensionPage('options.html');
    await submitSignIn(options, { ...account, password: 'not-the-password' });
    await expectText(options.getByTestId('auth-error'), /wrong email or password/i);
    await saveScreenshot(options, 'options-wrong-password');
    await options.close();
  });

  it('signs the agent in through the options page', async () => {
    await signIn(browser, account);
  });

  it('carries a customer message to the side panel and the reply back to the widget', async () => {
    const shop = await openShop(browser, server.url);
    await customerWrites(shop, 'Hi, my order is late');

    // The side panel is not in view: the toolbar badge counts the unread conversation and a
    // desktop notification announces it.
    const worker = await browser.worker();
    await expect.poll(() => badgeText(worker), { timeout: 20_000 }).toBe('1');
    await expect.poll(() => notificationCount(worker), { timeout: 20_000 }).toBe(1);

    const panel = await browser.openExtensionPage('sidepanel.html');
    await panel.setViewportSize({ width: 400, height: 760 });
    const item = panel.getByTestId('conversation-item').first();
    await expectText(item, 'Hi, my order is late');
    await expectText(item.getByTestId('unread-count'), '1');
    await item.click();
    await expect.poll(() => panelTexts(panel, 'customer')).toEqual(['Hi, my order is late']);
    await agentWrites(panel, 'Sorry about that! Let me check your order.');
    await expect
      .poll(() => panelTexts(panel, 'agent'))
      .toEqual(['Sorry about that! Let me check your order.']);
    await expect.poll(() => item.getByTestId('unread-count').count()).toBe(0);
    await expect.poll(() => badgeText(worker)).toBe('');
    await saveScreenshot(panel, 'sidepanel-conversation');

    await expect
      .poll(() => widgetTexts(shop, 'agent'), { timeout: 20_000 })
      .toEqual(['Sorry about that! Let me check your order.']);
    await saveScreenshot(shop, 'widget-conversation');

    await shop.reload();
    const reloaded = await openWidget(shop);
    await expect
      .poll(() => reloaded.getByTestId('message-text').allTextContents())
      .toEqual(['Hi, my order is late', 'Sorry about that! Let me check your order.']);
    await saveScreenshot(shop, 'widget-after-reload');
    await shop.close();
    await panel.close();
  });

  it('shows message text as text and makes only web links clickable', async () => {
    const shop = await openShop(browser, server.url);
    const text =
      'Tracking: https://example.com/track?id=1 <img src=x onerror="alert(1)"> javascript:alert(2)';
    await customerWrites(shop, text);

    const panel = await openFirstConversation(browser);
    const bubble = panel
      .locator('[data-testid="message"][data-author-kind="customer"] [data-testid="message-text"]')
      .last();
    await expectText(bubble, '<img src=x onerror="alert(1)">');
    expect(await bubble.locator('img').count()).toBe(0);
    const links = bubble.locator('a');
    expect(await links.count()).toBe(1);
    expect(await links.first().getAttribute('href')).toBe('https://example.com/track?id=1');
    expect(await links.first().getAttribute('rel')).toContain('noopener');
    await shop.close();
    await panel.close();
  });

  it('shows the connection in the popup and switches the agent between online and away', async () => {
    const popup = await browser.openExtensionPage('popup.html');
    await expect
      .poll(() => popup.getByTestId('connection-status').getAttribute('data-status'))
      .toBe('online');
    const toggle = popup.getByTestId('status-toggle');
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    const before = await toggle.getAttribute('aria-pressed');
    const after = before === 'true' ? 'false' : 'true';
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe(after);
    await saveScreenshot(popup, 'popup');
    await popup.reload();
    await expect
      .poll(() => popup.getByTestId('status-toggle').getAttribute('aria-pressed'))
      .toBe(after);
    await popup.close();
  });

  it('keeps the draft and says why when a message is too long to send', async () => {
    const panel = await openFirstConversation(browser);
    const draft = 'x'.repeat(5001);
    await panel.getByTestId('composer').fill(draft);
    await panel.getByTestId('composer').press('Enter');
    await expectText(panel.getByTestId('char-count').or(panel.getByTestId('send-error')), /5,?000/);
    expect(await panel.getByTestId('composer').inputValue()).toBe(draft);
    await panel.close();
  });
});
