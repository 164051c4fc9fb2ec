import { deepActiveElement, selectionOf, type TextControl } from './fields';
import type { Target } from './typed';

// Insert an expansion as the browser would insert typed or pasted text, so the page's editor
// (React state, ProseMirror, Lexical, CKEditor 5, Quill, Draft.js) sees an ordinary edit and its
// undo reverts it: select what is replaced, then `execCommand('insertText')` (one undo step) or,
// for several lines in a rich editor, a paste event carrying the text. Where the browser has no
// execCommand (jsdom) or refuses it, the DOM is changed directly and an `input` event sent.

/** The text to insert and where the caret lands in it. */
export interface Insertion {
  text: string;
  caret: number;
}

/** `document.execCommand`, swappable in tests; false when the command did nothing. */
export type ExecCommand = (doc: Document, command: string, value?: string) => boolean;

export const execCommand: ExecCommand = (doc, command, value) => {
  const exec = (doc as Partial<Document>).execCommand;
  if (typeof exec !== 'function') return false;
  try {
    return exec.call(doc, command, false, value);
  } catch {
    return false;
  }
};

/** Resolves after the page has seen a selection change (editors sync on `selectionchange`). */
export function selectionSettled(doc: Document, timeoutMs = 50): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      doc.removeEventListener('selectionchange', done);
      clearTimeout(timer);
      // Let the page's own selectionchange listeners (registered before this one) finish.
      setTimeout(resolve, 0);
    };
    const timer = setTimeout(done, timeoutMs);
    doc.addEventListener('selectionchange', done);
  });
}

/**
 * Tell the page's editor now that the selection changed. Editors (ProseMirror, Lexical, CKEditor
 * 5, Draft.js through React's onSelect, Quill) take the DOM selection into their model on the
 * document's `selectionchange`, which the browser sends only a task later; without it they would
 * apply the insertion (a paste of several lines, CKEditor's undo step) at their old selection.
 * Sent here, synchronously, the insertion can follow in the same task as the Tab. The browser's
 * own event still comes later and finds the editor in step.
 */
function announceSelection(doc: Document): void {
  try {
    doc.dispatchEvent(new (doc.defaultView ?? window).Event('selectionchange'));
  } catch {
    // No Event constructor in this window (listeners' own errors do not reach here).
  }
}

/** User-perceived characters in `text` (what Selection.modify moves over). */
function characterCount(text: string): number {
  const Segmenter = (Intl as { Segmenter?: typeof Intl.Segmenter }).Segmenter;
  if (!Segmenter) return Array.from(text).length;
  return Array.from(new Segmenter().segment(text)).length;
}

// --- text controls -------------------------------------------------------------------------

function setControlSelection(element: TextControl, start: number, end: number): boolean {
  try {
    element.setSelectionRange(start, end);
    return true;
  } catch {
    return false;
  }
}

/** Set the value as a typing user would: the native setter (React sees it) and an input event. */
function setControlValue(element: TextControl, start: number, end: number, text: string): void {
  const value = element.value.slice(0, start) + text + element.value.slice(end);
  const proto = Object.getPrototypeOf(element) as object;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  if (setter) setter.call(element, value);
  else element.value = value;
  const view = element.ownerDocument.defaultView!;
  element.dispatchEvent(
    new view.InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }),
  );
}

function insertInControl(
  target: Extract<Target, { kind: 'control' }>,
  insertion: Insertion,
  exec: ExecCommand,
): void {
  const { element, start, end } = target;
  const doc = element.ownerDocument;
  if (doc.activeElement !== element) element.focus({ preventScroll: true });
  const caret = start + insertion.caret;
  if (setControlSelection(element, start, end)) {
    const command = insertion.text === '' ? 'delete' : 'insertText';
    if (start === end && command === 'delete') return;
    if (!exec(doc, command, insertion.text)) setControlValue(element, start, end, insertion.text);
    setControlSelection(element, caret, caret);
    return;
  }
  // No selection API (type=email): the caret is at the end; select backwards from it.
  const selection = doc.getSelection();
  if (selection && typeof selection.modify === 'function' && end === element.value.length) {
    for (let i = start; i < end; i++) selection.modify('extend', 'backward', 'character');
    if (exec(doc, 'insertText', insertion.text)) {
      const back = characterCount(insertion.text.slice(insertion.caret));
      for (let i = 0; i < back; i++) selection.modify('move', 'backward', 'character');
      return;
    }
  }
  setControlValue(element, start, end, insertion.text);
}

// --- contenteditable and rich editors ------------------------------------------------------

function select(selection: Selection, range: Range): void {
  selection.removeAllRanges();
  selection.addRange(range);
}

/** Offer `text` as a paste; true when the page's editor took it (called preventDefault). */
function pasteText(target: Element, text: string): boolean {
  const view = target.ownerDocument.defaultView!;
  if (typeof view.DataTransfer !== 'function' || typeof view.ClipboardEvent !== 'function') {
    return false;
  }
  try {
    const data = new view.DataTransfer();
    data.setData('text/plain', text);
    const event = new view.ClipboardEvent('paste', {
      clipboardData: data,
      bubbles: true,
      cancelable: true,
      composed: true,
    });
    target.dispatchEvent(event);
    return event.defaultPrevented;
  } catch {
    return false;
  }
}

/**
 * Announce the insertion as typing would (`beforeinput`, which execCommand does not send): an
 * editor that edits its own model on beforeinput (CKEditor 5, Lexical, Quill over a selection)
 * does it and cancels the event; true then, and the browser must not insert it again.
 */
function offerBeforeInput(target: Element, range: Range, text: string): boolean {
  const view = target.ownerDocument.defaultView!;
  try {
    const targetRanges = [
      new view.StaticRange({
        startContainer: range.startContainer,
        startOffset: range.startOffset,
        endContainer: range.endContainer,
        endOffset: range.endOffset,
      }),
    ];
    const event = new view.InputEvent('beforeinput', {
      inputType: 'insertText',
      data: text,
      targetRanges,
      bubbles: true,
      cancelable: true,
      composed: true,
    });
    target.dispatchEvent(event);
    return event.defaultPrevented;
  } catch {
    return false;
  }
}

/** Without execCommand: replace the range's contents by the text (lines split by <br>). */
function replaceRange(selection: Selection, range: Range, text: string): void {
  const doc = range.startContainer.ownerDocument!;
  range.deleteContents();
  const fragment = doc.createDocumentFragment();
  text.split('\n').forEach((line, i) => {
    if (i > 0) fragment.append(doc.createElement('br'));
    if (line) fragment.append(doc.createTextNode(line));
  });
  const last = fragment.lastChild;
  range.insertNode(fragment);
  if (last) range.setStartAfter(last);
  range.collapse(true);
  select(selection, range);
  const view = doc.defaultView!;
  range.startContainer.dispatchEvent(
    new view.InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }),
  );
}

/** The element the selection starts in (editors listen on their root, events bubble there). */
function elementAt(range: Range, fallback: HTMLElement): Element {
  const node = range.startContainer;
  return (node.nodeType === 1 ? (node as Element) : node.parentElement) ?? fallback;
}

async function insertInEditable(
  target: Extract<Target, { kind: 'editable' }>,
  insertion: Insertion,
  exec: ExecCommand,
): Promise<void> {
  const { element, range } = target;
  const doc = element.ownerDocument;
  const selection = selectionOf(element);
  if (!selection) return;
  if (!element.contains(deepActiveElement(doc))) element.focus({ preventScroll: true });
  select(selection, range);
  announceSelection(doc);
  const { text } = insertion;
  const at = elementAt(range, element);
  const done =
    (text.includes('\n') ? pasteText(at, text) : offerBeforeInput(at, range, text)) ||
    exec(doc, text === '' ? 'delete' : 'insertText', text);
  if (!done) replaceRange(selection, range, text);
  const back = characterCount(text.slice(insertion.caret));
  if (back === 0 || typeof selection.modify !== 'function') return;
  // Editors re-render, then put the DOM caret after the text: move it back from there.
  await selectionSettled(doc);
  for (let i = 0; i < back; i++) selection.modify('move', 'backward', 'character');
}

/** Replace the target's text by the insertion and put the caret where it says. */
export async function insertAt(
  target: Target,
  insertion: Insertion,
  exec: ExecCommand = execCommand,
): Promise<void> {
  if (target.kind === 'control') insertInControl(target, insertion, exec);
  else await insertInEditable(target, insertion, exec);
}
