import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { ExtensionBrowser } from './browser';
import { pollUntil } from './poll';

// What a person does in the tests, step by step: sign in, write from the shop, answer.

export interface Account {
  serverUrl: string;
  email: string;
  password: string;
}

/** Fill the options page's sign-in form and submit it. */
export async function submitSignIn(page: Page, account: Account): Promise<void> {
  await page.getByTestId('server-url').fill(account.serverUrl);
  await page.getByTestId('email').fill(account.email);
  await page.getByTestId('password').fill(account.password);
  await page.getByTestId('sign-in').click();
}

/** Sign in through the options page and wait until it says so. */
export async function signIn(browser: ExtensionBrowser, account: Account): Promise<void> {
  const options = await browser.openExtensionPage('options.html');
  await submitSignIn(options, account);
  await expectText(options.getByTestId('signed-in-as'), account.email);
  await options.close();
}

export function widgetOf(page: Page): FrameLocator {
  return page.frameLocator('#rapport-widget-frame');
}

/** Open the demo shop with the chat window open. */
export async function openShop(browser: ExtensionBrowser, serverUrl: string): Promise<Page> {
  const shop = await browser.context.newPage();
  await shop.goto(`${serverUrl}/demo`);
  await openWidget(shop);
  return shop;
}

export async function openWidget(shop: Page): Promise<FrameLocator> {
  const widget = widgetOf(shop);
  await widget.getByTestId('launcher').or(widget.getByTestId('chat-window')).first().waitFor();
  if (!(await widget.getByTestId('chat-window').isVisible())) {
    await widget.getByTestId('launcher').click();
  }
  return widget;
}

/** The customer writes and waits until the server acknowledged it. */
export async function customerWrites(shop: Page, text: string): Promise<void> {
  const widget = widgetOf(shop);
  await widget.getByTestId('composer').fill(text);
  await widget.getByTestId('composer').press('Enter');
  await expectText(
    widget
      .locator('[data-testid="message"][data-status="sent"] [data-testid="message-text"]')
      .last(),
    text,
  );
}

/** Texts of the widget's messages by author kind, in order. */
export function widgetTexts(shop: Page, kind: 'customer' | 'agent'): Promise<string[]> {
  return widgetOf(shop)
    .locator(`[data-testid="message"][data-author-kind="${kind}"] [data-testid="message-text"]`)
    .allTextContents();
}

/** Texts of the side panel's messages by author kind, in order. */
export function panelTexts(panel: Page, kind: 'customer' | 'agent'): Promise<string[]> {
  return panel
    .locator(`[data-testid="message"][data-author-kind="${kind}"] [data-testid="message-text"]`)
    .allTextContents();
}

/** The agent types into the side panel's composer and presses Enter. */
export async function agentWrites(panel: Page, text: string): Promise<void> {
  await panel.getByTestId('composer').fill(text);
  await panel.getByTestId('composer').press('Enter');
  await pollUntil(
    () => panel.getByTestId('composer').inputValue(),
    (value) => value === '',
    'the composer to clear after sending',
  );
}

/** Open the side panel as a tab and select the conversation at the top of the list. */
export async function openFirstConversation(browser: ExtensionBrowser): Promise<Page> {
  const panel = await browser.openExtensionPage('sidepanel.html');
  await panel.setViewportSize({ width: 420, height: 760 });
  await panel.getByTestId('conversation-item').first().click();
  return panel;
}

/** Wait until the first match is visible and its text matches. */
export async function expectText(locator: Locator, text: string | RegExp): Promise<void> {
  const first = locator.first();
  await first.waitFor({ state: 'visible', timeout: 20_000 });
  const pattern = typeof text === 'string' ? new RegExp(escapeRegExp(text)) : text;
  await pollUntil(
    async () => (await first.textContent()) ?? '',
    (value) => pattern.test(value),
    `text matching ${pattern}`,
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
