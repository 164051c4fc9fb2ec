import { describe, it } from 'vitest';
import { saveScreenshot } from './browser';
import { MACROS, typeAndTab, typeLikeAPerson, waitForCaret, waitForText } from './overlay-rig';
import { expectExpanded, expectUndoneTo, OVERLAY_HOST, useOverlayRig } from './overlay-suite';

// Macro expansion on web pages (issue 4, parts 4 and 7) in the rich editors real web apps use,
// built from their npm packages (tests/e2e/pages): the editor's own model must hold the text,
// the caret must land at {{cursor}}, and the editor's undo (Ctrl+Z, as the editor binds it)
// must revert the expansion.

interface EditorCase {
  page: string;
  /** Where to click to type (the editor's editing host). */
  editable: string;
  /**
   * Editors that group quick edits into one undo step by time (Quill: 1 s, ProseMirror: 500 ms)
   * undo the typing together with an expansion that follows it at once (observed: the text is
   * then empty). The test pauses this long before Tab, as a person who stops to think does, so
   * Ctrl+Z must give back exactly the typed `Hello ;thx`.
   */
  undoGroupMs?: number;
  screenshot?: boolean;
}

const EDITORS: EditorCase[] = [
  { page: 'quill', editable: '.ql-editor', undoGroupMs: 1_000, screenshot: true },
  { page: 'tiptap', editable: '.ProseMirror', undoGroupMs: 500, screenshot: true },
  { page: 'lexical', editable: '#field', screenshot: true },
  { page: 'ckeditor', editable: '.ck-editor__editable', screenshot: true },
  { page: 'draftjs', editable: '.public-DraftEditor-content' },
];

describe('macro expansion in rich editors on web pages, in Chromium', () => {
  const suite = useOverlayRig();

  for (const editor of EDITORS) {
    it(`O3: ${editor.page}: ;thx + Tab expands in the model, the caret lands at {{cursor}}, Ctrl+Z reverts it`, async () => {
      const page = await suite.open(editor.page);
      await page.locator(editor.editable).click();
      await typeLikeAPerson(page, 'Hello ;thx');
      if (editor.undoGroupMs) await page.waitForTimeout(editor.undoGroupMs + 100);
      await page.keyboard.press('Tab');
      await expectExpanded(page, 'Hello ', 'thx');
      if (editor.screenshot) await saveScreenshot(page, `overlay-${editor.page}`);
      await expectUndoneTo(page, page, 'Hello ;thx');
      await page.close();
    });

    it(`O3: ${editor.page}: a multi-line macro becomes lines in the model, the caret at {{cursor}}; Ctrl+Z reverts it`, async () => {
      const page = await suite.open(editor.page);
      await page.locator(editor.editable).click();
      await typeLikeAPerson(page, 'Hello ;wait');
      if (editor.undoGroupMs) await page.waitForTimeout(editor.undoGroupMs + 100);
      await page.keyboard.press('Tab');
      await expectExpanded(page, 'Hello ', 'wait');
      await expectUndoneTo(page, page, 'Hello ;wait');
      await page.close();
    });

    it(`${editor.page}: a fill-in prompt's answer is inserted where the shortcut was`, async () => {
      const page = await suite.open(editor.page);
      await typeAndTab(page, page.locator(editor.editable), 'Hi ;ship');
      await page.locator(OVERLAY_HOST).waitFor({ state: 'attached', timeout: 5_000 });
      await typeLikeAPerson(page, 'A-1042');
      await page.keyboard.press('Enter');
      await waitForText(page, `Hi ${MACROS.ship.text('A-1042')}`);
      await waitForCaret(page, `Hi ${MACROS.ship.text('A-1042')}`.length);
      await page.close();
    });
  }
});
