// The inside of one `{{…}}` tag: a variable with an optional fallback, `cursor`, or `ask "Label"`.
import { didYouMean } from './did-you-mean';
import { describePosition } from './positions';
import type { TemplateError, TemplateNode } from './template-types';
import { isKnownVariable, isVariableRoot, KNOWN_VARIABLES, VARIABLE_FIELDS } from './variables';

export type TagNode = Exclude<TemplateNode, { kind: 'text' }>;

const FUNCTIONS = ['ask'];
const SUGGESTIONS: readonly string[] = [...KNOWN_VARIABLES, 'cursor'];

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t';
}

function isQuote(char: string | undefined): char is '"' | "'" {
  return char === '"' || char === "'";
}

/**
 * Offset just past the quote that closes the string opening at `start`, or -1 when the line ends
 * first. A backslash inside the string escapes the next character.
 */
export function findStringEnd(body: string, start: number): number {
  const quote = body[start];
  for (let i = start + 1; i < body.length; i++) {
    const char = body[i];
    if (char === '\\') i++;
    else if (char === quote) return i + 1;
    else if (char === '\n' || char === '\r') return -1;
  }
  return -1;
}

function unquote(raw: string): string {
  return raw.slice(1, -1).replace(/\\(.)/g, '$1');
}

/**
 * Parse the tag whose content is body[start, end) (between `{{` and `}}`). Returns its node or the
 * first problem found in it.
 */
export function parseTag(body: string, start: number, end: number): TagNode | TemplateError {
  const tagStart = start - 2;
  const tagEnd = end + 2;
  const at = (offset: number) => describePosition(body, offset);
  const fail = (message: string, from: number, to: number): TemplateError => ({
    message,
    start: from,
    end: to,
  });
  const skipSpaces = (offset: number) => {
    while (offset < end && isSpace(body[offset])) offset++;
    return offset;
  };

  const nameStart = skipSpaces(start);
  if (nameStart === end) {
    return fail(
      `Empty "{{}}" at ${at(tagStart)}. Put a variable inside, e.g. {{customer.first_name}}, or remove the braces.`,
      tagStart,
      tagEnd,
    );
  }
  let nameEnd = nameStart;
  while (nameEnd < end && !isSpace(body[nameEnd]) && body[nameEnd] !== '|') {
    if (isQuote(body[nameEnd])) break;
    nameEnd++;
  }
  const name = body.slice(nameStart, nameEnd);
  if (name === '') {
    return fail(
      `Expected a variable name after "{{" at ${at(nameStart)}, e.g. {{customer.first_name}}.`,
      nameStart,
      end,
    );
  }
  const rest = skipSpaces(nameEnd);

  if (name === 'cursor') {
    if (rest === end) return { kind: 'cursor', start: tagStart, end: tagEnd };
    return fail(
      `{{cursor}} at ${at(tagStart)} takes nothing else: write it alone as {{cursor}}.`,
      rest,
      end,
    );
  }

  if (name === 'ask') {
    const stringEnd = isQuote(body[rest]) ? findStringEnd(body, rest) : -1;
    if (stringEnd < 0 || stringEnd > end) {
      return fail(
        `The fill-in prompt at ${at(tagStart)} needs a quoted label, e.g. {{ask "Order number"}}.`,
        tagStart,
        tagEnd,
      );
    }
    const label = unquote(body.slice(rest, stringEnd)).trim();
    if (label === '') {
      return fail(
        `The fill-in prompt at ${at(tagStart)} has an empty label. Say what to ask, e.g. {{ask "Order number"}}.`,
        rest,
        stringEnd,
      );
    }
    const after = skipSpaces(stringEnd);
    if (after !== end) return unexpected(body, after, end, at);
    return { kind: 'prompt', label, start: tagStart, end: tagEnd };
  }

  if (rest < end && body[rest] !== '|' && !name.includes('.')) {
    const suggestion = didYouMean(name, FUNCTIONS);
    return fail(
      `Unknown function "${name}" at ${at(nameStart)}.` +
        (suggestion
          ? ` Did you mean "${suggestion}"?`
          : ' The only function is ask, e.g. {{ask "Order number"}}.'),
      nameStart,
      nameEnd,
    );
  }

  if (!isKnownVariable(name)) {
    return fail(unknownVariableMessage(name, at(nameStart)), nameStart, nameEnd);
  }

  if (rest === end)
    return { kind: 'variable', path: name, fallback: null, start: tagStart, end: tagEnd };
  if (body[rest] !== '|') return unexpected(body, rest, end, at);
  const fallbackStart = skipSpaces(rest + 1);
  const stringEnd = isQuote(body[fallbackStart]) ? findStringEnd(body, fallbackStart) : -1;
  if (stringEnd < 0 || stringEnd > end) {
    return fail(
      `The fallback for "${name}" at ${at(fallbackStart)} must be quoted text, e.g. {{${name} | "there"}}.`,
      fallbackStart < end ? fallbackStart : rest,
      end,
    );
  }
  const after = skipSpaces(stringEnd);
  if (after !== end) return unexpected(body, after, end, at);
  const fallback = unquote(body.slice(fallbackStart, stringEnd));
  return { kind: 'variable', path: name, fallback, start: tagStart, end: tagEnd };
}

function unknownVariableMessage(name: string, position: string): string {
  if (isVariableRoot(name)) {
    const fields = VARIABLE_FIELDS[name];
    return `"${name}" at ${position} needs a field, e.g. "${name}.${fields[0]}". Its fields are ${fields.join(', ')}.`;
  }
  const suggestion = didYouMean(name, SUGGESTIONS);
  return (
    `Unknown variable "${name}" at ${position}.` +
    (suggestion
      ? ` Did you mean "${suggestion}"?`
      : ` Known variables are ${KNOWN_VARIABLES.join(', ')}.`)
  );
}

function unexpected(
  body: string,
  from: number,
  to: number,
  at: (offset: number) => string,
): TemplateError {
  return {
    message: `Unexpected "${body.slice(from, to).trim()}" at ${at(from)}. A fallback is written | "text", right after the variable.`,
    start: from,
    end: to,
  };
}
