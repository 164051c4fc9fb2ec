import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import overlayEntrypoint from '../../../entrypoints/overlay.content';
import type { OverlayUi, PaletteOptions } from '../../../lib/overlay/load-ui';
import type { OverlayAnswer, OverlayData, sendOverlay } from '../../../lib/overlay/messaging';
import { OVERLAY_HOST_TAG } from '../../../lib/overlay/host-tag';
import type { LookupOptions } from '../../../lib/overlay/lookups';
import { startOverlay, type RunningOverlay } from '../../../lib/overlay/overlay';
import { HOST_TAG } from '../../../lib/overlay/ui/host';
import type { OverlayRequest } from '../../../lib/overlay/protocol';

// The content script on a web page: `;shortcut` + Tab, fill-in prompts, the palette command,
// the on/off state. jsdom cannot make trusted events, so `isTrusted` is swapped in (except in
// the test that proves untrusted events are ignored); insertion takes jsdom's fallback path.

const MACROS: Record<string, { id: string; text: string; caret: number; prompts?: string[] }> = {
  thx: { id: 'ma1', text: 'Thanks! See you.', caret: 8 },
  ship: { id: 'ma2', text: 'Order {n} shipped.', caret: 18, prompts: ['Order number'] },
};

type Answers = { [K in OverlayRequest]?: (data: OverlayData<K>) => unknown };

/** A stand-in background: records requests, answers from MACROS (or `answers`). */
function fakeBackground(answers: Answers = {}) {
  const calls: [OverlayRequest, unknown][] = [];
  const state = { enabled: true };
  const byRef = (ref: { shortcut?: string; macroId?: string }) =>
    Object.values(MACROS).find((m) => m.id === ref.macroId) ??
    MACROS[ref.shortcut?.toLowerCase() ?? ''];
  const defaults: Answers = {
    'overlay.state': () => ({ ...state }),
    'overlay.lookup': ({ shortcut }) => ({ ok: true, found: shortcut.toLowerCase() in MACROS }),
    'overlay.expand': (req) => {
      const macro = byRef(req);
      if (!macro) return { ok: false, code: 'not_found', message: 'No such macro.' };
      if (macro.prompts && !req.answers) return { ok: true, prompts: macro.prompts };
      const text = macro.text.replace('{n}', req.answers?.['Order number'] ?? '');
      return {
        ok: true,
        prompts: macro.prompts ?? [],
        expansion: { macroId: macro.id, text, caret: Math.min(macro.caret, text.length) },
      };
    },
    'overlay.search': () => ({
      ok: true,
      items: [{ id: 'ma1', shortcut: 'thx', title: 'Thanks', preview: 'Thanks! See you.' }],
    }),
    'overlay.inserted': () => ({ ok: true }),
  };
  const send = (async (type: OverlayRequest, data?: unknown) => {
    calls.push([type, data]);
    const answer = (answers[type] ?? defaults[type]) as ((d: unknown) => unknown) | undefined;
    return (await answer?.(data)) as OverlayAnswer<OverlayRequest>;
  }) as typeof sendOverlay;
  const of = (type: OverlayRequest) => calls.filter(([t]) => t === type).map(([, d]) => d);
  return { send, calls, of, state };
}

function fakeUi(overrides: Partial<OverlayUi> = {}) {
  const palettes: PaletteOptions[] = [];
  const ui: OverlayUi = {
    openPalette: (options) => void palettes.push(options),
    askPrompts: async () => null,
    ...overrides,
  };
  return { ui, palettes, loadUi: vi.fn(async () => ui) };
}

let running: RunningOverlay | undefined;
let background: ReturnType<typeof fakeBackground>;

function start(
  options: {
    answers?: Answers;
    ui?: Partial<OverlayUi>;
    trusted?: boolean;
    lookups?: LookupOptions;
  } = {},
) {
  background = fakeBackground(options.answers);
  const ui = fakeUi(options.ui);
  running = startOverlay({
    send: background.send,
    loadUi: ui.loadUi,
    lookups: { debounceMs: 0, ...options.lookups },
    isTrusted: options.trusted === false ? undefined : () => true,
  });
  return ui;
}

function field(tag: 'textarea' | 'input' = 'textarea', attributes: Record<string, string> = {}) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  element.focus();
  return element;
}

/** The agent typed `text` (value + caret + an input event). */
function type(element: HTMLTextAreaElement | HTMLInputElement, text: string): void {
  element.value = text;
  element.setSelectionRange(text.length, text.length);
  element.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

function tab(element: Element, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', {
    key: 'Tab',
    bubbles: true,
    cancelable: true,
    composed: true,
    ...init,
  });
  element.dispatchEvent(event);
  return event;
}

/** Ask the state now (the overlay asks when a field first gets focus). */
async function ready(): Promise<void> {
  await running!.refresh();
  expect(running!.enabled()).toBe(true);
}

/** Wait until the lookup for `shortcut` was answered. */
async function lookedUp(shortcut: string): Promise<void> {
  await vi.waitFor(() => expect(background.of('overlay.lookup')).toContainEqual({ shortcut }));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

beforeEach(() => {
  fakeBrowser.reset();
});

afterEach(() => {
  running?.stop();
  running = undefined;
  document.body.innerHTML = '';
});

describe('the overlay content script', () => {
  it('does nothing when imported: main() starts it', () => {
    expect(overlayEntrypoint.matches).toEqual(['<all_urls>']);
    expect(overlayEntrypoint.allFrames).toBe(true);
    expect(overlayEntrypoint.matchAboutBlank).toBe(true);
    expect(typeof overlayEntrypoint.main).toBe('function');
  });

  it('asks the background nothing until a text field gets focus', async () => {
    start();
    const button = document.createElement('button');
    document.body.append(button);
    button.focus();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(background.calls).toEqual([]);
    field();
    await vi.waitFor(() => expect(running!.enabled()).toBe(true));
    expect(background.calls).toEqual([['overlay.state', undefined]]);
  });

  it('expands ;shortcut on Tab once the lookup said it is a macro, and counts the use', async () => {
    start();
    await ready();
    const textarea = field();
    type(textarea, 'Hello ;Thx');
    await lookedUp('thx'); // asked in lower case
    const event = tab(textarea);
    expect(event.defaultPrevented).toBe(true);
    await running!.idle();
    expect(textarea.value).toBe('Hello Thanks! See you.');
    expect(textarea.selectionStart).toBe('Hello Thanks! '.length);
    expect(background.of('overlay.expand')).toEqual([{ shortcut: 'Thx' }]);
    expect(background.of('overlay.inserted')).toEqual([{ macroId: 'ma1' }]);
  });

  describe('the expansion that comes with the lookup', () => {
    /** The background's lookup as it answers now: a found macro comes rendered. */
    const rendered: Answers = {
      'overlay.lookup': ({ shortcut }) => {
        const macro = MACROS[shortcut.toLowerCase()];
        if (!macro) return { ok: true, found: false };
        if (macro.prompts) return { ok: true, found: true, hasPrompts: true };
        const expansion = { macroId: macro.id, text: macro.text, caret: macro.caret };
        return { ok: true, found: true, hasPrompts: false, expansion };
      },
    };

    it('Tab inserts it at once, in the same task, with no second request', async () => {
      start({ answers: rendered });
      await ready();
      const textarea = field();
      type(textarea, 'Hello ;thx');
      await lookedUp('thx');
      expect(tab(textarea).defaultPrevented).toBe(true);
      expect(textarea.value).toBe('Hello Thanks! See you.'); // before any await
      expect(textarea.selectionStart).toBe('Hello Thanks! '.length);
      await running!.idle();
      expect(background.of('overlay.expand')).toEqual([]);
      expect(background.of('overlay.inserted')).toEqual([{ macroId: 'ma1' }]);
      // Inserted: it is not kept. The same token typed again is asked (and rendered) anew.
      type(textarea, 'Bye ;thx');
      await vi.waitFor(() => expect(background.of('overlay.lookup')).toHaveLength(2));
    });

    it('an old one ({{date.now}}) is not used: Tab asks the background again', async () => {
      let now = 0;
      start({
        answers: rendered,
        lookups: { now: () => now, ttlMs: 60_000, expansionTtlMs: 30_000 },
      });
      await ready();
      const textarea = field();
      type(textarea, 'Hello ;thx');
      await lookedUp('thx');
      now = 30_001;
      tab(textarea);
      await running!.idle();
      expect(textarea.value).toBe('Hello Thanks! See you.');
      expect(background.of('overlay.expand')).toEqual([{ shortcut: 'thx' }]);
    });

    it('is dropped when the field loses focus, and asked again when it gets it back', async () => {
      start({ answers: rendered });
      await ready();
      const textarea = field();
      type(textarea, 'Hello ;thx');
      await lookedUp('thx');
      const other = field('input');
      textarea.focus();
      expect(document.activeElement).toBe(textarea);
      await vi.waitFor(() => expect(background.of('overlay.lookup')).toHaveLength(2));
      await new Promise((resolve) => setTimeout(resolve, 0));
      tab(textarea);
      expect(textarea.value).toBe('Hello Thanks! See you.');
      expect(background.of('overlay.expand')).toEqual([]);
      expect(other.value).toBe('');
    });

    it('a macro with fill-in prompts still goes through the form', async () => {
      const askPrompts = vi.fn(async () => ({ 'Order number': '42' }));
      start({ answers: rendered, ui: { askPrompts } });
      await ready();
      const textarea = field();
      type(textarea, 'Hi ;ship');
      await lookedUp('ship');
      tab(textarea);
      await running!.idle();
      expect(askPrompts).toHaveBeenCalledOnce();
      expect(textarea.value).toBe('Hi Order 42 shipped.');
    });
  });

  it("ignores keys typed in the overlay's own UI (palette, fill-in form)", async () => {
    expect(OVERLAY_HOST_TAG).toBe(HOST_TAG);
    start();
    await ready();
    const host = document.createElement(OVERLAY_HOST_TAG);
    document.body.append(host);
    const input = document.createElement('input');
    host.append(input);
    input.focus();
    type(input, ';thx');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(tab(input).defaultPrevented).toBe(false);
    expect(input.value).toBe(';thx');
    expect(background.of('overlay.lookup')).toEqual([]);
  });

  it('holds a Tab pressed before the answer, then expands when it is a macro', async () => {
    start({
      answers: {
        'overlay.lookup': async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          return { ok: true, found: true };
        },
      },
    });
    await ready();
    const input = field('input');
    input.value = 'Hi ;thx';
    input.setSelectionRange(7, 7);
    expect(tab(input).defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(input.value).toBe('Hi Thanks! See you.'));
  });

  it('lets Tab through when the shortcut is known not to be a macro', async () => {
    start();
    await ready();
    const textarea = field();
    type(textarea, 'Hello ;nope');
    await lookedUp('nope');
    expect(tab(textarea).defaultPrevented).toBe(false);
    await running!.idle();
    expect(textarea.value).toBe('Hello ;nope');
    expect(background.of('overlay.expand')).toEqual([]);
  });

  it('only asks about tokens typed before the caret, and remembers the answers', async () => {
    start();
    await ready();
    const textarea = field();
    type(textarea, 'Hello there');
    type(textarea, 'a;thx');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(background.of('overlay.lookup')).toEqual([]);
    type(textarea, 'Hello ;thx');
    await lookedUp('thx');
    type(textarea, 'Hello ;thx ;THX');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(background.of('overlay.lookup')).toEqual([{ shortcut: 'thx' }]);
  });

  it.each([
    ['Shift+Tab', { shiftKey: true }],
    ['Ctrl+Tab', { ctrlKey: true }],
    ['Alt+Tab', { altKey: true }],
    ['Tab while composing (IME)', { isComposing: true }],
  ])('ignores %s', async (_name, init) => {
    start();
    await ready();
    const textarea = field();
    type(textarea, ';thx');
    await lookedUp('thx');
    expect(tab(textarea, init).defaultPrevented).toBe(false);
    expect(textarea.value).toBe(';thx');
  });

  it("ignores a page script's synthetic (untrusted) events", async () => {
    start({ trusted: false });
    await ready();
    const textarea = field();
    type(textarea, ';thx');
    expect(tab(textarea).defaultPrevented).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(background.calls.map(([t]) => t)).toEqual(['overlay.state']);
    expect(textarea.value).toBe(';thx');
  });

  it('never touches password or card fields', async () => {
    start();
    await ready();
    for (const attributes of [{ type: 'password' }, { autocomplete: 'cc-number' }] as Record<
      string,
      string
    >[]) {
      const input = field('input', attributes);
      type(input, ';thx');
      expect(tab(input).defaultPrevented).toBe(false);
      expect(input.value).toBe(';thx');
    }
    expect(background.of('overlay.lookup')).toEqual([]);
  });

  it('does nothing while the background says off, and asks again on state.changed', async () => {
    start();
    background.state.enabled = false;
    await running!.refresh();
    const textarea = field();
    type(textarea, ';thx');
    expect(tab(textarea).defaultPrevented).toBe(false);
    expect(background.of('overlay.lookup')).toEqual([]);
    background.state.enabled = true;
    await fakeBrowser.runtime.onMessage.trigger({ rapportOverlay: 1, type: 'state.changed' }, {});
    await vi.waitFor(() => expect(running!.enabled()).toBe(true));
    type(textarea, ';thx');
    await lookedUp('thx');
    expect(tab(textarea).defaultPrevented).toBe(true);
  });

  it('inserts nothing if the agent typed on before the expansion came', async () => {
    let release!: () => void;
    start({
      answers: {
        'overlay.expand': async () => {
          await new Promise<void>((resolve) => (release = resolve));
          return {
            ok: true,
            prompts: [],
            expansion: { macroId: 'ma1', text: 'Thanks!', caret: 7 },
          };
        },
      },
    });
    await ready();
    const textarea = field();
    type(textarea, 'Hi ;thx');
    await lookedUp('thx');
    tab(textarea);
    await vi.waitFor(() => expect(release).toBeDefined());
    type(textarea, 'Hi ;thx, and more');
    release();
    await running!.idle();
    expect(textarea.value).toBe('Hi ;thx, and more');
    expect(background.of('overlay.inserted')).toEqual([]);
  });

  describe('fill-in prompts', () => {
    it('cancelled: nothing inserted, ;shortcut left as typed, focus and caret back', async () => {
      const other = document.createElement('input');
      const askPrompts = vi.fn(async () => {
        other.focus(); // the form takes the focus
        return null;
      });
      start({ ui: { askPrompts } });
      await ready();
      document.body.append(other);
      const textarea = field();
      type(textarea, 'Hi ;ship, bye');
      textarea.setSelectionRange(8, 8);
      textarea.dispatchEvent(new InputEvent('input', { bubbles: true }));
      await lookedUp('ship');
      tab(textarea);
      await running!.idle();
      expect(askPrompts).toHaveBeenCalledWith(['Order number'], expect.anything());
      expect(textarea.value).toBe('Hi ;ship, bye');
      expect(document.activeElement).toBe(textarea);
      expect([textarea.selectionStart, textarea.selectionEnd]).toEqual([8, 8]);
      expect(background.of('overlay.inserted')).toEqual([]);
    });

    it('answered: expanded again with the answers, inserted where the shortcut was', async () => {
      start({ ui: { askPrompts: async () => ({ 'Order number': 'A-1042' }) } });
      await ready();
      const textarea = field();
      type(textarea, 'Hi ;ship');
      await lookedUp('ship');
      tab(textarea);
      await running!.idle();
      expect(background.of('overlay.expand')).toEqual([
        { shortcut: 'ship' },
        { shortcut: 'ship', answers: { 'Order number': 'A-1042' } },
      ]);
      expect(textarea.value).toBe('Hi Order A-1042 shipped.');
      expect(background.of('overlay.inserted')).toEqual([{ macroId: 'ma2' }]);
    });
  });

  describe('the palette (browser command)', () => {
    const openPalette = () =>
      fakeBrowser.runtime.onMessage.trigger({ rapportOverlay: 1, type: 'palette.open' }, {});

    it('opens at the caret of the focused field, searches through the background, inserts the pick', async () => {
      const { palettes } = start();
      await ready();
      const textarea = field();
      type(textarea, 'Hello  world');
      textarea.setSelectionRange(6, 6);
      await openPalette();
      await vi.waitFor(() => expect(palettes).toHaveLength(1));
      const palette = palettes[0]!;
      expect(palette.anchor).toBeDefined();
      expect(await palette.search('th')).toEqual([
        { id: 'ma1', shortcut: 'thx', title: 'Thanks', preview: 'Thanks! See you.' },
      ]);
      expect(background.of('overlay.search')).toEqual([{ query: 'th', limit: 20 }]);
      textarea.blur();
      palette.onPick('ma1');
      await vi.waitFor(() => expect(textarea.value).toBe('Hello Thanks! See you. world'));
      expect(document.activeElement).toBe(textarea);
      expect(textarea.selectionStart).toBe('Hello Thanks! '.length);
      expect(background.of('overlay.expand')).toEqual([{ macroId: 'ma1' }]);
      expect(background.of('overlay.inserted')).toEqual([{ macroId: 'ma1' }]);
    });

    it('closed: focus and caret go back; not opened without a focused field or when off', async () => {
      const { palettes } = start();
      await ready();
      await openPalette();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(palettes).toHaveLength(0);
      const password = field('input', { type: 'password' });
      password.focus();
      await openPalette();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(palettes).toHaveLength(0);

      const textarea = field();
      type(textarea, 'abc');
      textarea.setSelectionRange(1, 2);
      await openPalette();
      await vi.waitFor(() => expect(palettes).toHaveLength(1));
      textarea.blur();
      palettes[0]!.onClose();
      expect(document.activeElement).toBe(textarea);
      expect([textarea.selectionStart, textarea.selectionEnd]).toEqual([1, 2]);
      expect(textarea.value).toBe('abc');

      background.state.enabled = false;
      await running!.refresh();
      await openPalette();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(palettes).toHaveLength(1);
    });
  });
});
