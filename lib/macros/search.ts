// Fuzzy search over macros for the composer's suggestions and the palette.
//
// Ranking, best first: exact shortcut > shortcut prefix > word prefix in title or tags (or
// shortcut) > subsequence in shortcut or title (fzf-like, tighter is better) > substring in body.
// Each word of a query must match; the score is the mean of the words' scores. Ties go to the most
// used macro, then to the shortcut in alphabetical order. Matching ignores case and accents.
//
// Speed: fields are normalized once, with character masks and Bloom filters that rule out most
// scans (search-prepare.ts). While the agent types, each query usually extends the previous one,
// and a macro that does not match a query cannot match an extension of it: only the previous
// query's matches are rescanned, resuming where they matched, and those that cannot make the top
// are not fully evaluated (search-scan.ts). A stack of recent queries makes backspace cheap too.
import { attachBitsets, buildBitsets } from './search-bitsets';
import { highlightMatches } from './search-highlight';
import { buildTables } from './search-tables';
import { scan } from './search-scan';
import { createStepBuffers, type Step, type StepBuffers } from './search-step';
import { prepareMacro, prepareQuery, type PreparedMacro } from './search-prepare';
import type { MacroHit, MacroIndex, MacroMatch, MacroSummary } from './search-types';
import { normalizeText } from './normalize';

export type { MacroHit, MacroIndex, MacroMatch, MacroSummary, MatchRange } from './search-types';

const DEFAULT_LIMIT = 20;
/** Steps kept for backspace; each holds ~22 bytes per macro. */
const MAX_REMEMBERED_QUERIES = 16;

/** A result whose highlight ranges are computed when first read: only rows shown pay for them. */
class Hit<M extends MacroSummary> implements MacroHit<M> {
  #matches: MacroMatch[] | undefined;
  constructor(
    readonly macro: M,
    readonly score: number,
    private readonly terms: readonly string[],
  ) {}

  get matches(): MacroMatch[] {
    this.#matches ??= highlightMatches(this.macro, this.terms);
    return this.#matches;
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function createMacroIndex<M extends MacroSummary>(macros: readonly M[]): MacroIndex<M> {
  const count = macros.length;
  const entries: PreparedMacro[] = macros.map(prepareMacro);
  const bitsets = buildBitsets(entries);
  const tables = buildTables(entries);
  const titles = macros.map((macro) => normalizeText(macro.title));

  // Tie-break rank: most used first, then shortcut. Lower rank wins.
  const byUsageThenShortcut = macros.map((_, i) => i);
  byUsageThenShortcut.sort(
    (a, b) =>
      macros[b]!.usageCount - macros[a]!.usageCount ||
      compareStrings(entries[a]!.shortcut, entries[b]!.shortcut) ||
      compareStrings(macros[a]!.id, macros[b]!.id),
  );
  const rank = new Int32Array(count);
  byUsageThenShortcut.forEach((index, position) => (rank[index] = position));

  // Empty query: most used first, then title.
  const mostUsed = macros.map((_, i) => i);
  mostUsed.sort(
    (a, b) =>
      macros[b]!.usageCount - macros[a]!.usageCount ||
      compareStrings(titles[a]!, titles[b]!) ||
      rank[a]! - rank[b]!,
  );

  const steps: Step[] = [];
  const pool: StepBuffers[] = [];

  function search(query: string, requestedLimit = DEFAULT_LIMIT): MacroHit<M>[] {
    const limit = Math.min(Math.floor(requestedLimit) || 0, count);
    const prepared = prepareQuery(query);
    if (prepared.terms.length === 0 || limit <= 0) {
      return mostUsed.slice(0, Math.max(0, limit)).map((i) => ({ macro: macros[i]!, score: 0 }));
    }
    while (steps.length > 0 && !prepared.text.startsWith(steps[steps.length - 1]!.query)) {
      pool.push(steps.pop()!.buffers);
    }
    attachBitsets(prepared, bitsets);
    const previous = steps[steps.length - 1];
    const buffers = pool.pop() ?? createStepBuffers(count);
    const { step, top, scores } = scan(entries, rank, tables, prepared, previous, limit, buffers);
    // A query of only punctuation has no shortcut key, so its matches bound nothing: skip it.
    if (previous?.query !== prepared.text && prepared.key !== '') {
      if (steps.length === MAX_REMEMBERED_QUERIES) pool.push(steps.shift()!.buffers);
      steps.push(step);
    } else pool.push(buffers);
    return top.map((i, h) => new Hit(macros[i]!, scores[h]!, prepared.terms));
  }

  function pinned(): M[] {
    return macros
      .filter((macro) => macro.pinned !== null && macro.pinned !== undefined)
      .sort((a, b) => a.pinned! - b.pinned!);
  }

  return { search, pinned, size: count };
}
