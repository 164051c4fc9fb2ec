import { afterEach, describe, expect, it } from 'vitest';
import { editableField, focusedField } from '../../../lib/overlay/fields';
import { textBefore } from '../../../lib/overlay/text-before';
import { shortcutAtEnd } from '../../../lib/overlay/token';
import { typedShortcut } from '../../../lib/overlay/typed';

// Finding the `;shortcut` the agent just typed before the caret.

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the shortcut before the caret (text)', () => {
  it.each([
    [';thx', 'thx'],
    ['Hello ;thx', 'thx'],
    ['Hello\n;Thx', 'Thx'],
    ['(;order-2_b', 'order-2_b'],
    ['Merci ;café', 'café'],
    ['x.;sig', 'sig'],
    [';' + 'a'.repeat(32), 'a'.repeat(32)],
  ])('%j → %j', (text, shortcut) => {
    expect(shortcutAtEnd(text)).toBe(shortcut);
  });

  it.each([
    ['thx'],
    [';'],
    ['a;thx'],
    ['5;thx'],
    ['Hello ;thx '],
    ['; thx'],
    [';thx.'],
    ['http://example.com/a;b'],
    [';' + 'a'.repeat(33)],
  ])('%j → nothing', (text) => {
    expect(shortcutAtEnd(text)).toBeNull();
  });
});

function editable(html: string): HTMLElement {
  const host = document.createElement('div');
  host.setAttribute('contenteditable', 'true');
  host.innerHTML = html;
  document.body.append(host);
  return host;
}

/** Put a collapsed caret at (node, offset). */
function caretAt(node: Node, offset: number): void {
  const range = document.createRange();
  range.setStart(node, offset);
  range.collapse(true);
  getSelection()!.removeAllRanges();
  getSelection()!.addRange(range);
}

describe('the text before a caret in a contenteditable element', () => {
  it('reads across inline elements but stops at blocks and <br>', () => {
    const host = editable('<p>First line</p><p>Say <b>hi</b> ;t<i>hx</i></p>');
    const italic = host.querySelector('i')!.firstChild!;
    expect(textBefore(host, italic, 2, 34).text).toBe('Say hi ;thx');
    const br = editable('one<br>;thx');
    expect(textBefore(br, br.lastChild!, 4, 34).text).toBe(';thx');
  });

  it('resolves a caret between elements to the text before it', () => {
    const host = editable('<p>Hi <span>;thx</span></p>');
    const p = host.firstChild!;
    expect(textBefore(host, p, 2, 34).text).toBe('Hi ;thx');
    expect(textBefore(host, p, 0, 34).text).toBe('');
  });

  it('keeps only the last characters, and maps offsets back to DOM positions', () => {
    const host = editable('<p>abc<b>def</b>ghi</p>');
    const last = host.querySelector('p')!.lastChild!;
    const before = textBefore(host, last, 3, 5);
    expect(before.text).toBe('efghi');
    const at = before.position(1);
    expect(at.node.textContent).toBe('def');
    expect(at.offset).toBe(2);
  });
});

describe('the typed shortcut in a field', () => {
  it('in a textarea: the span of ;shortcut before a collapsed caret', () => {
    const textarea = document.createElement('textarea');
    document.body.append(textarea);
    textarea.value = 'Hello ;Thx and more';
    textarea.setSelectionRange(10, 10);
    expect(typedShortcut({ kind: 'control', element: textarea })).toEqual({
      shortcut: 'Thx',
      target: { kind: 'control', element: textarea, start: 6, end: 10 },
    });
    textarea.setSelectionRange(6, 10);
    expect(typedShortcut({ kind: 'control', element: textarea })).toBeNull();
    textarea.setSelectionRange(19, 19);
    expect(typedShortcut({ kind: 'control', element: textarea })).toBeNull();
  });

  it('in a contenteditable element: a Range over ;shortcut, even split across nodes', () => {
    const host = editable('<p>Hi ;t<b>hx</b></p>');
    caretAt(host.querySelector('b')!.firstChild!, 2);
    const typed = typedShortcut({ kind: 'editable', element: host })!;
    expect(typed.shortcut).toBe('thx');
    expect(typed.target.kind === 'editable' && typed.target.range.toString()).toBe(';thx');
  });

  it('not with a selection, nor when the caret is outside the field', () => {
    const host = editable('Hi ;thx');
    const other = editable(';thx');
    const range = document.createRange();
    range.setStart(host.firstChild!, 3);
    range.setEnd(host.firstChild!, 7);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
    expect(typedShortcut({ kind: 'editable', element: host })).toBeNull();
    caretAt(other.firstChild!, 4);
    expect(typedShortcut({ kind: 'editable', element: host })).toBeNull();
  });
});

describe('which fields the overlay may touch', () => {
  function input(attributes: Record<string, string>): HTMLInputElement {
    const element = document.createElement('input');
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    document.body.append(element);
    return element;
  }

  it.each([
    [{}],
    [{ type: 'text' }],
    [{ type: 'search' }],
    [{ type: 'email' }],
    [{ type: 'url' }],
    [{ type: 'tel' }],
    [{ type: 'text', name: 'subject', autocomplete: 'off' }],
  ])('text-like input %j: yes', (attributes) => {
    expect(editableField(input(attributes))?.kind).toBe('control');
  });

  it.each([
    [{ type: 'password' }],
    [{ type: 'number' }],
    [{ type: 'checkbox' }],
    [{ type: 'text', autocomplete: 'cc-number' }],
    [{ type: 'text', autocomplete: 'billing cc-csc' }],
    [{ type: 'text', autocomplete: 'current-password' }],
    [{ type: 'text', name: 'cardnumber' }],
    [{ type: 'text', name: 'card_number' }],
    [{ type: 'text', id: 'cvc' }],
    [{ type: 'text', name: 'cc-exp' }],
    [{ type: 'text', id: 'CVV2' }],
    [{ type: 'text', name: 'iban' }],
    [{ type: 'text', name: 'payment[iban]' }],
    [{ type: 'text', readonly: '' }],
    [{ type: 'text', disabled: '' }],
  ])('input %j: never', (attributes) => {
    expect(editableField(input(attributes))).toBeNull();
  });

  it('does not mistake ordinary names for card fields', () => {
    expect(editableField(input({ name: 'discard-reason' }))).not.toBeNull();
    expect(editableField(input({ id: 'scorecard-note' }))).not.toBeNull();
    expect(editableField(input({ name: 'caribbean' }))).not.toBeNull();
  });

  it('textareas unless read-only or disabled; contenteditable through its editing host', () => {
    const textarea = document.createElement('textarea');
    document.body.append(textarea);
    expect(editableField(textarea)?.kind).toBe('control');
    textarea.readOnly = true;
    expect(editableField(textarea)).toBeNull();
    const host = editable('<p><b>bold</b></p>');
    expect(editableField(host.querySelector('b'))).toEqual({ kind: 'editable', element: host });
    const plain = document.createElement('div');
    document.body.append(plain);
    expect(editableField(plain)).toBeNull();
    expect(editableField(null)).toBeNull();
  });

  it('finds the focused field inside an open shadow root', () => {
    const shadowHost = document.createElement('div');
    document.body.append(shadowHost);
    const shadow = shadowHost.attachShadow({ mode: 'open' });
    const textarea = document.createElement('textarea');
    shadow.append(textarea);
    textarea.focus();
    expect(focusedField()).toEqual({ kind: 'control', element: textarea });
  });
});
