// The hot loop of macro search: scoring one prepared macro against one prepared query, without
// allocating. Fields are prepared once, when the index is built (search-prepare.ts).
import { mayContain } from './char-filters';
import { fuzzyEnd, fuzzyQualityAt, MID_WORD_LETTER_QUALITY } from './fuzzy';
import type { PreparedMacro, PreparedQuery } from './search-prepare';

/** Score tiers, best first. A fuzzy match adds a quality of 0–99 to its tier. */
export const SCORE = {
  exactShortcut: 1000,
  shortcutPrefix: 800,
  wordPrefix: 600,
  fuzzy: 300,
  bodySubstring: 200,
} as const;

function bodyMayContain(macro: PreparedMacro, query: PreparedQuery, t: number): boolean {
  const sets = query.bodySets;
  if (sets === null) return mayContain(macro.bodyPairs, query.termPairs[t]!);
  const i = macro.index;
  return (sets[t]![i >>> 5]! & (1 << (i & 31))) !== 0;
}

function mayStartWith(macro: PreparedMacro, query: PreparedQuery, t: number): boolean {
  const sets = query.startSets;
  if (sets === null) return mayContain(macro.wordStartPairs, query.firstPairs[t]!);
  const i = macro.index;
  return (sets[t]![i >>> 5]! & (1 << (i & 31))) !== 0;
}

/** The score of the whole query as a shortcut (exact or prefix), else 0. */
export function scoreWhole(macro: PreparedMacro, query: PreparedQuery): number {
  const { trimmed, key } = query;
  if (macro.shortcutFirst === query.trimmedFirst && macro.shortcut.startsWith(trimmed)) {
    return macro.shortcut.length === trimmed.length ? SCORE.exactShortcut : SCORE.shortcutPrefix;
  }
  const { shortcutKey } = macro;
  if (key !== '' && macro.keyFirst === query.keyFirst && shortcutKey.startsWith(key)) {
    return shortcutKey.length === key.length ? SCORE.exactShortcut : SCORE.shortcutPrefix;
  }
  return 0;
}

/** How a term matched a macro, best first; a longer term can only match in the same or a later tier. */
export const TIER = { shortcut: 1, word: 2, fuzzy: 3, body: 4, none: 5 } as const;

/**
 * scoreTerm's result when asked to skip the body scan and only the body could match: the score
 * is then SCORE.bodySubstring or 0, to be found out if it ever matters.
 */
export const UNVERIFIED = -1;

/** Out-parameters of scoreTerm, reused to keep the hot loop free of allocations. */
export const termMatch = { tier: 0, position: -1 };

function matched(tier: number, position: number, score: number): number {
  termMatch.tier = tier;
  termMatch.position = position;
  return score;
}

/**
 * The score of the query's term number `t`, 0 when it does not match; its tier and position go
 * to `termMatch`. To resume from the match of a shorter term that this one extends, pass that
 * match's tier, position and the shorter term's length: tiers above it cannot match, and the
 * search in its tier continues from its position. From scratch: TIER.shortcut, -1, 0. With
 * `skipBodyScan`, a term that could only match in the body returns UNVERIFIED instead of scanning.
 */
export function scoreTerm(
  macro: PreparedMacro,
  query: PreparedQuery,
  t: number,
  fromTier: number,
  fromPosition: number,
  fromLength: number,
  skipBodyScan = false,
): number {
  const letter = query.singleLetters[t]!;
  if (letter >= 0) return scoreLetter(macro, letter);
  const term = query.terms[t]!;
  const mask = query.termMasks[t]!;
  const resume = fromPosition >= 0;
  if (fromTier <= TIER.shortcut) {
    if (macro.shortcutFirst === term.charCodeAt(0) && macro.shortcut.startsWith(term)) {
      return matched(TIER.shortcut, -1, SCORE.shortcutPrefix);
    }
  }
  if (fromTier <= TIER.word) {
    const { words } = macro;
    const spaced = query.spacedTerms[t]!;
    let at = -1;
    if (fromTier === TIER.word && resume) {
      at = words.startsWith(spaced, fromPosition)
        ? fromPosition
        : words.indexOf(spaced, fromPosition + 1);
    } else if (
      (mask & ~macro.wordsMask) === 0 &&
      (query.firstBits[t]! & macro.wordStartMask) !== 0 &&
      mayStartWith(macro, query, t)
    ) {
      at = words.indexOf(spaced);
    }
    if (at >= 0) return matched(TIER.word, at, SCORE.wordPrefix);
  }
  if (fromTier <= TIER.fuzzy) {
    let end = -1;
    if (fromTier === TIER.fuzzy && resume)
      end = fuzzyEnd(macro.fuzzy, term, macro.fuzzyLetters, fromLength, fromPosition);
    else if ((mask & ~macro.fuzzyMask) === 0) end = fuzzyEnd(macro.fuzzy, term, macro.fuzzyLetters);
    if (end >= 0)
      return matched(TIER.fuzzy, end, SCORE.fuzzy + fuzzyQualityAt(macro.fuzzy, term, end));
  }
  if (fromTier <= TIER.body) {
    const { body } = macro;
    const from = fromTier === TIER.body && resume ? fromPosition : -1;
    if (from >= 0 && body.startsWith(term, from))
      return matched(TIER.body, from, SCORE.bodySubstring);
    if ((mask & ~macro.bodyMask) === 0 && bodyMayContain(macro, query, t)) {
      if (skipBodyScan) return matched(TIER.body, from, UNVERIFIED);
      const at = body.indexOf(term, from + 1);
      if (at >= 0) return matched(TIER.body, at, SCORE.bodySubstring);
    }
  }
  return matched(TIER.none, -1, 0);
}

/**
 * A one-letter term, scored from masks alone with the same result as the general case: a letter
 * that starts a word is a word prefix first, so its fuzzy match is never on a word boundary.
 */
function scoreLetter(macro: PreparedMacro, code: number): number {
  const bit = 1 << (code - 97);
  if (macro.shortcutFirst === code) return matched(TIER.shortcut, -1, SCORE.shortcutPrefix);
  if (macro.wordStartMask & bit) return matched(TIER.word, -1, SCORE.wordPrefix);
  if (macro.fuzzyMask & bit) {
    const first = macro.fuzzyLetters[code - 97]!;
    return matched(TIER.fuzzy, first, SCORE.fuzzy + MID_WORD_LETTER_QUALITY);
  }
  if (macro.bodyMask & bit) return matched(TIER.body, -1, SCORE.bodySubstring);
  return matched(TIER.none, -1, 0);
}

/**
 * False when term `t` cannot match the macro in any tier, from masks and Bloom filters alone;
 * true when it may.
 */
export function mayMatchTerm(macro: PreparedMacro, query: PreparedQuery, t: number): boolean {
  const mask = query.termMasks[t]!;
  if ((mask & ~(macro.fuzzyMask | macro.wordsMask)) === 0) return true;
  return (mask & ~macro.bodyMask) === 0 && bodyMayContain(macro, query, t);
}

/** The macro's score for the query, 0 when it does not match: the whole query as a shortcut, else
 * the mean of the terms' scores when every term matches. */
export function scoreMacro(macro: PreparedMacro, query: PreparedQuery): number {
  const whole = scoreWhole(macro, query);
  if (whole > 0) return whole;
  let total = 0;
  for (let t = 0; t < query.terms.length; t++) {
    const score = scoreTerm(macro, query, t, TIER.shortcut, -1, 0);
    if (score === 0) return 0;
    total += score;
  }
  return Math.floor(total / query.terms.length);
}
