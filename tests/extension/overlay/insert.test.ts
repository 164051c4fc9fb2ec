import { afterEach, describe, expect, it, vi } from 'vitest';
import { insertAt, type ExecCommand } from '../../../lib/overlay/insert';
import { typedShortcut, type Target } from '../../../lib/overlay/typed';

// Inserting an expansion. jsdom has no execCommand: the fallbacks are what runs here (the
// execCommand paths are proved in real Chromium by tests/e2e/overlay-*.test.ts); an injected
// execCommand shows what the browser is asked to do, and with which selection.

afterEach(() => {
  document.body.innerHTML = '';
});

function textarea(value: string, caret = value.length): HTMLTextAreaElement {
  const element = document.createElement('textarea');
  document.body.append(element);
  element.value = value;
  element.focus();
  element.setSelectionRange(caret, caret);
  return element;
}

function targetOf(element: HTMLTextAreaElement | HTMLInputElement | HTMLElement): Target {
  const kind = element instanceof HTMLElement && 'value' in element ? 'control' : 'editable';
  const typed = typedShortcut({ kind, element } as Parameters<typeof typedShortcut>[0]);
  if (!typed) throw new Error('no shortcut typed');
  return typed.target;
}

describe('insertion into a textarea or text input', () => {
  it('without execCommand: the native value setter and an input event, caret at {{cursor}}', async () => {
    const field = textarea('Hello ;thx');
    // What React's value tracker does: an own `value` property on the element. The insertion
    // must go through the prototype's setter (so React sees a change), not this one.
    const tracked = vi.fn();
    const proto = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!;
    Object.defineProperty(field, 'value', {
      configurable: true,
      get: () => proto.get!.call(field),
      set: (value: string) => {
        tracked(value);
        proto.set!.call(field, value);
      },
    });
    const inputs: InputEvent[] = [];
    field.addEventListener('input', (event) => inputs.push(event as InputEvent));
    await insertAt(targetOf(field), { text: 'Thanks! See you.', caret: 8 });
    expect(field.value).toBe('Hello Thanks! See you.');
    expect(tracked).not.toHaveBeenCalled();
    expect(inputs).toHaveLength(1);
    expect(inputs[0]!.inputType).toBe('insertText');
    expect(inputs[0]!.bubbles).toBe(true);
    expect([field.selectionStart, field.selectionEnd]).toEqual([14, 14]);
  });

  it('keeps the text after the caret and works in an <input>', async () => {
    const input = document.createElement('input');
    document.body.append(input);
    input.value = 'a ;sig b';
    input.focus();
    input.setSelectionRange(6, 6);
    await insertAt(targetOf(input), { text: 'Ada', caret: 3 });
    expect(input.value).toBe('a Ada b');
    expect(input.selectionStart).toBe(5);
  });

  it("with execCommand: selects ;shortcut, then insertText (the browser's one undo step)", async () => {
    const field = textarea('Hello ;thx');
    const calls: unknown[] = [];
    const exec: ExecCommand = (doc, command, value) => {
      calls.push([command, value, field.value.slice(field.selectionStart, field.selectionEnd)]);
      // What the browser does for insertText over the selection.
      field.setRangeText(value!, field.selectionStart, field.selectionEnd, 'end');
      return true;
    };
    await insertAt(targetOf(field), { text: 'Two\nlines', caret: 3 }, exec);
    expect(calls).toEqual([['insertText', 'Two\nlines', ';thx']]);
    expect(field.value).toBe('Hello Two\nlines');
    expect(field.selectionStart).toBe(9);
  });
});

describe('insertion into a contenteditable element', () => {
  function editable(html: string): HTMLElement {
    const host = document.createElement('div');
    host.setAttribute('contenteditable', 'true');
    host.innerHTML = html;
    document.body.append(host);
    host.focus();
    return host;
  }

  function caretAtEnd(node: Node): void {
    const range = document.createRange();
    range.setStart(node, node.textContent!.length);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
  }

  it('with execCommand: the selection covers ;shortcut when insertText runs', async () => {
    const host = editable('<p>Hello ;thx</p>');
    caretAtEnd(host.querySelector('p')!.firstChild!);
    const seen: string[] = [];
    const exec: ExecCommand = (_doc, command, value) => {
      seen.push(`${command}:${value}:${getSelection()!.toString()}`);
      return true;
    };
    await insertAt(targetOf(host), { text: 'Thanks!', caret: 7 }, exec);
    expect(seen).toEqual(['insertText:Thanks!:;thx']);
  });

  it('tells the editor of the new selection (selectionchange), then inserts in the same task', () => {
    const host = editable('<p>Hello ;thx</p>');
    caretAtEnd(host.querySelector('p')!.firstChild!);
    const seen: string[] = [];
    const onSelection = () => seen.push(`selectionchange:${getSelection()!.toString()}`);
    document.addEventListener('selectionchange', onSelection);
    const exec: ExecCommand = (_doc, command, value) => {
      seen.push(`${command}:${value}`);
      return true;
    };
    try {
      void insertAt(targetOf(host), { text: 'Thanks!', caret: 7 }, exec);
      // Synchronously: no task in between for the browser's own selectionchange.
      expect(seen).toEqual(['selectionchange:;thx', 'insertText:Thanks!']);
    } finally {
      document.removeEventListener('selectionchange', onSelection);
    }
  });

  it('offers the text to the editor first (beforeinput); an editor that takes it gets no execCommand', async () => {
    const host = editable('<p>Hello ;thx</p>');
    caretAtEnd(host.querySelector('p')!.firstChild!);
    host.addEventListener('beforeinput', (event) => {
      if (event.inputType === 'insertText' && event.data === 'Thanks!') event.preventDefault();
    });
    const exec = vi.fn<ExecCommand>(() => true);
    await insertAt(targetOf(host), { text: 'Thanks!', caret: 7 }, exec);
    expect(exec).not.toHaveBeenCalled();
  });

  it('several lines go to the editor as a paste when it handles one', async () => {
    const host = editable('<p>Hi ;wait</p>');
    caretAtEnd(host.querySelector('p')!.firstChild!);
    // jsdom has neither DataTransfer nor ClipboardEvent: stand-ins as small as the code needs.
    class FakeDataTransfer {
      data = new Map<string, string>();
      setData(type: string, value: string) {
        this.data.set(type, value);
      }
    }
    class FakeClipboardEvent extends Event {
      clipboardData: FakeDataTransfer;
      constructor(type: string, init: EventInit & { clipboardData: FakeDataTransfer }) {
        super(type, init);
        this.clipboardData = init.clipboardData;
      }
    }
    vi.stubGlobal('DataTransfer', FakeDataTransfer);
    vi.stubGlobal('ClipboardEvent', FakeClipboardEvent);
    const pasted: string[] = [];
    host.addEventListener('paste', (event) => {
      const data = (event as unknown as FakeClipboardEvent).clipboardData.data.get('text/plain');
      pasted.push(`${data}|${getSelection()!.toString()}`);
      event.preventDefault();
    });
    const exec = vi.fn<ExecCommand>(() => true);
    try {
      await insertAt(targetOf(host), { text: 'Dear you,\nBye', caret: 14 }, exec);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(pasted).toEqual(['Dear you,\nBye|;wait']);
    expect(exec).not.toHaveBeenCalled();
  });

  it('without execCommand: the DOM is changed (lines split by <br>) and an input event sent', async () => {
    const host = editable('<p>Hi ;wait and</p>');
    const text = host.querySelector('p')!.firstChild!;
    const range = document.createRange();
    range.setStart(text, 8);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
    const inputs: string[] = [];
    host.addEventListener('input', (event) => inputs.push((event as InputEvent).data ?? ''));
    await insertAt(targetOf(host), { text: 'Dear you,\nBye', caret: 14 });
    expect(host.innerHTML).toBe('<p>Hi Dear you,<br>Bye and</p>');
    expect(inputs).toEqual(['Dear you,\nBye']);
  });
});
