import { expandTyped, type ExpandDeps } from './expand';
import { deepActiveElement, focusedField } from './fields';
import { OVERLAY_HOST_TAG } from './host-tag';
import { ShortcutLookups, type LookupOptions } from './lookups';
import { onOverlayCommand, sendOverlay } from './messaging';
import { openPaletteHere } from './palette-glue';
import type { OverlayCommand } from './protocol';
import { focusNextTabStop } from './tab-focus';
import { typedShortcut } from './typed';

export interface OverlayOptions extends Partial<ExpandDeps> {
  loadUi: ExpandDeps['loadUi'];
  window?: Window;
  lookups?: LookupOptions;
  /**
   * Whether an event comes from the agent (`event.isTrusted`: the browser's, never a page
   * script's). Tests only: jsdom cannot create trusted events.
   */
  isTrusted?: (event: Event) => boolean;
}

/** What a running overlay exposes (tests and the entrypoint). */
export interface RunningOverlay {
  /** Resolves when the current expansion (if any) is over. */
  idle(): Promise<void>;
  /** The state as last fetched (disabled until asked and answered). */
  enabled(): boolean;
  /** Fetch the state (done when a field first gets focus, and on `state.changed`). */
  refresh(): Promise<void>;
  stop(): void;
}

function isTab(event: KeyboardEvent): boolean {
  return (
    event.key === 'Tab' &&
    !event.shiftKey &&
    !event.ctrlKey &&
    !event.altKey &&
    !event.metaKey &&
    !event.isComposing &&
    event.keyCode !== 229
  );
}

/** Typed in the overlay's own UI (palette, fill-in form): never an expansion. */
function fromOverlayUi(event: Event): boolean {
  return event.composedPath().some((node) => (node as Element).localName === OVERLAY_HOST_TAG);
}

/**
 * Macro expansion in the page's text fields and rich editors: `;shortcut` + Tab, and the palette
 * (browser command). Only trusted events (the agent's own keys) trigger anything; nothing happens
 * while the background says the overlay is off (signed out, or this site switched off).
 */
export function startOverlay(options: OverlayOptions): RunningOverlay {
  const win = options.window ?? window;
  const doc = win.document;
  const deps: ExpandDeps = {
    send: options.send ?? sendOverlay,
    loadUi: options.loadUi,
    exec: options.exec,
  };
  const trusted = options.isTrusted ?? ((event: Event) => event.isTrusted);
  let enabled = false;
  /** The state is asked when first needed (a field gets focus), not on every page and frame. */
  let state: Promise<void> | null = null;
  let busy: Promise<unknown> = Promise.resolve();
  let expanding = false;
  // The lookup of a found macro brings its expansion (lookups.ts keeps only that one).
  const lookups = new ShortcutLookups(async (shortcut) => {
    const answer = await deps.send('overlay.lookup', { shortcut });
    return answer?.ok ? answer : undefined;
  }, options.lookups);

  /** False while a state request is in flight (the first one can take a while after start). */
  let settled = false;

  function refresh(): Promise<void> {
    settled = false;
    const asked = deps.send('overlay.state').then((answer) => {
      enabled = answer?.enabled === true;
      lookups.clear();
      if (state === asked) settled = true;
    });
    state = asked;
    return asked;
  }

  /** A trusted event in a field the overlay may write into: know the state from now on. */
  function wake(event: Event): boolean {
    if (!trusted(event) || !focusedField(doc)) return false;
    if (!state) void refresh();
    return true;
  }

  function run(work: () => Promise<unknown>): void {
    expanding = true;
    busy = work()
      .catch((error: unknown) => console.warn('Rapport could not insert the macro:', error))
      .finally(() => (expanding = false));
  }

  /** After a keystroke (or focus): look the token before the caret up ahead of a Tab. */
  function onTyped(event: Event): void {
    if (fromOverlayUi(event) || !wake(event) || !enabled || expanding) return;
    if (event.type === 'keyup' && (event as KeyboardEvent).key === 'Tab') return;
    const field = focusedField(doc);
    lookups.typed(field ? (typedShortcut(field)?.shortcut ?? null) : null);
  }

  function onKeydown(event: KeyboardEvent): void {
    if (!trusted(event) || expanding || !isTab(event) || fromOverlayUi(event)) return;
    // Tab right after the first focus may come before the state answers: wait for it below.
    const waiting = !enabled && state !== null && !settled;
    if (!enabled && !waiting) return;
    const field = focusedField(doc);
    const typed = field && typedShortcut(field);
    if (!field || !typed) return;
    const { shortcut } = typed;
    const known = waiting ? 'unknown' : lookups.state(shortcut);
    if (known === 'missing') return;
    // The Tab is ours: the page (its focus handling, its editor) must not act on it.
    event.preventDefault();
    event.stopImmediatePropagation();
    // Prepared with the lookup: inserted now, in this task (run() calls it synchronously).
    const prepared = known === 'found' ? lookups.take(shortcut) : null;
    run(async () => {
      if (waiting) await state;
      if (prepared) await expandTyped(field, shortcut, deps, prepared);
      else if (!enabled) {
        if (field.element.contains(deepActiveElement(doc))) focusNextTabStop(field.element);
      } else if (known === 'found' || (await lookups.resolve(shortcut))) {
        await expandTyped(field, shortcut, deps, lookups.take(shortcut));
      } else if (field.element.contains(deepActiveElement(doc))) {
        // Not a macro after all: the Tab the agent pressed still moves the focus on.
        focusNextTabStop(field.element);
      }
    });
  }

  function onCommand(command: OverlayCommand): void {
    // A frame that never needed the state need not ask it again either.
    if (command.type === 'state.changed' && state) void refresh();
    // Every frame of the tab gets the command: only the focused one, with a field, acts.
    else if (command.type === 'palette.open' && !expanding && doc.hasFocus() && focusedField(doc)) {
      run(async () => {
        await (state ?? refresh());
        if (enabled) await openPaletteHere(doc, deps);
      });
    }
  }

  const onFocus = (event: Event): void => onTyped(event);
  /** The field lost focus: the prepared expansion goes (the agent may come back elsewhere). */
  const onBlur = (): void => lookups.drop();

  win.addEventListener('keydown', onKeydown, true);
  win.addEventListener('input', onTyped, true);
  win.addEventListener('keyup', onTyped, true);
  win.addEventListener('focusin', onFocus, true);
  win.addEventListener('focusout', onBlur, true);
  const unlisten = onOverlayCommand(onCommand);

  return {
    idle: async () => {
      await busy;
    },
    enabled: () => enabled,
    refresh,
    stop() {
      win.removeEventListener('keydown', onKeydown, true);
      win.removeEventListener('input', onTyped, true);
      win.removeEventListener('keyup', onTyped, true);
      win.removeEventListener('focusin', onFocus, true);
      win.removeEventListener('focusout', onBlur, true);
      unlisten();
      lookups.clear();
    },
  };
}
