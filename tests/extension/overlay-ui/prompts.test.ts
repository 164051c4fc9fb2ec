import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { overlayUi } from '../../../lib/overlay/ui';
import { ANCHOR, captureShadowRoots, key, overlayHosts, pageWithTextarea } from './helpers';

let roots: ShadowRoot[];
let textarea: HTMLTextAreaElement;

function root(): ShadowRoot {
  const last = roots.at(-1);
  if (!last) throw new Error('no overlay was opened');
  return last;
}
const fields = () => [...root().querySelectorAll('input')];
const button = (text: string) =>
  [...root().querySelectorAll('button')].find((b) => b.textContent === text) as HTMLButtonElement;

function fill(input: HTMLInputElement | undefined, value: string): HTMLInputElement {
  if (!input) throw new Error('no such field');
  input.value = value;
  return input;
}

describe('the fill-in form for {{ask}} prompts', () => {
  beforeEach(() => {
    roots = captureShadowRoots();
    textarea = pageWithTextarea();
  });
  afterEach(() => {
    for (const host of overlayHosts()) host.remove();
    vi.restoreAllMocks();
  });

  it('asks one labelled field per prompt, focus on the first, Enter on the last answers', async () => {
    const answers = overlayUi.askPrompts(['Order number', 'Carrier'], ANCHOR);
    expect(overlayHosts()[0]?.shadowRoot).toBeNull();
    const [order, carrier] = fields();
    expect(root().activeElement).toBe(order);
    const labels = [...root().querySelectorAll('label')];
    expect(labels.map((l) => [l.textContent, root().getElementById(l.htmlFor)])).toEqual([
      ['Order number', order],
      ['Carrier', carrier],
    ]);

    // Enter on a field that is not the last moves on instead of answering.
    key(fill(order, 'A-1042'), 'Enter');
    expect(root().activeElement).toBe(carrier);
    const enter = key(fill(carrier, 'DHL'), 'Enter');
    expect(enter.defaultPrevented).toBe(true);

    await expect(answers).resolves.toEqual({ 'Order number': 'A-1042', Carrier: 'DHL' });
    expect(overlayHosts()).toEqual([]);
    expect(document.activeElement).toBe(textarea);
  });

  it('moves between the fields with Tab and Shift+Tab, without leaving the form', async () => {
    const answers = overlayUi.askPrompts(['First', 'Second'], ANCHOR);
    const [first, second] = fields();
    key(first as HTMLInputElement, 'Tab');
    expect(root().activeElement).toBe(second);
    key(second as HTMLInputElement, 'Tab');
    expect(root().activeElement).toBe(button('Cancel'));
    key(button('Cancel'), 'Tab');
    expect(root().activeElement).toBe(button('Insert'));
    key(button('Insert'), 'Tab');
    expect(root().activeElement).toBe(first);
    key(first as HTMLInputElement, 'Tab', { shiftKey: true });
    expect(root().activeElement).toBe(button('Insert'));
    button('Insert').click();
    await expect(answers).resolves.toEqual({ First: '', Second: '' });
  });

  it('answers null on Escape: nothing is inserted', async () => {
    const answers = overlayUi.askPrompts(['Order number'], ANCHOR);
    key(fill(fields()[0], 'A-1'), 'Escape');
    await expect(answers).resolves.toBeNull();
    expect(overlayHosts()).toEqual([]);
    expect(document.activeElement).toBe(textarea);
  });

  it('answers null on Cancel and on a click outside', async () => {
    const cancelled = overlayUi.askPrompts(['Order number'], ANCHOR);
    button('Cancel').click();
    await expect(cancelled).resolves.toBeNull();

    const dismissed = overlayUi.askPrompts(['Order number'], ANCHOR);
    textarea.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, composed: true }));
    await expect(dismissed).resolves.toBeNull();
    expect(overlayHosts()).toEqual([]);
  });

  it('asks a repeated label once, and answers at once when there is nothing to ask', async () => {
    const answers = overlayUi.askPrompts(['Name', 'Name'], ANCHOR);
    expect(fields()).toHaveLength(1);
    key(fill(fields()[0], 'Ada'), 'Enter');
    await expect(answers).resolves.toEqual({ Name: 'Ada' });

    await expect(overlayUi.askPrompts([], ANCHOR)).resolves.toEqual({});
    expect(overlayHosts()).toEqual([]);
  });

  it('shows labels as text and keeps typed keys from the page', async () => {
    const pageKeys = vi.fn();
    document.addEventListener('keydown', pageKeys);
    try {
      const answers = overlayUi.askPrompts(['<img src=x onerror=alert(1)>'], ANCHOR);
      expect(root().querySelector('img')).toBeNull();
      expect(root().querySelector('label')?.textContent).toBe('<img src=x onerror=alert(1)>');
      key(fill(fields()[0], 'x'), 'x');
      expect(pageKeys).not.toHaveBeenCalled();
      key(fields()[0] as HTMLInputElement, 'Enter');
      await expect(answers).resolves.toEqual({ '<img src=x onerror=alert(1)>': 'x' });
    } finally {
      document.removeEventListener('keydown', pageKeys);
    }
  });
});
