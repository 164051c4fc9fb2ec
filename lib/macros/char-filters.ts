// Cheap per-macro summaries that rule out most scans before they start: which characters a field
// holds (one 32-bit mask), and which character pairs a body holds (a 1,024-bit Bloom filter).

/**
 * One bit per letter a–z, one for all digits, one for other ASCII, one for everything else. A
 * term can only occur in a text whose mask holds all of the term's bits.
 */
function charBit(code: number): number {
  if (code >= 97 && code <= 122) return 1 << (code - 97);
  if (code >= 48 && code <= 57) return 1 << 26;
  return code < 128 ? 1 << 27 : 1 << 28;
}

export function charMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) mask |= charBit(text.charCodeAt(i));
  return mask;
}

/** Mask of the characters that follow a space: the first letters of words. */
export function wordStartMask(words: string): number {
  let mask = 0;
  for (let i = words.indexOf(' '); i >= 0; i = words.indexOf(' ', i + 1)) {
    if (i + 1 < words.length && words[i + 1] !== ' ') mask |= charBit(words.charCodeAt(i + 1));
  }
  return mask;
}

const BLOOM_INTS = 32;

function pairHash(first: number, second: number): number {
  return Math.imul((first << 16) ^ second, 0x9e3779b1) >>> 22; // 10 bits: 0–1023
}

/** Bloom filter of every adjacent pair of characters in a text. */
export function pairBloom(text: string): Int32Array {
  const bloom = new Int32Array(BLOOM_INTS);
  for (let i = 1; i < text.length; i++) {
    const hash = pairHash(text.charCodeAt(i - 1), text.charCodeAt(i));
    bloom[hash >>> 5]! |= 1 << (hash & 31);
  }
  return bloom;
}

/** The hashes of a term's adjacent pairs, to test against pairBloom filters. */
export function pairHashes(term: string): Int32Array {
  const hashes = new Int32Array(Math.max(0, term.length - 1));
  for (let i = 1; i < term.length; i++) {
    hashes[i - 1] = pairHash(term.charCodeAt(i - 1), term.charCodeAt(i));
  }
  return hashes;
}

/** False when the text cannot contain the term; true when it may. */
export function mayContain(bloom: Int32Array, hashes: Int32Array): boolean {
  for (let i = 0; i < hashes.length; i++) {
    const hash = hashes[i]!;
    if ((bloom[hash >>> 5]! & (1 << (hash & 31))) === 0) return false;
  }
  return true;
}

function pairBit64(first: number, second: number): number {
  return Math.imul((first << 16) ^ second, 0x9e3779b1) >>> 26; // 6 bits: 0–63
}

/** 64-bit Bloom filter of the first two characters of each space-separated word. */
export function wordStartPairs(words: string): Int32Array {
  const bloom = new Int32Array(2);
  for (let i = words.indexOf(' '); i >= 0; i = words.indexOf(' ', i + 1)) {
    if (i + 2 >= words.length || words[i + 1] === ' ' || words[i + 2] === ' ') continue;
    const hash = pairBit64(words.charCodeAt(i + 1), words.charCodeAt(i + 2));
    bloom[hash >>> 5]! |= 1 << (hash & 31);
  }
  return bloom;
}

/** The hash of a term's first two characters, as one entry for mayContain (none if shorter). */
export function firstPairHash(term: string): Int32Array {
  const hashes = new Int32Array(term.length >= 2 ? 1 : 0);
  if (term.length >= 2) hashes[0] = pairBit64(term.charCodeAt(0), term.charCodeAt(1));
  return hashes;
}
