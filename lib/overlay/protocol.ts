/**
 * What the overlay content script (on web pages) may ask of the background, and what the
 * background may tell it. Deliberately small: the page side never holds a macro list, only the
 * answer to the one question it asked (is this exact shortcut a macro? what does it expand to?
 * which few macros match this palette query?).
 *
 * This file must stay free of runtime imports heavier than `wxt/browser`: the overlay bundle is
 * budgeted at 12 KB gzip.
 */

/** Why the overlay does nothing on this page (shown nowhere on the page; the popup explains). */
export type OverlayOffReason = 'signed_out' | 'site_off';

export interface OverlayState {
  /** True when the agent is signed in and macros are on for this site. */
  enabled: boolean;
  reason?: OverlayOffReason;
}

/** One palette row: enough to choose, not the whole macro list. */
export interface OverlayPaletteItem {
  id: string;
  shortcut: string;
  title: string;
  /** The first ~80 characters of the body, as plain text. */
  preview: string;
}

/** A macro rendered for insertion: the text, and where the caret lands inside it. */
export interface OverlayExpansion {
  macroId: string;
  text: string;
  /** Offset of the caret in `text` ({{cursor}}), or text.length when the body has none. */
  caret: number;
}

export type OverlayFailureCode =
  'not_signed_in' | 'site_off' | 'not_found' | 'network' | 'internal';
export interface OverlayFailure {
  ok: false;
  code: OverlayFailureCode;
  message: string;
}
export type OverlayResult<T> = ({ ok: true } & T) | OverlayFailure;

/**
 * Requests from the content script to the background. Every request carries no origin: the
 * background takes the page's origin from the message sender (which the page cannot forge).
 */
export interface OverlayProtocol {
  /** Is the overlay on for the sender's site, and is the agent signed in? */
  'overlay.state': () => OverlayState;
  /** Is `shortcut` (without the leading `;`) exactly a macro's shortcut? Asked while typing. */
  'overlay.lookup': (req: { shortcut: string }) => OverlayResult<{ found: boolean }>;
  /**
   * Render one macro for this page. Without `answers`, a body with `{{ask}}` prompts answers
   * `{ ok: true, prompts: [...] }` and no expansion; the page asks the agent, then calls again.
   */
  'overlay.expand': (req: {
    shortcut?: string;
    macroId?: string;
    answers?: Record<string, string>;
  }) => OverlayResult<{ prompts: string[]; expansion?: OverlayExpansion }>;
  /** Palette search: the top `limit` (≤ 20) matches for `query`. */
  'overlay.search': (req: {
    query: string;
    limit: number;
  }) => OverlayResult<{ items: OverlayPaletteItem[] }>;
  /** The expansion was inserted into the page: count one use (syncs like a panel insertion). */
  'overlay.inserted': (req: { macroId: string }) => OverlayResult<object>;
}

export type OverlayRequest = keyof OverlayProtocol;

/** Messages from the background to a tab's content scripts (`tabs.sendMessage`). */
export type OverlayCommand =
  /** The browser command (default Ctrl+Shift+Space): open the palette at the caret. */
  | { rapportOverlay: 1; type: 'palette.open' }
  /** Sign-in, sign-out or the site switch changed: ask `overlay.state` again. */
  | { rapportOverlay: 1; type: 'state.changed' };
