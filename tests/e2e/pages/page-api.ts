// The small test API every test page puts on `window`, read by the e2e tests and the benchmark
// through page.evaluate. Pages with several fields name them (e.g. 'textarea', 'editable').

export interface PageApi {
  /** The editor model's plain text (paragraphs joined by '\n'). */
  editorText(field?: string): string;
  /** The caret's offset in that plain text, or null when the editor has no selection. */
  caretOffset(field?: string): number | null;
  /** The editor's own undo (the tests prefer Ctrl+Z where the editor binds it). */
  editorUndo(field?: string): void;
  /**
   * Call `listener` with the model text each time the editor's model changes (the benchmark's
   * "text is in the model" moment). Only the pages the benchmark uses have it.
   */
  watchText?(listener: (text: string) => void): void;
}

declare global {
  interface Window {
    editorText: PageApi['editorText'];
    caretOffset: PageApi['caretOffset'];
    editorUndo: PageApi['editorUndo'];
    watchText?: PageApi['watchText'];
  }
}

/** Put the API on `window` and mark the page ready (`<html data-ready="true">`). */
export function exposeApi(api: PageApi): void {
  window.editorText = api.editorText;
  window.caretOffset = api.caretOffset;
  window.editorUndo = api.editorUndo;
  window.watchText = api.watchText;
  document.documentElement.dataset.ready = 'true';
}

/** A heading naming the page (for screenshots) and a host element for the editor. */
export function scaffold(title: string): HTMLElement {
  document.title = title;
  const heading = document.createElement('h1');
  heading.textContent = title;
  const host = document.createElement('div');
  host.id = 'host';
  document.body.append(heading, host);
  return host;
}

/** A plain text field after the editor, so that a Tab that is not a macro has somewhere to go. */
export function addAfterField(parent: HTMLElement = document.body): HTMLInputElement {
  const after = document.createElement('input');
  after.id = 'after';
  after.placeholder = 'next field';
  parent.append(after);
  return after;
}

/** The plain-text API of a textarea or text input. */
export function valueApi(field: HTMLTextAreaElement | HTMLInputElement): PageApi {
  return {
    editorText: () => field.value,
    caretOffset: () => field.selectionStart,
    editorUndo: () => {
      field.focus();
      document.execCommand('undo');
    },
    watchText: (listener) => field.addEventListener('input', () => listener(field.value)),
  };
}

/**
 * The plain text of a contenteditable element as the browser renders it (innerText: block
 * boundaries and <br> become '\n'), without the trailing newline a final <br> leaves.
 */
export function editableText(element: HTMLElement): string {
  return element.innerText.replace(/\n$/, '');
}

/**
 * The caret's offset in editableText(element): the innerText of a copy of the content from the
 * start to the caret. Approximate at block boundaries (a caret at the very start of a block
 * after the first counts the block's '\n' or not depending on where the browser puts it).
 */
export function editableCaret(element: HTMLElement): number | null {
  const root = element.getRootNode() as Document | ShadowRoot;
  const selection =
    'getSelection' in root && typeof root.getSelection === 'function'
      ? (root.getSelection() as Selection | null)
      : document.getSelection();
  if (!selection || selection.rangeCount === 0) return null;
  const caret = selection.getRangeAt(0);
  if (!element.contains(caret.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(element);
  before.setEnd(caret.endContainer, caret.endOffset);
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;left:-9999px;white-space:pre-wrap';
  probe.append(before.cloneContents());
  document.body.append(probe);
  const offset = probe.innerText.length;
  probe.remove();
  return offset;
}

/** The plain-text API of a contenteditable element (the browser's own undo). */
export function editableApi(element: HTMLElement): PageApi {
  return {
    editorText: () => editableText(element),
    caretOffset: () => editableCaret(element),
    editorUndo: () => {
      element.focus();
      document.execCommand('undo');
    },
  };
}

/** The API of a page with several named fields. */
export function namedApi(fields: Record<string, PageApi>): PageApi {
  const pick = (name?: string): PageApi => {
    const api = fields[name ?? Object.keys(fields)[0]!];
    if (!api) throw new Error(`No field named ${name}; this page has ${Object.keys(fields)}`);
    return api;
  };
  return {
    editorText: (name) => pick(name).editorText(),
    caretOffset: (name) => pick(name).caretOffset(),
    editorUndo: (name) => pick(name).editorUndo(),
  };
}
