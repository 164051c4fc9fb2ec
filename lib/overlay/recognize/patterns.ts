// Which strings in a page's text may be a customer's email or phone number, and the one
// normalized form both sides compare: lower-cased trimmed email, E.164 phone (`+` and digits).
// Shared by the content script (it normalizes what it found) and the background (it normalizes
// the cached customers' own `email` and `phone` fields). Tiny and dependency-free: it is in the
// overlay bundle.
//
// Phones: only numbers written with their country code (`+44 20 7946 0958`, `0044 …`) become
// E.164. A national number (`020 7946 0958`) needs a default region, and Rapport has no
// workspace or agent region setting yet: such numbers are neither indexed nor matched.

/** An email address in running text (no quotes, no IP literals: what people write). */
export const EMAIL_SOURCE = String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}`;

/**
 * A phone number written with its country code: `+` or `00`, then digits, single spaces, dots,
 * dashes and parenthesized groups (`+44 (0)20 7946-0958`, `+1 (415) 555.0100`), not glued to a
 * word. No line breaks:
 * the scanner joins text nodes with `\n`, so a number never spans two nodes.
 */
export const PHONE_SOURCE = String.raw`(?<![\w+])(?:\+|00)[1-9](?:[ .\-]?(?:\(\d{1,4}\)|\d)){5,17}(?![\w@])`;

export const emailPattern = (): RegExp => new RegExp(EMAIL_SOURCE, 'g');
export const phonePattern = (): RegExp => new RegExp(PHONE_SOURCE, 'g');

const MAX_EMAIL = 254;

/** `  Ann@Example.COM ` → `ann@example.com`; null when it is no plausible address. */
export function normalizeEmail(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const email = raw.trim().toLowerCase();
  const at = email.indexOf('@');
  if (at < 1 || at !== email.lastIndexOf('@') || email.length > MAX_EMAIL) return null;
  return email.indexOf('.', at) > at + 1 ? email : null;
}

/**
 * `+44 (0)20 7946-0958` → `+442079460958`, `0049 30 1234567` → `+49301234567`. Spaces, dashes,
 * dots and parentheses go; a `(0)` trunk prefix after the country code goes; `00` becomes `+`.
 * Null without a country code (see above) or outside E.164's 8–15 digits.
 */
export function normalizePhone(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  let phone = raw.trim().replace(/\(0\)/g, '');
  if (/[^\d\s().+-]/.test(phone)) return null;
  phone = phone.replace(/[\s().-]/g, '');
  if (phone.startsWith('00')) phone = `+${phone.slice(2)}`;
  return /^\+[1-9]\d{7,14}$/.test(phone) ? phone : null;
}

/** Characters of an address's local part (as in EMAIL_SOURCE), by char code. */
const LOCAL = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-') {
  LOCAL[c.charCodeAt(0)] = 1;
}
const DOMAIN = new RegExp(EMAIL_SOURCE.slice(EMAIL_SOURCE.indexOf('@') + 1), 'y');

/**
 * The matches of EMAIL_SOURCE, found from each `@` (a fast `indexOf`) instead of trying the
 * pattern at every position of the text: the local part is the run of local characters before
 * the `@` (not before the previous match's end), the domain the same sticky pattern.
 */
function forEachEmail(text: string, found: (match: string, index: number) => void): void {
  let end = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > end && LOCAL[text.charCodeAt(start - 1)] === 1) start--;
    if (start === at) continue;
    DOMAIN.lastIndex = at + 1;
    if (!DOMAIN.test(text)) continue;
    end = DOMAIN.lastIndex;
    found(text.slice(start, end), start);
  }
}

const PHONE = phonePattern();

/** Call `found` for every email and phone number in `text`, normalized (emails first). */
export function forEachIdentifier(
  text: string,
  found: (identifier: string, index: number, length: number) => void,
): void {
  forEachEmail(text, (match, index) => {
    const identifier = normalizeEmail(match);
    if (identifier) found(identifier, index, match.length);
  });
  PHONE.lastIndex = 0;
  for (let m = PHONE.exec(text); m; m = PHONE.exec(text)) {
    const identifier = normalizePhone(m[0]);
    if (identifier) found(identifier, m.index, m[0].length);
  }
}
