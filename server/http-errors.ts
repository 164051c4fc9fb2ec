import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import type { ApiError } from '../protocol';
import { InvalidRequestError, PayloadTooLargeError, RequestError } from './errors';
import { validationError } from './validation';

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as FastifyError).statusCode === 'number';
}

/** Every error that reaches Fastify, as a RequestError (or null for a server fault). */
function toRequestError(error: unknown, bodyLimit: number): RequestError | null {
  if (error instanceof RequestError) return error;
  if (error instanceof ZodError) return validationError(error);
  if (!isFastifyError(error)) return null;
  const status = error.statusCode ?? 500;
  if (status === 413) return new PayloadTooLargeError(bodyLimit);
  if (status === 415) {
    return new InvalidRequestError('Send the body as JSON, with Content-Type: application/json.');
  }
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new InvalidRequestError(
      'The body is empty but Content-Type says JSON. Send a JSON body, or no Content-Type.',
    );
  }
  if (status === 400 && /JSON/i.test(error.message)) {
    return new InvalidRequestError('The body is not valid JSON. Check the request body.');
  }
  if (status >= 400 && status < 500) {
    return new RequestError('invalid_request', `The request was refused: ${error.message}`, status);
  }
  return null;
}

/** ApiError bodies for every failure, unknown routes included; server faults are logged. */
export function registerErrorHandlers(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error, request, reply) => {
    // A route may accept larger bodies than the app (the macro import does).
    const refused = toRequestError(error, request.routeOptions.bodyLimit ?? bodyLimit);
    if (refused) {
      if (refused.extra.retryAfterSeconds !== undefined) {
        reply.header('Retry-After', String(refused.extra.retryAfterSeconds));
      }
      return reply.code(refused.status).send(refused.toBody());
    }
    request.log.error({ err: error }, 'request failed');
    const body: ApiError = {
      code: 'internal',
      message:
        'Something went wrong on the server. Try again; if it keeps failing, check the server log.',
    };
    return reply.code(500).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ApiError = {
      code: 'not_found',
      message: `There is no ${request.method} ${request.url.split('?')[0]} on this server. Check the address.`,
    };
    return reply.code(404).send(body);
  });
}
