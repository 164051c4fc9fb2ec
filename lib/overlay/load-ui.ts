import { browser } from 'wxt/browser';
import type { OverlayPaletteItem } from './protocol';

/** The file the build writes beside the content script (scripts/overlay-ui-build.ts). */
export const OVERLAY_UI_FILE = 'overlay-ui.js';

export interface PaletteOptions {
  /** Where the caret is, in viewport coordinates: the palette opens next to it. */
  anchor: DOMRect;
  /** The few macros matching `query` (the background answers); a rejection shows an error. */
  search: (query: string) => Promise<OverlayPaletteItem[]>;
  /** Called after the palette has been removed and focus given back. */
  onPick: (macroId: string) => void;
  /** Escape, a click outside, or another overlay opened: called after the palette is removed. */
  onClose: () => void;
}

/** The page-side UI: a macro palette and the fill-in form of `{{ask}}` prompts. */
export interface OverlayUi {
  openPalette(opts: PaletteOptions): void;
  /** Answers by label, or null when the agent cancels (Escape, Cancel, a click outside). */
  askPrompts(labels: string[], anchor: DOMRect): Promise<Record<string, string> | null>;
}

/** The UI module failed to load (the extension was updated or reloaded under the page). */
export class OverlayUiLoadError extends Error {
  constructor(cause: unknown) {
    super('The Rapport macro palette could not load. Reload the page and try again.', { cause });
    this.name = 'OverlayUiLoadError';
  }
}

let loading: Promise<OverlayUi> | undefined;

/**
 * Load the UI on first use. It is a separate ES module shipped in the extension (not part of
 * the content script bundle, which stays small); it runs in the content script's isolated world.
 * A failed load is not cached: the next call tries again.
 */
export function loadOverlayUi(): Promise<OverlayUi> {
  loading ??= importUi().catch((error: unknown) => {
    loading = undefined;
    throw new OverlayUiLoadError(error);
  });
  return loading;
}

async function importUi(): Promise<OverlayUi> {
  const url = browser.runtime.getURL('/overlay-ui.js');
  const module = (await import(/* @vite-ignore */ url)) as { overlayUi?: OverlayUi };
  if (!module.overlayUi) throw new Error(`${url} does not export overlayUi`);
  return module.overlayUi;
}
