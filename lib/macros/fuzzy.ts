// fzf v1-like subsequence matching: scan forward for the first place the term ends, then back
// from there for the tightest start. Allocation-free, and resumable: the forward end for
// `term + more` continues from the forward end for `term`.

/** Fuzzy quality of a contiguous match that does not start a word. */
export const MID_WORD_LETTER_QUALITY = 69;

function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code > 127;
}

/**
 * For each letter a–z, the first position where it occurs in `haystack`, then the last (-1 when
 * it does not occur): fuzzyEnd gives up as soon as a letter does not occur further on, and a
 * one-letter term knows its match without scanning.
 */
export function letterPositions(haystack: string): Int16Array {
  const positions = new Int16Array(52).fill(-1);
  for (let i = Math.min(haystack.length, 0x7fff) - 1; i >= 0; i--) {
    const letter = haystack.charCodeAt(i) - 97;
    if (letter < 0 || letter >= 26) continue;
    positions[letter] = i;
    if (positions[26 + letter] === -1) positions[26 + letter] = i;
  }
  return positions;
}

/**
 * Where the greedy forward match of `term` ends in `haystack`, or -1. To resume, pass the end
 * found for the term's first `matched` characters (`from`); from scratch, matched = 0, from = -1.
 * `letters` (letterPositions of the haystack) stops early when a letter does not occur further.
 */
export function fuzzyEnd(
  haystack: string,
  term: string,
  letters: Int16Array | null = null,
  matched = 0,
  from = -1,
): number {
  if (term.length === 0) return -1;
  let t = matched;
  let end = from;
  let code = term.charCodeAt(t);
  if (letters && code >= 97 && code <= 122 && letters[code - 71]! <= end) return -1;
  for (let i = from + 1; t < term.length; i++) {
    if (i >= haystack.length) return -1;
    if (haystack.charCodeAt(i) !== code) continue;
    end = i;
    if (++t === term.length) break;
    code = term.charCodeAt(t);
    if (letters && code >= 97 && code <= 122 && letters[code - 71]! <= end) return -1;
  }
  return end;
}

/** Start of the tightest match of `term` that ends at `end` (a fuzzyEnd result). */
function fuzzyStart(haystack: string, term: string, end: number): number {
  let t = term.length - 1;
  for (let i = end; i >= 0; i--) {
    if (haystack.charCodeAt(i) === term.charCodeAt(t) && --t < 0) return i;
  }
  return 0;
}

/**
 * Quality 0–99 of the match ending at `end` (a fuzzyEnd result): higher for a shorter span and
 * for a start on a word boundary.
 */
export function fuzzyQualityAt(haystack: string, term: string, end: number): number {
  const start = fuzzyStart(haystack, term, end);
  const gaps = end - start + 1 - term.length;
  const boundary = start === 0 || !isWordChar(haystack.charCodeAt(start - 1));
  return (
    MID_WORD_LETTER_QUALITY - Math.min(gaps * 4, MID_WORD_LETTER_QUALITY) + (boundary ? 30 : 0)
  );
}

/** Quality 0–99 of the term's match, or -1 when it is not a subsequence. */
export function fuzzyQuality(haystack: string, term: string): number {
  const end = fuzzyEnd(haystack, term);
  return end < 0 ? -1 : fuzzyQualityAt(haystack, term, end);
}

/** Positions in `haystack` of the term's tightest match, or null. */
export function fuzzyPositions(haystack: string, term: string): number[] | null {
  const end = fuzzyEnd(haystack, term);
  if (end < 0) return null;
  const positions: number[] = [];
  let t = 0;
  for (let i = fuzzyStart(haystack, term, end); t < term.length; i++) {
    if (haystack.charCodeAt(i) === term.charCodeAt(t)) {
      positions.push(i);
      t++;
    }
  }
  return positions;
}
