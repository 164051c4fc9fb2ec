import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import type { LoginResponse } from '../../protocol';
import { startServer, type RunningServer } from '../../server/start';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { signIn, type Account } from './flows';
import { buildTestPages, serveTestPages, type PagesServer } from './pages-server';
import { pollUntil } from './poll';

// Everything the overlay's end-to-end tests and its keystroke benchmark share: the real server
// with the test macros, Chromium with the built extension signed in, and the test pages served
// on 127.0.0.1. Plain code (no vitest) so the benchmark can use it.

/** The demo agent is "Demo Admin": {{agent.first_name}} renders "Demo". */
export const MACROS = {
  /** One line, the caret in the middle. */
  thx: {
    body: 'Thanks {{agent.first_name | "there"}}! {{cursor}}See you.',
    text: 'Thanks Demo! See you.',
    caret: 'Thanks Demo! '.length,
  },
  /** Three lines (no blank line: rich editors' plain-text paste folds blank lines differently). */
  wait: {
    body: 'Dear customer,\nThanks for waiting.{{cursor}}\nBest regards, {{agent.first_name}}',
    text: 'Dear customer,\nThanks for waiting.\nBest regards, Demo',
    caret: 'Dear customer,\nThanks for waiting.'.length,
  },
  /** A fill-in prompt. */
  ship: {
    body: 'Your order {{ask "Order number"}} has shipped.',
    text: (answer: string) => `Your order ${answer} has shipped.`,
  },
} as const;

export interface OverlayRig {
  server: RunningServer;
  account: Account;
  /** The demo admin's API token (REST calls such as creating macros). */
  token: string;
  browser: ExtensionBrowser;
  pages: PagesServer;
  close(): Promise<void>;
}

async function createTeamMacro(
  rig: Pick<OverlayRig, 'server' | 'token'>,
  shortcut: string,
  body: string,
) {
  const response = await fetch(`${rig.server.url}/api/macros`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${rig.token}` },
    body: JSON.stringify({ scope: 'team', shortcut, title: `Test ${shortcut}`, body, tags: [] }),
  });
  if (response.status !== 201) throw new Error(`macro not created: ${await response.text()}`);
}

/** Build and serve the pages, start the server with MACROS, launch Chromium and sign in. */
export async function startOverlayRig(): Promise<OverlayRig> {
  buildTestPages();
  const dataDir = await mkdtemp(join(tmpdir(), 'rapport-e2e-overlay-'));
  const server = await startServer({ port: 0, dataDir, logger: false });
  if (!server.demo?.password) throw new Error('the demo admin was not created on first start');
  const account = {
    serverUrl: server.url,
    email: server.demo.email,
    password: server.demo.password,
  };
  const login = (await (
    await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account.email, password: account.password }),
    })
  ).json()) as LoginResponse;
  const token = login.token;
  for (const [shortcut, macro] of Object.entries(MACROS)) {
    await createTeamMacro({ server, token }, shortcut, macro.body);
  }
  const pages = await serveTestPages();
  const browser = await launchWithExtension();
  await signIn(browser, account);
  return {
    server,
    account,
    token,
    browser,
    pages,
    async close() {
      await browser.close();
      await pages.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Open a test page (e.g. 'quill') in a new tab and wait until its editor is ready. */
export async function openTestPage(rig: OverlayRig, name: string): Promise<Page> {
  const page = await rig.browser.context.newPage();
  await page.goto(`${rig.pages.url}/${name}.html`);
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
  return page;
}

/** The iframe page's child frame (same origin), once its editor is ready. */
export async function childFrame(page: Page): Promise<Frame> {
  const frame = await (await page.locator('#frame').elementHandle())!.contentFrame();
  if (!frame) throw new Error('the iframe has no frame');
  await frame.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
  return frame;
}

type Target = Page | Frame;

/** The page's model text (window.editorText) of its editor, or of the named field. */
export function modelText(target: Target, field?: string): Promise<string> {
  return target.evaluate((name) => window.editorText(name), field);
}

/** The caret's offset in the model text (window.caretOffset). */
export function caretOffset(target: Target, field?: string): Promise<number | null> {
  return target.evaluate((name) => window.caretOffset(name), field);
}

/** Wait until the model text is `text` (and return it), or throw with the last text. */
export function waitForText(target: Target, text: string, field?: string): Promise<string> {
  return pollUntil(
    () => modelText(target, field),
    (value) => value === text,
    `the model text to be ${JSON.stringify(text)}`,
    5_000,
  );
}

/**
 * Wait until the caret is at `offset` in the model text. The overlay moves the caret back to
 * {{cursor}} after the editor has re-rendered, a few milliseconds after the text is in.
 */
export function waitForCaret(target: Target, offset: number, field?: string): Promise<unknown> {
  return pollUntil(
    () => caretOffset(target, field),
    (value) => value === offset,
    `the caret to be at ${offset}`,
    2_000,
  );
}

/** The element that has focus, described as "#id" (inside iframes and shadow roots too). */
export function focusedId(target: Target): Promise<string> {
  return target.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active ? `${active.tagName.toLowerCase()}#${active.id}` : 'none';
  });
}

/** Type with real key presses, 25 ms apart (a fast typist); the content script sees each. */
export async function typeLikeAPerson(target: Page, text: string): Promise<void> {
  await target.keyboard.type(text, { delay: 25 });
}

/** Click into `field`, type `text` and press Tab. */
export async function typeAndTab(page: Page, field: Locator, text: string): Promise<void> {
  await field.click();
  await typeLikeAPerson(page, text);
  await page.keyboard.press('Tab');
}
