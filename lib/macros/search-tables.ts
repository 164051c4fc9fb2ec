// Per-index tables that let a scan decide most candidates without reading their prepared objects
// (which costs a cache miss each): flat character masks, and the whole-query shortcut scores found
// by binary search over the sorted shortcuts rather than by comparing every shortcut.
import { MID_WORD_LETTER_QUALITY } from './fuzzy';
import { mayMatchTerm, SCORE, TIER } from './search-score';
import type { PreparedMacro, PreparedQuery } from './search-prepare';

export interface SearchTables {
  /** fuzzyMask | wordsMask, and bodyMask, per macro. */
  titleMasks: Int32Array;
  bodyMasks: Int32Array;
  /** First char code of each shortcut (0 when empty), and the masks scoreLetter reads. */
  shortcutFirsts: Int32Array;
  wordStartMasks: Int32Array;
  fuzzyMasks: Int32Array;
  /** Macro indexes by shortcut, and by shortcut key. */
  byShortcut: Int32Array;
  byKey: Int32Array;
  shortcuts: string[];
  keys: string[];
  /** Per macro, scoreWhole for the last query given to wholeScores; reset through `touched`. */
  whole: Int32Array;
  touched: number[];
}

function sortedBy(values: readonly string[]): Int32Array {
  const order = Int32Array.from(values.keys());
  return order.sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : a - b));
}

export function buildTables(entries: readonly PreparedMacro[]): SearchTables {
  const shortcuts = entries.map((entry) => entry.shortcut);
  const keys = entries.map((entry) => entry.shortcutKey);
  return {
    titleMasks: Int32Array.from(entries, (entry) => entry.fuzzyMask | entry.wordsMask),
    bodyMasks: Int32Array.from(entries, (entry) => entry.bodyMask),
    shortcutFirsts: Int32Array.from(entries, (entry) => entry.shortcutFirst || 0),
    wordStartMasks: Int32Array.from(entries, (entry) => entry.wordStartMask),
    fuzzyMasks: Int32Array.from(entries, (entry) => entry.fuzzyMask),
    byShortcut: sortedBy(shortcuts),
    byKey: sortedBy(keys),
    shortcuts,
    keys,
    whole: new Int32Array(entries.length),
    touched: [],
  };
}

/** The first position in `order` from which `before(values[order[s]])` is false. */
function partition(
  order: Int32Array,
  values: string[],
  from: number,
  before: (v: string) => boolean,
) {
  let low = from;
  let high = order.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(values[order[middle]!]!)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Set `whole[i]` for each macro whose `values[i]` starts with `prefix`: those form one run of the
 * sorted order, found by binary search, and only the run's first values can equal the prefix.
 */
function markPrefixed(tables: SearchTables, order: Int32Array, values: string[], prefix: string) {
  const start = partition(order, values, 0, (value) => value < prefix);
  const end = partition(order, values, start, (value) => value.startsWith(prefix));
  let s = start;
  for (; s < end && values[order[s]!]!.length === prefix.length; s++) {
    tables.whole[order[s]!] = SCORE.exactShortcut;
    tables.touched.push(order[s]!);
  }
  for (; s < end; s++) {
    tables.whole[order[s]!] = SCORE.shortcutPrefix;
    tables.touched.push(order[s]!);
  }
}

/** scoreWhole of every macro for the query, as one array (valid until the next call). */
export function wholeScores(tables: SearchTables, query: PreparedQuery): Int32Array {
  for (const i of tables.touched) tables.whole[i] = 0;
  tables.touched.length = 0;
  // A shortcut match takes precedence over a key match: mark keys first, then overwrite.
  if (query.key !== '') markPrefixed(tables, tables.byKey, tables.keys, query.key);
  markPrefixed(tables, tables.byShortcut, tables.shortcuts, query.trimmed);
  return tables.whole;
}

/** mayMatchTerm, from the flat masks and the query's macro sets when it has them. */
export function mayMatchLast(
  tables: SearchTables,
  query: PreparedQuery,
  t: number,
  i: number,
  entry: PreparedMacro,
): boolean {
  const set = query.bodySets?.[t];
  if (set === undefined) return mayMatchTerm(entry, query, t);
  const mask = query.termMasks[t]!;
  return (
    (mask & ~tables.titleMasks[i]!) === 0 ||
    ((mask & ~tables.bodyMasks[i]!) === 0 && (set[i >>> 5]! & (1 << (i & 31))) !== 0)
  );
}

/** scoreLetter's score by tier (search-score.ts). */
export const LETTER_SCORES = [
  0,
  SCORE.shortcutPrefix,
  SCORE.wordPrefix,
  SCORE.fuzzy + MID_WORD_LETTER_QUALITY,
  SCORE.bodySubstring,
  0,
];

/** The tier in which scoreLetter matches the letter `code` (a–z) for macro `i`. */
export function tierOfLetter(tables: SearchTables, i: number, code: number): number {
  const bit = 1 << (code - 97);
  if (tables.shortcutFirsts[i] === code) return TIER.shortcut;
  if ((tables.wordStartMasks[i]! & bit) !== 0) return TIER.word;
  if ((tables.fuzzyMasks[i]! & bit) !== 0) return TIER.fuzzy;
  return (tables.bodyMasks[i]! & bit) !== 0 ? TIER.body : TIER.none;
}
