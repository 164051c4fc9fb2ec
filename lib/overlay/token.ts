// The `;shortcut` the agent is typing, read from the text just before the caret.

/**
 * `;` at the start or after a space or punctuation, then 1–32 shortcut characters (letters in
 * any case, digits, `_`, `-`: protocol/macros.ts MACRO_SHORTCUT_PATTERN, before lower-casing)
 * ending at the caret. Group 1 is the shortcut without the `;`.
 */
const SHORTCUT_AT_END = /(?:^|[^\p{L}\p{N}\p{M}_]);([\p{L}\p{M}\p{N}_-]{1,32})$/u;

/** How much text before the caret a shortcut can need: the character before `;`, `;`, 32. */
export const TEXT_BEFORE_CARET = 34;

/** The shortcut typed right before the caret in `before` (text up to the caret), if any. */
export function shortcutAtEnd(before: string): string | null {
  return SHORTCUT_AT_END.exec(before)?.[1] ?? null;
}
