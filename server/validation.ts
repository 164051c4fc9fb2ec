import type { z } from 'zod';
import { InvalidRequestError, MessageTooLongError, type RequestError } from './errors';

/** Turn a failed parse into the error the client gets: message_too_long, or invalid_request. */
export function validationError(error: z.ZodError): RequestError {
  const tooLong = error.issues.find((i) => i.code === 'too_big' && i.path.at(-1) === 'text');
  if (tooLong) return new MessageTooLongError(tooLong.message);
  const issues = error.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    message: i.message,
  }));
  const first = issues[0];
  const summary = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : '';
  return new InvalidRequestError(`The request is not valid. ${summary}`.trim(), issues);
}

/** Parse with a protocol schema or throw the client-facing error. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}
