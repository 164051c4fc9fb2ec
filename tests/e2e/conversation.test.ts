import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameLocator, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/start';
import { launchWithExtension, saveScreenshot, type ExtensionBrowser } from './browser';
import { badgeText, notificationCount } from './toolbar';

// One conversation end to end: a customer on the demo shop writes, the agent answers from the
// extension's side panel, the customer sees the answer, and a reload keeps both messages.
describe('one conversation end to end in Chromium', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: ExtensionBrowser;
  let email: string;
  let password: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rapport-e2e-'));
    server = await startServer({ port: 0, dataDir, logger: false });
    if (!server.demo?.password) throw new Error('the demo admin was not created on first start');
    email = server.demo.email;
    password = server.demo.password;
    browser = await launchWithExtension();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function signIn(page: Page, withPassword: string): Promise<void> {
    await page.getByTestId('server-url').fill(server.url);
    await page.getByTestId('email').fill(email);
    await page.getByTestId('password').fill(withPassword);
    await page.getByTestId('sign-in').click();
  }

  function widgetOf(page: Page): FrameLocator {
    return page.frameLocator('#rapport-widget-frame');
  }

  it('shows the error for a wrong password on the options page', async () => {
    const options = await browser.openExtensionPage('options.html');
    await signIn(options, 'not-the-password');
    await expectVisibleText(options.getByTestId('auth-error'), /wrong email or password/i);
    await saveScreenshot(options, 'options-wrong-password');
    await options.close();
  });

  it('signs the agent in through the options page', async () => {
    const options = await browser.openExtensionPage('options.html');
    await signIn(options, password);
    await expectVisibleText(options.getByTestId('signed-in-as'), email);
    await saveScreenshot(options, 'options-signed-in');
    await options.close();
  });

  it('carries a customer message to the side panel and the reply back to the widget', async () => {
    const shop = await browser.context.newPage();
    await shop.goto(`${server.url}/demo`);
    const widget = widgetOf(shop);
    await widget.getByTestId('launcher').click();
    await widget.getByTestId('composer').fill('Hi, my order is late');
    await widget.getByTestId('composer').press('Enter');
    await expectVisibleText(
      widget.locator('[data-testid="message"][data-status="sent"] [data-testid="message-text"]'),
      'Hi, my order is late',
    );

    // The side panel is not in view: the toolbar badge counts the unread conversation and a
    // desktop notification announces it.
    const worker = await browser.worker();
    await expect.poll(() => badgeText(worker), { timeout: 20_000 }).toBe('1');
    await expect.poll(() => notificationCount(worker), { timeout: 20_000 }).toBe(1);

    const panel = await browser.openExtensionPage('sidepanel.html');
    await panel.setViewportSize({ width: 400, height: 760 });
    const item = panel.getByTestId('conversation-item').first();
    await expectVisibleText(item, 'Hi, my order is late');
    await expectVisibleText(item.getByTestId('unread-count'), '1');
    await item.click();
    await expectVisibleText(
      panel.locator('[data-testid="message"][data-author-kind="customer"]'),
      'Hi, my order is late',
    );
    await panel.getByTestId('composer').fill('Sorry about that! Let me check your order.');
    await panel.getByTestId('composer').press('Enter');
    await expectVisibleText(
      panel.locator('[data-testid="message"][data-author-kind="agent"]'),
      'Sorry about that! Let me check your order.',
    );
    await expect.poll(() => panel.getByTestId('composer').inputValue()).toBe('');
    await expect.poll(() => item.getByTestId('unread-count').count()).toBe(0);
    await expect.poll(() => badgeText(worker)).toBe('');
    await saveScreenshot(panel, 'sidepanel-conversation');

    await expectVisibleText(
      widget.locator('[data-testid="message"][data-author-kind="agent"]'),
      'Sorry about that! Let me check your order.',
    );
    await saveScreenshot(shop, 'widget-conversation');

    await shop.reload();
    const reloaded = widgetOf(shop);
    if (!(await reloaded.getByTestId('chat-window').isVisible())) {
      await reloaded.getByTestId('launcher').click();
    }
    const texts = reloaded.getByTestId('message-text');
    await expect
      .poll(() => texts.allTextContents())
      .toEqual(['Hi, my order is late', 'Sorry about that! Let me check your order.']);
    await saveScreenshot(shop, 'widget-after-reload');
    await shop.close();
    await panel.close();
  });

  it('shows message text as text and makes only web links clickable', async () => {
    const shop = await browser.context.newPage();
    await shop.goto(`${server.url}/demo`);
    const widget = widgetOf(shop);
    if (!(await widget.getByTestId('chat-window').isVisible())) {
      await widget.getByTestId('launcher').click();
    }
    const text =
      'Tracking: https://example.com/track?id=1 <img src=x onerror="alert(1)"> javascript:alert(2)';
    await widget.getByTestId('composer').fill(text);
    await widget.getByTestId('send').click();

    const panel = await browser.openExtensionPage('sidepanel.html');
    await panel.getByTestId('conversation-item').first().click();
    const bubble = panel
      .locator('[data-testid="message"][data-author-kind="customer"] [data-testid="message-text"]')
      .last();
    await expectVisibleText(bubble, '<img src=x onerror="alert(1)">');
    expect(await bubble.locator('img').count()).toBe(0);
    const links = bubble.locator('a');
    expect(await links.count()).toBe(1);
    expect(await links.first().getAttribute('href')).toBe('https://example.com/track?id=1');
    expect(await links.first().getAttribute('rel')).toContain('noopener');
    expect(await widget.locator('[data-testid="message-text"] img').count()).toBe(0);
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

  // Last: it stops the server.
  it('keeps the draft and says what went wrong when the server is gone', async () => {
    const panel = await browser.openExtensionPage('sidepanel.html');
    await panel.getByTestId('conversation-item').first().click();
    await expect
      .poll(() => panel.getByTestId('connection-status').getAttribute('data-status'))
      .toBe('online');
    await server.close();
    await expect
      .poll(() => panel.getByTestId('connection-status').getAttribute('data-status'), {
        timeout: 20_000,
      })
      .toMatch(/offline|connecting/);
    const draft = 'Your parcel left our warehouse this morning.';
    await panel.getByTestId('composer').fill(draft);
    await panel.getByTestId('composer').press('Enter');
    await expectVisibleText(panel.getByTestId('send-error'), /offline|reach|not sent/i);
    expect(await panel.getByTestId('composer').inputValue()).toBe(draft);
    await saveScreenshot(panel, 'sidepanel-offline');
    await panel.close();
  });
});

type TextLocator = {
  first(): { waitFor(o: object): Promise<void>; textContent(): Promise<string | null> };
};

/** Wait until the first match is visible and its text matches. */
async function expectVisibleText(locator: TextLocator, text: string | RegExp): Promise<void> {
  const first = locator.first();
  await first.waitFor({ state: 'visible', timeout: 20_000 });
  await expect
    .poll(async () => (await first.textContent()) ?? '', { timeout: 20_000 })
    .toMatch(typeof text === 'string' ? new RegExp(escapeRegExp(text)) : text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
