// Splits a macro body into literal text and `{{…}}` tags; see template.ts for the language.
import { MAX_MESSAGE_LENGTH } from '../version';
import { describePosition } from './positions';
import { findStringEnd, parseTag } from './tag-parser';
import type { ParseResult, TemplateError, TemplateNode } from './template-types';

export const MAX_MACRO_BODY_LENGTH = MAX_MESSAGE_LENGTH;

/** Parse a macro body. Every problem is reported, in order, not just the first. */
export function parseTemplate(body: string): ParseResult {
  const errors: TemplateError[] = [];
  const nodes: TemplateNode[] = [];
  if (body.length > MAX_MACRO_BODY_LENGTH) {
    errors.push({
      message: `Macro bodies can be at most ${MAX_MACRO_BODY_LENGTH.toLocaleString('en-US')} characters.`,
      start: MAX_MACRO_BODY_LENGTH,
      end: body.length,
    });
  }
  let text = '';
  let cursorStart = -1;
  let i = 0;
  while (i < body.length) {
    const open = body.indexOf('{{', i);
    if (open < 0) {
      text += body.slice(i);
      break;
    }
    // A run of backslashes right before `{{`: each pair is one backslash, an odd one escapes.
    let slashes = 0;
    while (open - slashes - 1 >= i && body[open - slashes - 1] === '\\') slashes++;
    text += body.slice(i, open - slashes) + '\\'.repeat(Math.floor(slashes / 2));
    if (slashes % 2 === 1) {
      text += '{{';
      i = open + 2;
      continue;
    }

    const scan = scanTag(body, open);
    if (scan.kind === 'error') {
      errors.push(scan.error);
      i = scan.resume;
      continue;
    }
    i = scan.close + 2;
    const node = parseTag(body, open + 2, scan.close);
    if (!('kind' in node)) {
      errors.push(node);
      continue;
    }
    if (node.kind === 'cursor') {
      if (cursorStart >= 0) {
        errors.push({
          message: `A macro can have only one {{cursor}}; the first is at ${describePosition(body, cursorStart)}. Remove the one at ${describePosition(body, node.start)}.`,
          start: node.start,
          end: node.end,
        });
        continue;
      }
      cursorStart = node.start;
    }
    if (text) nodes.push({ kind: 'text', text });
    text = '';
    nodes.push(node);
  }
  if (text) nodes.push({ kind: 'text', text });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, template: { source: body, nodes } };
}

type TagScan =
  { kind: 'closed'; close: number } | { kind: 'error'; error: TemplateError; resume: number };

/**
 * Find the `}}` that closes the tag opened at `open`, skipping quoted strings. A tag ends at the
 * end of its line: a line break or another `{{` before `}}` means it was never closed.
 */
function scanTag(body: string, open: number): TagScan {
  let p = open + 2;
  while (p < body.length) {
    const char = body[p];
    if (char === '"' || char === "'") {
      const stringEnd = findStringEnd(body, p);
      if (stringEnd >= 0) {
        p = stringEnd;
        continue;
      }
      const lineEnd = endOfLine(body, p);
      if (!body.slice(p, lineEnd).includes('}}')) {
        p = lineEnd; // an apostrophe in text after a `{{` that is never closed
        break;
      }
      return {
        kind: 'error',
        error: {
          message: `The quoted text at ${describePosition(body, p)} has no closing ${char}. Close it on the same line, e.g. {{customer.first_name | "there"}}.`,
          start: p,
          end: lineEnd,
        },
        resume: lineEnd,
      };
    }
    if (char === '}' && body[p + 1] === '}') return { kind: 'closed', close: p };
    if (char === '\n' || char === '\r' || (char === '{' && body[p + 1] === '{')) break;
    p++;
  }
  return {
    kind: 'error',
    error: {
      message: `"{{" at ${describePosition(body, open)} is never closed. Add "}}" after the variable name, or write \\{{ for literal braces.`,
      start: open,
      end: open + 2,
    },
    resume: p,
  };
}

function endOfLine(body: string, from: number): number {
  const match = /[\r\n]/.exec(body.slice(from));
  return match ? from + match.index : body.length;
}
