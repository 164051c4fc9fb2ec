// Macros and queries as search sees them: normalized once, with the masks and filters that let
// scoring skip most scans.
import {
  charMask,
  firstPairHash,
  pairBloom,
  pairHashes,
  wordStartMask,
  wordStartPairs,
} from './char-filters';
import { letterPositions } from './fuzzy';
import { normalizeKey, normalizeText, normalizeWords } from './normalize';
import type { MacroSummary } from './search-types';

export interface PreparedMacro {
  /** Position in the index, for its bit in MacroBitsets (search-bitsets.ts). */
  index: number;
  /** Normalized shortcut, and the same with letters and digits only. */
  shortcut: string;
  shortcutKey: string;
  /** First char codes of shortcut and shortcutKey (NaN when empty), compared before the strings. */
  shortcutFirst: number;
  keyFirst: number;
  /** " word word …" of shortcut, title and tags: `includes(" " + term)` finds a word prefix. */
  words: string;
  /** Shortcut and title, for subsequence matching. */
  fuzzy: string;
  body: string;
  wordsMask: number;
  wordStartMask: number;
  /** Bloom filter (64 bits) of the first two characters of each word. */
  wordStartPairs: Int32Array;
  fuzzyMask: number;
  /** letterPositions of `fuzzy`: first and last position of each letter. */
  fuzzyLetters: Int16Array;
  bodyMask: number;
  bodyPairs: Int32Array;
}

export function prepareMacro(macro: MacroSummary, index = -1): PreparedMacro {
  const shortcut = normalizeText(macro.shortcut);
  const words = ` ${[macro.shortcut, macro.title, ...macro.tags].map(normalizeWords).join(' ')}`;
  // Capped so that letter positions fit an Int16Array.
  const fuzzy = `${shortcut} ${normalizeText(macro.title)}`.slice(0, 0x7fff);
  const body = normalizeText(macro.body);
  const shortcutKey = normalizeKey(macro.shortcut);
  return {
    index,
    shortcut,
    shortcutKey,
    shortcutFirst: shortcut.charCodeAt(0),
    keyFirst: shortcutKey.charCodeAt(0),
    words,
    fuzzy,
    body,
    wordsMask: charMask(words),
    wordStartMask: wordStartMask(words),
    wordStartPairs: wordStartPairs(words),
    fuzzyMask: charMask(fuzzy),
    fuzzyLetters: letterPositions(fuzzy),
    bodyMask: charMask(body),
    bodyPairs: pairBloom(body),
  };
}

export interface PreparedQuery {
  /** Normalized query with runs of white space as one space; leading space removed. */
  text: string;
  trimmed: string;
  /** Letters and digits of the whole query, for shortcuts. */
  key: string;
  /** First char codes of trimmed and key, for scoreWhole. */
  trimmedFirst: number;
  keyFirst: number;
  terms: string[];
  /** " " + term, for word-prefix lookups. */
  spacedTerms: string[];
  termMasks: number[];
  /** charMask of each term's first character. */
  firstBits: number[];
  termPairs: Int32Array[];
  /** The hash of each term's first two characters (none for one character), for wordStartPairs. */
  firstPairs: Int32Array[];
  /** The char code of a term that is one letter a–z (scored from masks alone), else -1. */
  singleLetters: number[];
  /**
   * Per term, the macros (one bit per index) whose filters may hold termPairs / firstPairs; null
   * until attachBitsets, and then scoring uses these instead of each macro's own filters.
   */
  bodySets: Int32Array[] | null;
  startSets: Int32Array[] | null;
}

export function prepareQuery(query: string, fastSingleLetters = true): PreparedQuery {
  const text = normalizeText(query).replace(/\s+/g, ' ').trimStart();
  const trimmed = text.trimEnd();
  const terms = trimmed === '' ? [] : trimmed.split(' ');
  const key = normalizeKey(trimmed);
  return {
    text,
    trimmed,
    key,
    trimmedFirst: trimmed.charCodeAt(0),
    keyFirst: key.charCodeAt(0),
    terms,
    spacedTerms: terms.map((term) => ` ${term}`),
    termMasks: terms.map(charMask),
    firstBits: terms.map((term) => charMask(term[0]!)),
    termPairs: terms.map(pairHashes),
    firstPairs: terms.map((term) => firstPairHash(term)),
    singleLetters: terms.map((term) =>
      fastSingleLetters && /^[a-z]$/.test(term) ? term.charCodeAt(0) : -1,
    ),
    bodySets: null,
    startSets: null,
  };
}
