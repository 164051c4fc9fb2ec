import type { OverlayExpansion, OverlayLookupAnswer } from './protocol';

// While the agent types `;token`, ask the background whether the token is a macro, so that the
// Tab key can be decided synchronously. Kept in the page: the answers (found or not, with or
// without fill-in prompts) for the last few tokens the agent typed, and at most ONE rendered
// expansion: the one for the token the agent typed last, so that Tab inserts it without a round
// trip. Never a list of macros, never a body that was not asked for. That one expansion is
// dropped as soon as the token changes, the field loses focus, the answers are cleared (sign-in,
// sign-out, the site switch) or it is inserted; one older than `expansionTtlMs` is not used
// (`{{date.now}}` and the customer of the open conversation may have moved on): Tab then asks
// the background again, and typing the token again re-asks.

export type LookupState = 'found' | 'missing' | 'unknown';

export interface LookupOptions {
  /** Wait this long after the last keystroke before asking. */
  debounceMs?: number;
  /** Answers kept (most recent first out). */
  size?: number;
  /** An answer older than this is asked again (macros may have changed). */
  ttlMs?: number;
  /** The prepared expansion is used only this long after it was rendered. */
  expansionTtlMs?: number;
  now?: () => number;
}

/** What the background says about a token (a bare boolean: found or not, nothing rendered). */
export type LookupReply = OverlayLookupAnswer | boolean | undefined;

interface Answer {
  found: boolean;
  /** The background renders this macro with the answer (found, no fill-in prompts). */
  renders: boolean;
  at: number;
}

/** Answers to "is this shortcut a macro?", cached for the tokens the agent typed. */
export class ShortcutLookups {
  private readonly answers = new Map<string, Answer>();
  private readonly asking = new Map<string, Promise<boolean>>();
  /** The one expansion kept: for `latest`, rendered at `at`. */
  private ready: { key: string; expansion: OverlayExpansion; at: number } | null = null;
  /** The token the agent typed last (lower case), null when there is none. */
  private latest: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private readonly debounceMs: number;
  private readonly size: number;
  private readonly ttlMs: number;
  private readonly expansionTtlMs: number;
  private readonly now: () => number;

  /** `ask` answers the background's lookup, or undefined when the background did not answer. */
  constructor(
    private readonly ask: (shortcut: string) => Promise<LookupReply>,
    options: LookupOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 30;
    this.size = options.size ?? 8;
    this.ttlMs = options.ttlMs ?? 30_000;
    this.expansionTtlMs = options.expansionTtlMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** The agent's token before the caret changed (null: there is none). Asks a little later. */
  typed(shortcut: string | null): void {
    clearTimeout(this.timer);
    const key = shortcut === null ? null : shortcut.toLowerCase();
    this.latest = key;
    if (this.ready?.key !== key) this.ready = null;
    if (key === null) return;
    const state = this.state(key);
    if (state === 'missing') return;
    // Found: ask again only for a fresh rendering of a macro the background renders.
    if (state === 'found' && (!this.answers.get(key)!.renders || this.prepared(key))) return;
    this.timer = setTimeout(() => void this.fetch(key), this.debounceMs);
  }

  state(shortcut: string): LookupState {
    const answer = this.answers.get(shortcut.toLowerCase());
    if (!answer || this.now() - answer.at > this.ttlMs) return 'unknown';
    return answer.found ? 'found' : 'missing';
  }

  /**
   * The expansion prepared for `shortcut` (the latest token) if it is fresh, else null. It is
   * handed out once: the page keeps it no longer.
   */
  take(shortcut: string): OverlayExpansion | null {
    const key = shortcut.toLowerCase();
    const fresh = this.prepared(key) ? this.ready!.expansion : null;
    this.ready = null;
    return fresh;
  }

  /** Forget the prepared expansion (the field lost focus). */
  drop(): void {
    this.ready = null;
  }

  /** The answer for `shortcut`: known, already asked, or asked now. */
  resolve(shortcut: string): Promise<boolean> {
    const key = shortcut.toLowerCase();
    const known = this.state(key);
    if (known !== 'unknown') return Promise.resolve(known === 'found');
    // Asked for the Tab just pressed: this is the token the agent typed last.
    this.latest = key;
    return this.fetch(key);
  }

  /** Forget every answer (sign-in, sign-out, the site switch): they may no longer hold. */
  clear(): void {
    clearTimeout(this.timer);
    this.generation++;
    this.answers.clear();
    this.asking.clear();
    this.ready = null;
  }

  private prepared(key: string): boolean {
    return this.ready?.key === key && this.now() - this.ready.at <= this.expansionTtlMs;
  }

  /** Ask the background now (once at a time per token). */
  private fetch(key: string): Promise<boolean> {
    const asking = this.asking.get(key);
    if (asking) return asking;
    const generation = this.generation;
    const promise = this.ask(key).then(
      (reply) => this.remember(key, reply, generation),
      () => this.remember(key, undefined, generation),
    );
    this.asking.set(key, promise);
    return promise;
  }

  private remember(key: string, reply: LookupReply, generation: number): boolean {
    const answer = typeof reply === 'boolean' ? { found: reply } : reply;
    const found = answer?.found === true;
    if (generation !== this.generation) return found;
    this.asking.delete(key);
    // No answer (background gone) counts as not found, so Tab is not held back every time.
    const at = this.now();
    this.answers.delete(key);
    this.answers.set(key, { found, renders: found && !!answer?.expansion, at });
    while (this.answers.size > this.size) {
      this.answers.delete(this.answers.keys().next().value!);
    }
    if (found && answer?.expansion && key === this.latest) {
      this.ready = { key, expansion: answer.expansion, at };
    }
    return found;
  }
}
