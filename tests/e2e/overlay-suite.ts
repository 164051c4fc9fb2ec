import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  MACROS,
  modelText,
  openTestPage,
  startOverlayRig,
  waitForCaret,
  waitForText,
  type OverlayRig,
} from './overlay-rig';

// What the overlay's end-to-end test files share in vitest (overlay-rig.ts stays plain code for
// the benchmark): the rig's lifecycle around a describe, and the checks every expansion makes.

/** The overlay host element (its UI is in a closed shadow root inside it). */
export const OVERLAY_HOST = 'rapport-overlay';

export interface OverlaySuite {
  /** The running rig (once the describe's beforeAll has started it). */
  readonly rig: OverlayRig;
  /** Open a test page (e.g. 'quill') in a new tab and wait until its editor is ready. */
  open(name: string): Promise<Page>;
}

/** Start the rig before the tests of the enclosing describe and close it after them. */
export function useOverlayRig(): OverlaySuite {
  let rig: OverlayRig | undefined;
  beforeAll(async () => {
    rig = await startOverlayRig();
  });
  afterAll(async () => {
    await rig?.close();
  });
  const suite: OverlaySuite = {
    get rig() {
      if (!rig) throw new Error('the overlay rig is not started (use it inside a test)');
      return rig;
    },
    open: (name) => openTestPage(suite.rig, name),
  };
  return suite;
}

/** Wait until the model text is `before` + the macro's text and the caret is at {{cursor}}. */
export async function expectExpanded(
  target: Page | Frame,
  before: string,
  macro: 'thx' | 'wait',
  field?: string,
): Promise<void> {
  await waitForText(target, `${before}${MACROS[macro].text}`, field);
  await waitForCaret(target, before.length + MACROS[macro].caret, field);
}

/** Press Ctrl+Z (the editor's own undo) and expect the model text to become `text`. */
export async function expectUndoneTo(
  page: Page,
  target: Page | Frame,
  text: string,
  field?: string,
): Promise<void> {
  await page.keyboard.press('Control+z');
  await expect.poll(() => modelText(target, field), { timeout: 3_000 }).toBe(text);
}
