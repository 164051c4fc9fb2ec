// The state one keystroke leaves for the next: per-candidate arrays in reusable buffers.

/** The per-candidate arrays of a step, one slot per macro, reused from step to step. */
export interface StepBuffers {
  matches: Int32Array;
  headSums: Int32Array;
  headTentative: Uint8Array;
  lastScores: Int32Array;
  lastTiers: Uint8Array;
  lastPositions: Int32Array;
  lastLengths: Int32Array;
}

export function createStepBuffers(count: number): StepBuffers {
  return {
    matches: new Int32Array(count),
    headSums: new Int32Array(count),
    headTentative: new Uint8Array(count),
    lastScores: new Int32Array(count),
    lastTiers: new Uint8Array(count),
    lastPositions: new Int32Array(count),
    lastLengths: new Int32Array(count),
  };
}

/**
 * What one query matched, kept so that a query extending it rescans only these. Its arrays are
 * views of `buffers`, to hand back for reuse when the step is forgotten.
 */
export interface Step extends StepBuffers {
  query: string;
  terms: readonly string[];
  buffers: StepBuffers;
  /** Indexes of every macro that may match `query` (a superset: some are UNVERIFIED). */
  matches: Int32Array;
  /** How many leading terms `headSums` covers: all of the query's terms but the last. */
  headTerms: number;
  /**
   * Per match, the sum of the head terms' scores, or -1 when one of them did not match. When
   * headTentative is 1 the sum is an upper bound, reached if the macro matches at all.
   */
  headSums: Int32Array;
  headTentative: Uint8Array;
  /** Per match, the last term's score: 0 (no match or not tried) or UNVERIFIED when not known. */
  lastScores: Int32Array;
  /** Per match, where a longer last term resumes: tier, position, and the term length they are for. */
  lastTiers: Uint8Array;
  lastPositions: Int32Array;
  lastLengths: Int32Array;
}
