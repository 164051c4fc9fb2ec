// Which characters of a hit's shortcut and title to highlight. Runs only for the hits returned.
import { normalizeWithMap } from './normalize';
import { fuzzyPositions } from './fuzzy';
import type { MacroMatch, MacroSummary, MatchRange } from './search-types';

export function highlightMatches(macro: MacroSummary, terms: readonly string[]): MacroMatch[] {
  const matches: MacroMatch[] = [];
  for (const field of ['shortcut', 'title'] as const) {
    const ranges = highlightField(macro[field], terms);
    if (ranges.length > 0) matches.push({ field, ranges });
  }
  return matches;
}

/** Ranges of `original` matched by the terms: a substring when there is one, else a subsequence. */
export function highlightField(original: string, terms: readonly string[]): MatchRange[] {
  const { text, starts, ends } = normalizeWithMap(original);
  const marked = new Uint8Array(text.length);
  for (const term of terms) {
    const at = substringAtWordStart(text, term);
    if (at >= 0) {
      marked.fill(1, at, at + term.length);
      continue;
    }
    for (const position of fuzzyPositions(text, term) ?? []) marked[position] = 1;
  }
  const ranges: MatchRange[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!marked[i]) continue;
    const start = starts[i]!;
    while (i + 1 < text.length && marked[i + 1]) i++;
    const end = ends[i]!;
    const last = ranges[ranges.length - 1];
    if (last && last[1] >= start) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }
  return ranges;
}

/** First occurrence of `term` at the start of a word, else anywhere, else -1. */
function substringAtWordStart(text: string, term: string): number {
  let first = -1;
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    if (at === 0 || !/[\p{L}\p{N}]/u.test(text[at - 1]!)) return at;
    if (first < 0) first = at;
  }
  return first;
}
