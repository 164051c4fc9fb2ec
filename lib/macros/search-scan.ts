// One pass of search over the candidates: keep every possible match (for the next keystroke) and
// find the best `limit` exactly (for this one).
//
// What one keystroke learns is reused by the next, which usually extends the query:
// - only the previous matches are candidates;
// - the scores of finished words are kept (head sums);
// - the last word resumes where its shorter self matched (tier and position), so "orde" → "order"
//   costs a character comparison rather than a scan;
// - a word's tier can only get worse as it grows, which bounds its score: a candidate whose bound
//   cannot make the top is kept unevaluated (UNVERIFIED) until it might. Likely-best candidates
//   go first so that the top fills early; a one-letter last word is scored exactly from flat
//   masks (search-tables.ts) without reading the macro, which keeps its tier tight.
import { SCORE, scoreTerm, termMatch, TIER, UNVERIFIED } from './search-score';
import type { PreparedMacro, PreparedQuery } from './search-prepare';
import type { Step, StepBuffers } from './search-step';
import {
  LETTER_SCORES,
  mayMatchLast,
  tierOfLetter,
  wholeScores,
  type SearchTables,
} from './search-tables';

/** The best score a term can still reach, by the tier it matched in so far. */
const BEST_IN_TIER = [
  0,
  SCORE.shortcutPrefix,
  SCORE.wordPrefix,
  SCORE.fuzzy + 99,
  SCORE.bodySubstring,
  0,
];

export interface ScanResult {
  step: Step;
  /** Indexes of the best macros, best first, and their scores. */
  top: number[];
  scores: number[];
}

/**
 * Score the candidates (the previous step's matches, or every macro) against the query. The
 * previous step's query must be a prefix of this one. `rank[i]` breaks ties, lower first.
 */
export function scan(
  entries: readonly PreparedMacro[],
  rank: Int32Array,
  tables: SearchTables,
  query: PreparedQuery,
  previous: Step | undefined,
  limit: number,
  buffers: StepBuffers,
): ScanResult {
  const count = entries.length;
  const termCount = query.terms.length;
  const head = termCount - 1;
  const lastLength = query.terms[head]!.length;
  const letter = query.singleLetters[head]!;
  const known = previous ? Math.min(previous.headTerms, head) : 0;
  const previousLast = previous?.terms[previous.headTerms] ?? '';
  const lastBecameHead = !!previous && known < head && query.terms[known] === previousLast;
  const lastExtends = !!previous && known === head && query.terms[head]!.startsWith(previousLast);

  const size = previous ? previous.matches.length : count;
  const next: Step = {
    query: query.text,
    terms: query.terms,
    buffers,
    headTerms: head,
    ...buffers,
  };
  const wholes = wholeScores(tables, query);
  let kept = 0;
  const keep = (
    i: number,
    headSum: number,
    tentative: number,
    last: number,
    tier: number,
    position: number,
    length: number,
  ) => {
    next.matches[kept] = i;
    next.headSums[kept] = headSum;
    next.headTentative[kept] = tentative;
    next.lastScores[kept] = last;
    next.lastTiers[kept] = tier;
    next.lastPositions[kept] = position;
    next.lastLengths[kept] = length;
    kept++;
  };

  // The best `limit` so far, best first, keyed by score then rank in one number.
  const topIndex = new Int32Array(limit);
  const topKey = new Float64Array(limit);
  let topCount = 0;
  const scale = count + 1;

  // Full evaluation of one macro, for a candidate whose unknown scores now matter.
  let verifiedHeadSum = 0;
  let verifiedLast = 0;
  const verify = (entry: PreparedMacro): number => {
    let sum = 0;
    for (let t = 0; t < head; t++) {
      const termScore = scoreTerm(entry, query, t, TIER.shortcut, -1, 0);
      if (termScore === 0) return 0;
      sum += termScore;
    }
    verifiedHeadSum = sum;
    verifiedLast = scoreTerm(entry, query, head, TIER.shortcut, -1, 0);
    return verifiedLast === 0 ? 0 : Math.floor((sum + verifiedLast) / termCount);
  };

  const visit = (s: number) => {
    const i = previous ? previous.matches[s]! : s;
    const entry = entries[i]!;
    const tieBreak = count - rank[i]!;
    const worst = topCount === limit ? topKey[limit - 1]! : -1;

    let headSum = previous && known > 0 ? previous.headSums[s]! : 0;
    let tentative = previous && known > 0 ? previous.headTentative[s]! : 0;
    let t = known;
    if (lastBecameHead) {
      const finished = previous!.lastScores[s]!;
      if (headSum < 0 || finished === 0) headSum = -1;
      else if (finished === UNVERIFIED) {
        headSum += BEST_IN_TIER[previous!.lastTiers[s]!]!;
        tentative = 1;
      } else headSum += finished;
      t++;
    }
    for (; t < head && headSum >= 0; t++) {
      const termScore = scoreTerm(entry, query, t, TIER.shortcut, -1, 0, true);
      if (termScore === 0) headSum = -1;
      else if (termScore === UNVERIFIED) {
        headSum += SCORE.bodySubstring;
        tentative = 1;
      } else headSum += termScore;
    }
    const whole = wholes[i]!;
    if (whole === 0 && headSum < 0) return;

    let tier: number = lastExtends ? previous!.lastTiers[s]! : TIER.shortcut;
    let position = lastExtends ? previous!.lastPositions[s]! : -1;
    let length = lastExtends ? previous!.lastLengths[s]! : 0;
    let last = 0;
    if (headSum >= 0) {
      const bound = Math.floor((headSum + BEST_IN_TIER[tier]!) / termCount);
      if (Math.max(whole, bound) * scale + tieBreak <= worst) {
        // Cannot make the top: keep it for later unless it cannot match at all. A one-letter
        // term is scored from the flat masks: its exact tier bounds the next keystroke tightly.
        const letterTier = letter >= 0 ? tierOfLetter(tables, i, letter) : 0;
        if (letterTier === TIER.none) {
          if (whole > 0) keep(i, headSum, tentative, 0, TIER.none, -1, 0);
        } else if (letterTier > 0) {
          keep(i, headSum, tentative, LETTER_SCORES[letterTier]!, letterTier, -1, 1);
        } else if (mayMatchLast(tables, query, head, i, entry)) {
          keep(i, headSum, tentative, UNVERIFIED, tier, position, length);
        } else if (whole > 0) keep(i, headSum, tentative, 0, TIER.none, -1, 0);
        return;
      }
      const bodyOnly = Math.floor((headSum + SCORE.bodySubstring) / termCount);
      last = scoreTerm(
        entry,
        query,
        head,
        tier,
        position,
        length,
        bodyOnly * scale + tieBreak <= worst,
      );
      tier = termMatch.tier;
      length = termMatch.position === position ? length : lastLength;
      position = termMatch.position;
    }

    let score = whole;
    let exact = true;
    if (score === 0) {
      if (last === 0) return;
      score = Math.floor(
        (headSum + (last === UNVERIFIED ? SCORE.bodySubstring : last)) / termCount,
      );
      exact = last !== UNVERIFIED && tentative === 0;
    }
    let key = score * scale + tieBreak;
    if (key > worst && !exact) {
      score = verify(entry);
      if (score === 0) return;
      key = score * scale + tieBreak;
      headSum = verifiedHeadSum;
      tentative = 0;
      last = verifiedLast;
      tier = termMatch.tier;
      position = termMatch.position;
      length = lastLength;
    }
    keep(i, headSum, tentative, last, tier, position, length);
    if (key <= worst) return;
    let at = topCount < limit ? topCount++ : limit - 1;
    while (at > 0 && topKey[at - 1]! < key) {
      topKey[at] = topKey[at - 1]!;
      topIndex[at] = topIndex[at - 1]!;
      at--;
    }
    topKey[at] = key;
    topIndex[at] = i;
  };

  if (!previous) {
    for (let s = 0; s < size; s++) visit(s);
  } else {
    // Likely-best first: candidates whose last term matched a shortcut or a word so far.
    const likelyBest = (s: number) => previous.lastTiers[s]! <= TIER.word;
    for (let s = 0; s < size; s++) if (likelyBest(s)) visit(s);
    for (let s = 0; s < size; s++) if (!likelyBest(s)) visit(s);
  }

  const top: number[] = [];
  const scores: number[] = [];
  for (let h = 0; h < topCount; h++) {
    top.push(topIndex[h]!);
    scores.push(Math.floor(topKey[h]! / scale));
  }
  const trim = <A extends Int32Array | Uint8Array>(array: A) => array.subarray(0, kept) as A;
  next.matches = trim(next.matches);
  next.headSums = trim(next.headSums);
  next.headTentative = trim(next.headTentative);
  next.lastScores = trim(next.lastScores);
  next.lastTiers = trim(next.lastTiers);
  next.lastPositions = trim(next.lastPositions);
  next.lastLengths = trim(next.lastLengths);
  return { step: next, top, scores };
}
