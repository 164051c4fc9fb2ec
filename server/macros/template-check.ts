import { parseTemplate } from '../../protocol/template/template';
import { InvalidRequestError } from '../errors';

// Macro bodies are checked with the same template parser the extension's editor uses, so a body
// the editor refuses is refused here too (broken tags, unknown variables, two {{cursor}}s).

/** The parser's messages for a body, empty when it is a valid template. */
export function templateErrors(body: string): string[] {
  const result = parseTemplate(body);
  return result.ok ? [] : result.errors.map((e) => e.message);
}

/** Throw a 400 (field `body`) with the parser's message when the body is not a valid template. */
export function assertValidTemplate(body: string): void {
  const errors = templateErrors(body);
  if (errors.length === 0) return;
  throw new InvalidRequestError(
    `The macro body is not a valid template. ${errors[0]}`,
    errors.map((message) => ({ path: 'body', message })),
  );
}
