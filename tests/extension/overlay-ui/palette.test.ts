import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OverlayPaletteItem } from '../../../lib/overlay/protocol';
import { overlayUi } from '../../../lib/overlay/ui';
import { SEARCH_DEBOUNCE_MS } from '../../../lib/overlay/ui/palette';
import { ANCHOR, captureShadowRoots, key, overlayHosts, pageWithTextarea, type } from './helpers';

const ITEMS: OverlayPaletteItem[] = [
  { id: 'm_hello', shortcut: 'hello', title: 'Greeting', preview: 'Hello there!' },
  { id: 'm_refund', shortcut: 'refund', title: 'Refund issued', preview: 'Your refund…' },
  { id: 'm_order', shortcut: 'order', title: 'Order status', preview: 'Order ships today.' },
];

function searchOver(items: OverlayPaletteItem[]) {
  return vi.fn(async (query: string) =>
    items.filter((item) => `${item.shortcut} ${item.title}`.includes(query)),
  );
}

let roots: ShadowRoot[];
let textarea: HTMLTextAreaElement;

function root(): ShadowRoot {
  const last = roots.at(-1);
  if (!last) throw new Error('no overlay was opened');
  return last;
}
const input = () => root().querySelector('input') as HTMLInputElement;
const options = () => [...root().querySelectorAll('[role="option"]')];
const status = () => root().querySelector('[role="status"]') as HTMLElement;

function open(search = searchOver(ITEMS)) {
  const onPick = vi.fn();
  const onClose = vi.fn();
  overlayUi.openPalette({ anchor: ANCHOR, search, onPick, onClose });
  return { search, onPick, onClose };
}

/** Let the debounce run out and the search answer. */
async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
}

describe('the on-page macro palette', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    roots = captureShadowRoots();
    textarea = pageWithTextarea();
  });
  afterEach(() => {
    for (const host of overlayHosts()) host.remove();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('opens in a closed shadow root on the page, search focused, most used first', async () => {
    const { search } = open();
    const [host] = overlayHosts();
    expect(host?.parentElement).toBe(document.documentElement);
    expect(host?.shadowRoot).toBeNull();
    expect(root().mode).toBe('closed');
    // Placed by important inline styles (CSSOM, allowed under any CSP): page rules cannot move it.
    const style = (host as HTMLElement).style;
    expect(style.getPropertyValue('position')).toBe('fixed');
    expect(style.getPropertyPriority('position')).toBe('important');
    expect(style.getPropertyValue('z-index')).toBe('2147483647');
    expect([style.left, style.top]).toEqual([`${ANCHOR.left}px`, `${ANCHOR.bottom + 4}px`]);
    expect(root().activeElement).toBe(input());
    expect(status().textContent).toBe('Searching…');

    await settle();
    expect(search).toHaveBeenCalledWith('');
    expect(options().map((o) => o.textContent)).toEqual([
      ';helloGreetingHello there!',
      ';refundRefund issuedYour refund…',
      ';orderOrder statusOrder ships today.',
    ]);
    expect(input().getAttribute('role')).toBe('combobox');
    expect(input().getAttribute('aria-expanded')).toBe('true');
    expect(root().getElementById(input().getAttribute('aria-controls') ?? '')?.role).toBe(
      'listbox',
    );
    expect(input().getAttribute('aria-activedescendant')).toBe(options()[0]?.id);
    expect(status().textContent).toBe('');
  });

  it('moves with the arrows (wrapping) and Enter inserts the chosen macro', async () => {
    const { onPick, onClose } = open();
    await settle();
    key(input(), 'ArrowDown');
    key(input(), 'ArrowDown');
    expect(input().getAttribute('aria-activedescendant')).toBe(options()[2]?.id);
    expect(options()[2]?.getAttribute('aria-selected')).toBe('true');
    expect(options()[0]?.getAttribute('aria-selected')).toBe('false');
    key(input(), 'ArrowDown');
    expect(input().getAttribute('aria-activedescendant')).toBe(options()[0]?.id);
    key(input(), 'ArrowUp');
    expect(input().getAttribute('aria-activedescendant')).toBe(options()[2]?.id);

    onPick.mockImplementation(() => {
      // Called after the palette is gone and the focus is back where the agent was typing.
      expect(overlayHosts()).toEqual([]);
      expect(document.activeElement).toBe(textarea);
    });
    const enter = key(input(), 'Enter');
    expect(enter.defaultPrevented).toBe(true);
    expect(onPick).toHaveBeenCalledExactlyOnceWith('m_order');
    expect(onClose).not.toHaveBeenCalled();
  });

  it('closes on Escape: removed, focus given back, onClose called, nothing picked', async () => {
    const { onPick, onClose } = open();
    await settle();
    onClose.mockImplementation(() => expect(overlayHosts()).toEqual([]));
    key(input(), 'Escape');
    expect(onClose).toHaveBeenCalledOnce();
    expect(onPick).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(textarea);
  });

  it('searches as the agent types, lightly debounced', async () => {
    const { search, onPick } = open();
    await settle();
    type(input(), 'r');
    type(input(), 're');
    type(input(), 'ref');
    await settle();
    expect(search.mock.calls.map(([query]) => query)).toEqual(['', 'ref']);
    expect(options()).toHaveLength(1);
    key(input(), 'Enter');
    expect(onPick).toHaveBeenCalledWith('m_refund');
  });

  it('shows the answer to the latest query when an older one answers last', async () => {
    let answerSlowly: (items: OverlayPaletteItem[]) => void = () => {};
    const slow = new Promise<OverlayPaletteItem[]>((resolve) => (answerSlowly = resolve));
    const search = vi.fn((query: string) =>
      query === 'o' ? slow : Promise.resolve(ITEMS.filter((i) => i.id === 'm_hello')),
    );
    open(search);
    await settle();
    type(input(), 'o');
    await settle();
    type(input(), 'he');
    await settle();
    answerSlowly([ITEMS[2] as OverlayPaletteItem]);
    await settle();
    expect(options().map((o) => o.textContent)).toEqual([';helloGreetingHello there!']);
  });

  it('inserts the first match of what was typed when Enter comes before the answer', async () => {
    const { onPick } = open();
    await settle();
    type(input(), 'order');
    key(input(), 'Enter');
    expect(onPick).not.toHaveBeenCalled();
    await settle();
    expect(onPick).toHaveBeenCalledExactlyOnceWith('m_order');
  });

  it('does not insert from an older answer that arrives after Enter', async () => {
    let answerSlowly: (items: OverlayPaletteItem[]) => void = () => {};
    const slow = new Promise<OverlayPaletteItem[]>((resolve) => (answerSlowly = resolve));
    const search = vi.fn((query: string) => (query === 'h' ? slow : searchOver(ITEMS)(query)));
    const { onPick } = open(search);
    await settle();
    type(input(), 'h');
    await settle(); // 'h' is asked, and answers slowly
    type(input(), 'order');
    key(input(), 'Enter');
    answerSlowly([ITEMS[0] as OverlayPaletteItem]);
    await vi.advanceTimersByTimeAsync(0);
    expect(onPick).not.toHaveBeenCalled();
    await settle();
    expect(onPick).toHaveBeenCalledExactlyOnceWith('m_order');
  });

  it('renders titles and previews as text, never as HTML', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    open(searchOver([{ id: 'm_x', shortcut: 'x', title: evil, preview: `<b>${evil}</b>` }]));
    await settle();
    expect(root().querySelector('img, b')).toBeNull();
    expect(options()[0]?.textContent).toBe(`;x${evil}<b>${evil}</b>`);
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('says when nothing matches, and when nothing exists yet', async () => {
    open(searchOver([]));
    await settle();
    expect(status().textContent).toBe('No macros yet.');
    type(input(), 'zebra');
    await settle();
    expect(status().textContent).toBe('No macros match “zebra”');
    expect(options()).toEqual([]);
    expect(input().getAttribute('aria-expanded')).toBe('false');
    expect(input().hasAttribute('aria-activedescendant')).toBe(false);
  });

  it('shows an error when the search fails, and recovers on the next query', async () => {
    const search = vi
      .fn<(query: string) => Promise<OverlayPaletteItem[]>>()
      .mockRejectedValueOnce(new Error('You are not signed in.'))
      .mockResolvedValue(ITEMS);
    const { onPick } = open(search);
    await settle();
    expect(status().textContent).toBe('Could not search macros. You are not signed in.');
    expect(status().classList.contains('error')).toBe(true);
    key(input(), 'Enter');
    expect(onPick).not.toHaveBeenCalled();

    type(input(), 'h');
    await settle();
    expect(status().textContent).toBe('');
    expect(status().classList.contains('error')).toBe(false);
    expect(options()).toHaveLength(3);
  });

  it('inserts a clicked row, and closes on a click outside', async () => {
    const first = open();
    await settle();
    (options()[1] as HTMLElement).click();
    expect(first.onPick).toHaveBeenCalledWith('m_refund');

    const second = open();
    await settle();
    document.body.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, composed: true }));
    expect(overlayHosts()).toEqual([]);
    expect(second.onClose).toHaveBeenCalledOnce();
    expect(second.onPick).not.toHaveBeenCalled();
  });

  it('does not close on a click inside, and keeps the focus in the search field', async () => {
    const { onClose } = open();
    await settle();
    const press = new MouseEvent('mousedown', { bubbles: true, composed: true, cancelable: true });
    options()[0]?.dispatchEvent(press);
    expect(press.defaultPrevented).toBe(true);
    expect(onClose).not.toHaveBeenCalled();
    expect(overlayHosts()).toHaveLength(1);
  });

  it("keeps the keys typed in it from the page's own handlers", async () => {
    const pageKeys = vi.fn();
    document.addEventListener('keydown', pageKeys);
    window.addEventListener('keyup', pageKeys);
    document.addEventListener('input', pageKeys);
    try {
      open();
      await settle();
      key(input(), 'a');
      input().dispatchEvent(
        new KeyboardEvent('keyup', { key: 'a', bubbles: true, composed: true }),
      );
      type(input(), 'a');
      key(input(), 'Tab');
      expect(pageKeys).not.toHaveBeenCalled();
      expect(overlayHosts()).toHaveLength(1); // Tab keeps the palette open
    } finally {
      document.removeEventListener('keydown', pageKeys);
      window.removeEventListener('keyup', pageKeys);
      document.removeEventListener('input', pageKeys);
    }
  });

  it('opening another palette closes the first one', async () => {
    const first = open();
    open();
    expect(first.onClose).toHaveBeenCalledOnce();
    expect(overlayHosts()).toHaveLength(1);
    await settle();
  });
});
