import { browser } from 'wxt/browser';
import type { OverlayPaletteItem, RecognizedCustomer } from './protocol';

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

export interface CustomerCardOptions {
  /** The marked text, in viewport coordinates: the card opens next to it. */
  anchor: DOMRect;
  customer: RecognizedCustomer;
  /** "Open in side panel": resolves whether the panel opened, or rejects with a message. */
  open: () => Promise<boolean>;
  /** Escape, a click outside, or another overlay opened: called after the card is removed. */
  onClose: () => void;
}

/** A shown customer card. */
export interface CustomerCard {
  /** Remove the card (idempotent; onClose is not called). */
  close(): void;
  /** Whether an event's path goes through the card (the pointer is over it). */
  contains(event: Event): boolean;
}

/** The page-side UI: a macro palette, the fill-in form of `{{ask}}` prompts, a customer card. */
export interface OverlayUi {
  openPalette(opts: PaletteOptions): void;
  /** Answers by label, or null when the agent cancels (Escape, Cancel, a click outside). */
  askPrompts(labels: string[], anchor: DOMRect): Promise<Record<string, string> | null>;
  /**
   * A recognized customer: name, last conversation and agent, "Open in side panel" (optional
   * for test doubles of the macro UI).
   */
  showCustomerCard?(opts: CustomerCardOptions): CustomerCard;
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
