// Bloom filters turned sideways: for each filter bit, the set of macros (one bit per macro) that
// have it. A query term then ANDs a few rows once, and each candidate is one bit test in a small,
// cache-friendly array instead of a lookup in its own filter.
import type { PreparedMacro, PreparedQuery } from './search-prepare';

const BODY_BITS = 1024;
const START_BITS = 64;

export interface MacroBitsets {
  /** Ints per row: one bit per macro. */
  width: number;
  /** BODY_BITS rows, of the macros whose body Bloom filter has that bit. */
  body: Int32Array;
  /** START_BITS rows, of the macros whose word-start-pair filter has that bit. */
  starts: Int32Array;
}

function transpose(filters: readonly Int32Array[], bits: number, width: number): Int32Array {
  const rows = new Int32Array(bits * width);
  for (let i = 0; i < filters.length; i++) {
    const filter = filters[i]!;
    const slot = i >>> 5;
    const bit = 1 << (i & 31);
    for (let b = 0; b < bits; b++) {
      if ((filter[b >>> 5]! & (1 << (b & 31))) !== 0) rows[b * width + slot]! |= bit;
    }
  }
  return rows;
}

export function buildBitsets(entries: readonly PreparedMacro[]): MacroBitsets {
  const width = Math.max(1, Math.ceil(entries.length / 32));
  return {
    width,
    body: transpose(
      entries.map((entry) => entry.bodyPairs),
      BODY_BITS,
      width,
    ),
    starts: transpose(
      entries.map((entry) => entry.wordStartPairs),
      START_BITS,
      width,
    ),
  };
}

/** The macros whose rows hold every one of `hashes` (all macros when there is none). */
function intersect(rows: Int32Array, width: number, hashes: Int32Array): Int32Array {
  const set = new Int32Array(width).fill(-1);
  for (let h = 0; h < hashes.length; h++) {
    const offset = hashes[h]! * width;
    for (let w = 0; w < width; w++) set[w]! &= rows[offset + w]!;
  }
  return set;
}

/** Fill the query's per-term macro sets, so that scoring tests bits instead of Bloom filters. */
export function attachBitsets(query: PreparedQuery, bitsets: MacroBitsets): void {
  const { width, body, starts } = bitsets;
  query.bodySets = query.termPairs.map((hashes) => intersect(body, width, hashes));
  query.startSets = query.firstPairs.map((hashes) => intersect(starts, width, hashes));
}
