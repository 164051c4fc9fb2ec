import type { Frame, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './browser';
import { expectText } from './flows';
import {
  childFrame,
  focusedId,
  MACROS,
  modelText,
  typeAndTab,
  typeLikeAPerson,
  waitForText,
} from './overlay-rig';
import { expectExpanded, expectUndoneTo, OVERLAY_HOST, useOverlayRig } from './overlay-suite';

// Macro expansion on web pages (issue 4, parts 4, 5 and 7) in plain fields — textarea, text
// input, contenteditable, a React-controlled textarea, inside a same-origin iframe and an open
// shadow root — and what must not expand: password and card fields, unknown shortcuts, a page
// script's synthetic Tab, a signed-out extension.

// What the tests call of Chrome's extension API, inside the service worker and an extension page.
declare const chrome: {
  tabs: {
    query(query: object): Promise<{ id?: number }[]>;
    sendMessage(tabId: number, message: unknown): Promise<unknown>;
  };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
};

interface FieldCase {
  name: string;
  page: string;
  /** The element to click (CSS; Playwright pierces open shadow roots). */
  selector: string;
  /** The page API's field name, for pages with several fields. */
  field?: string;
  /** The field is in the page's iframe. */
  inFrame?: boolean;
}

const FIELDS: FieldCase[] = [
  { name: 'textarea', page: 'textarea', selector: '#field' },
  { name: 'text input', page: 'input', selector: '#field' },
  { name: 'contenteditable', page: 'contenteditable', selector: '#field' },
  { name: 'React-controlled textarea', page: 'react-textarea', selector: '#field' },
  {
    name: 'textarea in a same-origin iframe',
    page: 'iframe',
    selector: '#textarea',
    field: 'textarea',
    inFrame: true,
  },
  {
    name: 'contenteditable in a same-origin iframe',
    page: 'iframe',
    selector: '#editable',
    field: 'editable',
    inFrame: true,
  },
  {
    name: 'textarea in an open shadow root',
    page: 'shadow',
    selector: '#textarea',
    field: 'textarea',
  },
  {
    name: 'contenteditable in an open shadow root',
    page: 'shadow',
    selector: '#editable',
    field: 'editable',
  },
];

describe('macro expansion in page fields, in Chromium', () => {
  const suite = useOverlayRig();

  /** The page, the frame whose API holds the field, and the field's locator. */
  async function open(c: FieldCase): Promise<{ page: Page; target: Page | Frame; field: Locator }> {
    const page = await suite.open(c.page);
    const target = c.inFrame ? await childFrame(page) : page;
    return { page, target, field: target.locator(c.selector) };
  }

  for (const c of FIELDS) {
    it(`O3: ${c.name}: ;thx + Tab expands, the caret lands at {{cursor}}, Ctrl+Z gives ;thx back`, async () => {
      const { page, target, field } = await open(c);
      await typeAndTab(page, field, 'Hello ;thx');
      await expectExpanded(target, 'Hello ', 'thx', c.field);
      expect(await focusedId(target)).toContain(c.selector);
      if (c.page === 'react-textarea') {
        // React's state is what the <output> shows.
        expect(await page.locator('#state').textContent()).toBe(`Hello ${MACROS.thx.text}`);
      }
      await expectUndoneTo(page, target, 'Hello ;thx', c.field);
      await page.close();
    });
  }

  for (const c of [FIELDS[0]!, FIELDS[2]!, FIELDS[3]!]) {
    it(`O3: ${c.name}: a multi-line macro keeps its lines, the caret at {{cursor}}; Ctrl+Z reverts it`, async () => {
      const { page, target, field } = await open(c);
      await typeAndTab(page, field, 'Hello ;wait');
      await expectExpanded(target, 'Hello ', 'wait', c.field);
      if (c.page === 'textarea') await saveScreenshot(page, 'overlay-textarea-multiline');
      await expectUndoneTo(page, target, 'Hello ;wait', c.field);
      await page.close();
    });
  }

  it('O2: never touches a password or a card-number field: Tab moves focus, the text stays', async () => {
    const page = await suite.open('sensitive');
    await typeAndTab(page, page.locator('#password'), ';thx');
    expect(await focusedId(page)).toBe('input#card');
    await typeLikeAPerson(page, ';thx');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('input#after');
    expect(await modelText(page, 'password')).toBe(';thx');
    expect(await modelText(page, 'card')).toBe(';thx');
    await page.close();
  });

  it('leaves an unknown shortcut as typed and lets Tab move the focus on (Tab after a pause)', async () => {
    const page = await suite.open('textarea');
    await page.locator('#field').click();
    await typeLikeAPerson(page, 'Hello ;nope');
    // A person's pause before Tab: the content script has had the lookup's answer (not found).
    await page.waitForTimeout(200);
    await page.keyboard.press('Tab');
    await expect.poll(() => focusedId(page), { timeout: 3_000 }).toBe('input#after');
    expect(await modelText(page)).toBe('Hello ;nope');
    await page.close();
  });

  it('leaves an unknown shortcut as typed and lets Tab move the focus on (Tab at once)', async () => {
    const page = await suite.open('textarea');
    await page.locator('#field').click();
    await typeLikeAPerson(page, 'Hello ;nop');
    // Tab right after the last letter, before the content script has the lookup's answer.
    await page.keyboard.press('e');
    await page.keyboard.press('Tab');
    await expect.poll(() => focusedId(page), { timeout: 3_000 }).toBe('input#after');
    expect(await modelText(page)).toBe('Hello ;nope');
    await page.close();
  });

  it("O2: ignores a page script's synthetic Tab keydown", async () => {
    const page = await suite.open('textarea');
    await page.locator('#field').click();
    await typeLikeAPerson(page, 'Hello ;thx');
    // Give the content script time to look the shortcut up, so only isTrusted can stop it.
    await page.waitForTimeout(300);
    await page.evaluate(() => {
      const field = document.getElementById('field')!;
      for (const target of [field, document, window]) {
        target.dispatchEvent(
          new KeyboardEvent('keydown', {
            key: 'Tab',
            code: 'Tab',
            bubbles: true,
            cancelable: true,
          }),
        );
      }
    });
    await page.waitForTimeout(300);
    expect(await modelText(page)).toBe('Hello ;thx');
    expect(await page.locator(OVERLAY_HOST).count()).toBe(0);
    await page.close();
  });

  it('asks a fill-in prompt in a form, then inserts the answer (Enter)', async () => {
    const page = await suite.open('textarea');
    await typeAndTab(page, page.locator('#field'), 'Hi ;ship');
    await page.locator(OVERLAY_HOST).waitFor({ state: 'attached', timeout: 5_000 });
    // The form's field has focus inside the closed shadow root: the page sees only the host.
    expect(await focusedId(page)).toBe(`${OVERLAY_HOST}#`);
    await saveScreenshot(page, 'overlay-ask-prompt');
    await typeLikeAPerson(page, 'A-1042');
    await page.keyboard.press('Enter');
    await waitForText(page, `Hi ${MACROS.ship.text('A-1042')}`);
    expect(await page.locator(OVERLAY_HOST).count()).toBe(0);
    expect(await focusedId(page)).toBe('textarea#field');
    await page.close();
  });

  it('inserts nothing when the fill-in form is cancelled with Escape; ;ship stays as typed', async () => {
    const page = await suite.open('textarea');
    await typeAndTab(page, page.locator('#field'), 'Hi ;ship');
    await page.locator(OVERLAY_HOST).waitFor({ state: 'attached', timeout: 5_000 });
    await typeLikeAPerson(page, 'A-1042');
    await page.keyboard.press('Escape');
    await page.locator(OVERLAY_HOST).waitFor({ state: 'detached', timeout: 5_000 });
    expect(await modelText(page)).toBe('Hi ;ship');
    expect(await focusedId(page)).toBe('textarea#field');
    await page.close();
  });

  it('opens the palette with the browser command and inserts the chosen macro', async () => {
    const page = await suite.open('textarea');
    await page.locator('#field').click();
    await typeLikeAPerson(page, 'Hello ');
    await page.bringToFront();
    // Ctrl+Shift+Space is a browser-level shortcut (commands API); Playwright's keys go to the
    // page through CDP and never reach the browser's accelerators in headless Chromium. Try the
    // key, then take the command's own path: the background's command handler sends this very
    // message to the active tab's content scripts (lib/background/commands.ts).
    await page.keyboard.press('Control+Shift+Space');
    const opened = await page
      .locator(OVERLAY_HOST)
      .waitFor({ state: 'attached', timeout: 1_000 })
      .then(() => true)
      .catch(() => false);
    if (!opened) {
      const worker = await suite.rig.browser.worker();
      await worker.evaluate(async () => {
        const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
        await chrome.tabs.sendMessage(tab!.id!, { rapportOverlay: 1, type: 'palette.open' });
      });
      await page.locator(OVERLAY_HOST).waitFor({ state: 'attached', timeout: 5_000 });
    }
    await typeLikeAPerson(page, 'thx');
    await page.waitForTimeout(200);
    await saveScreenshot(page, 'overlay-palette');
    await page.keyboard.press('Enter');
    await expectExpanded(page, 'Hello ', 'thx');
    await page.close();
  });

  it('O2: does nothing on a site switched off, and expands again once it is switched back on', async () => {
    const page = await suite.open('textarea');
    // The popup's per-site switch, as a request from an extension page (lib/messages.ts).
    const setSite = async (enabled: boolean) => {
      const options = await suite.rig.browser.openExtensionPage('options.html');
      const answer = await options.evaluate(
        (data) => chrome.runtime.sendMessage({ rapport: 1, type: 'overlay.setSite', data }),
        { origin: suite.rig.pages.url, enabled },
      );
      await options.close();
      expect(answer).toMatchObject({ ok: true });
    };
    await setSite(false);
    await typeAndTab(page, page.locator('#field'), 'Hello ;thx');
    await expect.poll(() => focusedId(page), { timeout: 3_000 }).toBe('input#after');
    expect(await modelText(page)).toBe('Hello ;thx');
    // Back on: the open tab is told (state.changed) and expands without a reload.
    await setSite(true);
    await page.locator('#field').click();
    await page.keyboard.press('Control+a');
    await typeLikeAPerson(page, 'Hello ;thx');
    await page.keyboard.press('Tab');
    await waitForText(page, `Hello ${MACROS.thx.text}`);
    await page.close();
  });

  it('O2: does nothing once signed out', async () => {
    const options = await suite.rig.browser.openExtensionPage('options.html');
    await options.getByTestId('sign-out').click();
    await expectText(options.getByTestId('signed-out').or(options.getByTestId('sign-in')), /./);
    await options.close();
    const page = await suite.open('textarea');
    await typeAndTab(page, page.locator('#field'), 'Hello ;thx');
    await expect.poll(() => focusedId(page), { timeout: 3_000 }).toBe('input#after');
    expect(await modelText(page)).toBe('Hello ;thx');
    await page.close();
  });
});
