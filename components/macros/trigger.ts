/** The characters that open macro suggestions when typed at the start or after whitespace. */
export const MACRO_TRIGGERS = ['/', ';'] as const;

/** Longest query after a trigger that still counts as a shortcut being typed. */
const MAX_QUERY_LENGTH = 64;

/** A trigger being typed: `text.slice(start, end)` is the trigger and the query after it. */
export interface TriggerMatch {
  start: number;
  end: number;
  query: string;
}

const isSpace = (char: string | undefined): boolean => char !== undefined && /\s/.test(char);

/**
 * The trigger the caret is in, if any: `/` or `;` at the start of the text or after whitespace,
 * followed by non-space characters up to the caret ("/ref" → query "ref").
 */
export function findTrigger(text: string, caret: number): TriggerMatch | null {
  const stop = Math.max(0, caret - MAX_QUERY_LENGTH - 1);
  for (let i = caret - 1; i >= stop; i--) {
    const char = text[i]!;
    if (isSpace(char)) return null;
    if ((char === '/' || char === ';') && (i === 0 || isSpace(text[i - 1]))) {
      return { start: i, end: caret, query: text.slice(i + 1, caret) };
    }
  }
  return null;
}
