import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../protocol';
import { startServer, type RunningServer } from '../../server/start';
import { launchWithExtension, saveScreenshot, type ExtensionBrowser } from './browser';
import {
  customerWrites,
  expectText,
  openFirstConversation,
  openShop,
  signIn,
  widgetTexts,
  type Account,
} from './flows';

// Canned messages in the side panel composer (issue: macros, part 3).
describe('macros in the side panel composer, in Chromium', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: ExtensionBrowser;
  let account: Account;

  async function createTeamMacro(token: string, shortcut: string, title: string, body: string) {
    const response = await fetch(`${server.url}/api/macros`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ scope: 'team', shortcut, title, body, tags: [] }),
    });
    if (response.status !== 201) throw new Error(`macro not created: ${await response.text()}`);
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rapport-e2e-macros-'));
    server = await startServer({ port: 0, dataDir, logger: false });
    if (!server.demo?.password) throw new Error('the demo admin was not created on first start');
    account = { serverUrl: server.url, email: server.demo.email, password: server.demo.password };
    const login = (await (
      await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: account.email, password: account.password }),
      })
    ).json()) as LoginResponse;
    await createTeamMacro(
      login.token,
      'thanks',
      'Thank the customer',
      'Thanks {{customer.first_name | "there"}}! {{cursor}}Anything else I can do?',
    );
    await createTeamMacro(login.token, 'refund', 'Refund policy', 'Refunds take 5 days.');
    browser = await launchWithExtension();
    await signIn(browser, account);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('expands a shortcut typed after "/" with Tab, fills the customer, and sends it', async () => {
    const shop = await openShop(browser, server.url);
    await customerWrites(shop, 'Got it, thank you!');
    const panel = await openFirstConversation(browser);
    const composer = panel.getByTestId('composer');
    await composer.click();
    await composer.pressSequentially('/than');
    const options = panel.getByTestId('macro-option');
    await expect.poll(() => options.first().getAttribute('data-shortcut')).toBe('thanks');
    await saveScreenshot(panel, 'sidepanel-macro-suggestions');
    await composer.press('Tab');
    await expect.poll(() => composer.inputValue()).toBe('Thanks there! Anything else I can do?');
    // The caret sits where the macro put {{cursor}}.
    const caret = await composer.evaluate((el: HTMLTextAreaElement) => el.selectionStart);
    expect(caret).toBe('Thanks there! '.length);
    await composer.press('Enter');
    await expect
      .poll(() => widgetTexts(shop, 'agent'), { timeout: 20_000 })
      .toContain('Thanks there! Anything else I can do?');
    await shop.close();
    await panel.close();
  });

  it('inserts from the palette opened with Ctrl+K', async () => {
    const panel = await openFirstConversation(browser);
    const composer = panel.getByTestId('composer');
    await composer.click();
    await composer.press('Control+k');
    const input = panel.getByTestId('macro-palette-input');
    await input.waitFor();
    await input.fill('refund');
    await input.press('Enter');
    await expect.poll(() => composer.inputValue()).toBe('Refunds take 5 days.');
    await panel.close();
  });

  it('creates a macro on the options page, refuses a broken template and a taken team shortcut', async () => {
    const options = await browser.openExtensionPage('options.html');
    await options.getByTestId('macro-manager').waitFor();

    await options.getByTestId('macro-new').click();
    await options.getByTestId('macro-shortcut').fill('welcome');
    await options.getByTestId('macro-title').fill('Welcome');
    await options.getByTestId('macro-body').fill('Hi {{customer.fist_name}}, welcome!');
    await expectText(options.getByTestId('macro-error').first(), /did you mean/i);
    expect(await options.getByTestId('macro-save').isDisabled()).toBe(true);
    await options.getByTestId('macro-body').fill('Hi {{customer.first_name | "there"}}, welcome!');
    await options.getByTestId('macro-save').click();
    await expectText(options.getByTestId('macro-list'), ';welcome');

    await options.getByTestId('macro-new').click();
    // Shortcuts are unique per scope: a second team macro may not take the team's ";thanks".
    await options.getByTestId('macro-scope').selectOption('team');
    await options.getByTestId('macro-shortcut').fill('thanks');
    await options.getByTestId('macro-title').fill('Another thanks');
    await options.getByTestId('macro-body').fill('Thank you!');
    await options.getByTestId('macro-save').click();
    await expectText(options.getByTestId('macro-save-error'), 'Thank the customer');
    expect(await options.getByTestId('macro-title').inputValue()).toBe('Another thanks');
    await saveScreenshot(options, 'options-macros');
    await options.close();

    const panel = await openFirstConversation(browser);
    const composer = panel.getByTestId('composer');
    await composer.click();
    await composer.pressSequentially('/welc');
    await expect
      .poll(() => panel.getByTestId('macro-option').first().getAttribute('data-shortcut'))
      .toBe('welcome');
    await panel.close();
  });

  it('S16: pins a macro to Alt+1 on the options page; Alt+1 in the composer inserts it', async () => {
    const options = await browser.openExtensionPage('options.html');
    const row = options.getByTestId('macro-row').filter({ hasText: ';refund' });
    await row.getByTestId('macro-pin').selectOption('1');
    // The pin is saved on the server and comes back through sync into this browser's cache.
    await expectText(
      options.getByTestId('macro-row').filter({ hasText: ';thanks' }).getByTestId('macro-pin'),
      'Pin to Alt+1 (now ;refund)',
    );
    await options.close();

    const panel = await openFirstConversation(browser);
    const composer = panel.getByTestId('composer');
    await composer.click();
    await composer.fill('');
    await composer.press('Alt+1');
    await expect.poll(() => composer.inputValue()).toBe('Refunds take 5 days.');
    await composer.press('Control+k');
    const pinned = panel.getByTestId('macro-option').filter({ hasText: '/refund' });
    await expectText(pinned.getByTestId('macro-pin-hint'), 'Alt+1');
    await panel.close();
  });
});
