// While the agent types `;token`, ask the background whether the token is a macro, so that the
// Tab key can be decided synchronously. Only the answers (found or not) for the last few tokens
// the agent typed are kept: never a macro's body, never a list.

export type LookupState = 'found' | 'missing' | 'unknown';

export interface LookupOptions {
  /** Wait this long after the last keystroke before asking. */
  debounceMs?: number;
  /** Answers kept (most recent first out). */
  size?: number;
  /** An answer older than this is asked again (macros may have changed). */
  ttlMs?: number;
  now?: () => number;
}

/** Answers to "is this shortcut a macro?", cached for the tokens the agent typed. */
export class ShortcutLookups {
  private readonly answers = new Map<string, { found: boolean; at: number }>();
  private readonly asking = new Map<string, Promise<boolean>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private readonly debounceMs: number;
  private readonly size: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  /** `ask` answers true/false, or undefined when the background did not answer. */
  constructor(
    private readonly ask: (shortcut: string) => Promise<boolean | undefined>,
    options: LookupOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 30;
    this.size = options.size ?? 8;
    this.ttlMs = options.ttlMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** The agent's token before the caret changed (null: there is none). Asks a little later. */
  typed(shortcut: string | null): void {
    clearTimeout(this.timer);
    if (shortcut === null || this.state(shortcut) !== 'unknown') return;
    this.timer = setTimeout(() => void this.resolve(shortcut), this.debounceMs);
  }

  state(shortcut: string): LookupState {
    const answer = this.answers.get(shortcut.toLowerCase());
    if (!answer || this.now() - answer.at > this.ttlMs) return 'unknown';
    return answer.found ? 'found' : 'missing';
  }

  /** The answer for `shortcut`: known, already asked, or asked now. */
  resolve(shortcut: string): Promise<boolean> {
    const key = shortcut.toLowerCase();
    const known = this.state(key);
    if (known !== 'unknown') return Promise.resolve(known === 'found');
    const asking = this.asking.get(key);
    if (asking) return asking;
    const generation = this.generation;
    const promise = this.ask(key).then(
      (found) => this.remember(key, found, generation),
      () => this.remember(key, undefined, generation),
    );
    this.asking.set(key, promise);
    return promise;
  }

  /** Forget every answer (sign-in, sign-out, the site switch): they may no longer hold. */
  clear(): void {
    clearTimeout(this.timer);
    this.generation++;
    this.answers.clear();
    this.asking.clear();
  }

  private remember(key: string, found: boolean | undefined, generation: number): boolean {
    if (generation !== this.generation) return found === true;
    this.asking.delete(key);
    // No answer (background gone) counts as not found, so Tab is not held back every time.
    this.answers.delete(key);
    this.answers.set(key, { found: found === true, at: this.now() });
    while (this.answers.size > this.size) {
      this.answers.delete(this.answers.keys().next().value!);
    }
    return found === true;
  }
}
