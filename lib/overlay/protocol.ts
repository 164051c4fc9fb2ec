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
  /**
   * Is `shortcut` (without the leading `;`) exactly a macro's shortcut? Asked while typing. When
   * it is, the answer also carries that one macro's expansion (no `{{ask}}` prompts) so that Tab
   * can insert at once (OverlayLookupAnswer).
   */
  'overlay.lookup': (req: { shortcut: string }) => OverlayResult<OverlayLookupAnswer>;
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

// Recognition of known customers on the page (issue 5). The page sends the distinct emails and
// phone numbers it found, normalized; the background answers only those that are a known
// customer's own email or phone. The page never gets the customer list.

/** At most this many candidates per `recognize.match` (the page asks again for the rest). */
export const MAX_RECOGNIZE_CANDIDATES = 500;

/** A known customer a candidate belongs to: what the card on the page shows, nothing more. */
export interface RecognizedCustomer {
  /** The candidate as sent (normalized: lower-cased email, E.164 phone). */
  identifier: string;
  customerId: string;
  name: string | null;
  /** When the customer's latest conversation was last active, and who it is assigned to. */
  lastConversationAt?: number;
  lastAgentName?: string;
}

export type RecognitionRequest = 'recognize.state' | 'recognize.match' | 'recognize.open';

// Merged into OverlayProtocol above (same envelope, same sender checks).
export interface OverlayProtocol {
  /** Is recognition on for the sender's site, and is the agent signed in? */
  'recognize.state': () => OverlayState;
  /** Which of these normalized identifiers belong to known customers. */
  'recognize.match': (req: {
    candidates: string[];
  }) => OverlayResult<{ matches: RecognizedCustomer[] }>;
  /**
   * "Open in side panel": select the customer's latest conversation in the side panel; `opened`
   * says whether the panel could be opened (the browser may refuse without a user gesture).
   */
  'recognize.open': (req: { customerId: string }) => OverlayResult<{ opened: boolean }>;
}

/**
 * The answer to `overlay.lookup`. `found` alone says whether the token is a macro; for a found
 * macro `hasPrompts` says whether it asks fill-ins, and a macro without prompts comes rendered
 * (`expansion`, with variables such as `{{date.now}}` as of the answer: the page re-asks when
 * it is old).
 */
export interface OverlayLookupAnswer {
  found: boolean;
  hasPrompts?: boolean;
  expansion?: OverlayExpansion;
}
