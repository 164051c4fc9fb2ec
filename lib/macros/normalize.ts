// Case- and accent-insensitive text for search: lowercase, NFD, combining marks removed, and a
// few letters that NFD does not decompose folded by hand ("Café" → "cafe", "Straße" → "strasse").

const COMBINING_MARKS = /\p{M}+/gu;
const FOLDS: Readonly<Record<string, string>> = {
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ı: 'i',
  ς: 'σ',
};
const FOLDABLE = new RegExp(`[${Object.keys(FOLDS).join('')}]`, 'g');

export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(FOLDABLE, (letter) => FOLDS[letter] ?? letter);
}

/** Text of letters and digits only, words separated by one space: "Re-fund (EU)" → "re fund eu". */
export function normalizeWords(text: string): string {
  return normalizeText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Letters and digits only: shortcuts "pwd-reset" and "pwd reset" both become "pwdreset". */
export function normalizeKey(text: string): string {
  return normalizeText(text).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Normalized text, with the original [start, end) offsets each of its characters came from. */
export interface MappedText {
  text: string;
  starts: number[];
  ends: number[];
}

/** Like normalizeText, character by character, keeping where each character came from. */
export function normalizeWithMap(original: string): MappedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const char of original) {
    const code = char.charCodeAt(0);
    const piece =
      code < 128
        ? code >= 65 && code <= 90
          ? String.fromCharCode(code + 32)
          : char
        : normalizeText(char);
    for (let i = 0; i < piece.length; i++) {
      starts.push(offset);
      ends.push(offset + char.length);
    }
    text += piece;
    offset += char.length;
  }
  return { text, starts, ends };
}
