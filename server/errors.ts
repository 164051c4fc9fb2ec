import type { ApiError, ErrorCode, MacroImportError, MacroImportRowError } from '../protocol';

type Issue = NonNullable<ApiError['issues']>[number];

/**
 * A request the server refuses, as data: REST turns it into an ApiError body with `status`,
 * WebSocket handlers into an `error` frame. The message tells a person what to do.
 */
export class RequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly extra: { issues?: Issue[]; retryAfterSeconds?: number; reason?: string } = {},
  ) {
    super(message);
    this.name = 'RequestError';
  }

  toBody(): ApiError {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

export class InvalidRequestError extends RequestError {
  constructor(message: string, issues?: Issue[]) {
    super('invalid_request', message, 400, issues ? { issues } : {});
    this.name = 'InvalidRequestError';
  }
}

/** Routing refused a write (R5, R6); `reason` is the routing refusal code, as data. */
export class RoutingRefusedError extends RequestError {
  constructor(reason: string, message: string, status = 409) {
    super('routing_refused', message, status, { reason });
    this.name = 'RoutingRefusedError';
  }
}

export class MessageTooLongError extends RequestError {
  constructor(message: string) {
    super('message_too_long', message, 400);
    this.name = 'MessageTooLongError';
  }
}

export class UnauthorizedError extends RequestError {
  constructor(message = 'Your session has ended or is not valid. Sign in again.') {
    super('unauthorized', message, 401);
    this.name = 'UnauthorizedError';
  }
}

export class InvalidCredentialsError extends RequestError {
  constructor() {
    super('invalid_credentials', 'Wrong email or password. Check both and try again.', 401);
    this.name = 'InvalidCredentialsError';
  }
}

export class RateLimitedError extends RequestError {
  constructor(retryAfterSeconds: number, what = 'Too many failed sign-in attempts.') {
    super('rate_limited', `${what} Wait ${retryAfterSeconds} seconds and try again.`, 429, {
      retryAfterSeconds,
    });
    this.name = 'RateLimitedError';
  }
}

export class NotFoundError extends RequestError {
  constructor(what: string) {
    super('not_found', `${what} was not found. Check the id, or reload the list.`, 404);
    this.name = 'NotFoundError';
  }
}

export class ConversationClosedError extends RequestError {
  constructor() {
    super(
      'conversation_closed',
      'This conversation is closed, so the message was not sent. Reopen it or start a new one.',
      409,
    );
    this.name = 'ConversationClosedError';
  }
}

export class ClientIdTakenError extends RequestError {
  constructor() {
    super(
      'invalid_request',
      'This clientId already belongs to another message. Generate a new id for each message.',
      409,
    );
    this.name = 'ClientIdTakenError';
  }
}

export class PayloadTooLargeError extends RequestError {
  constructor(limitBytes: number) {
    super(
      'frame_too_large',
      `The request is larger than ${Math.round(limitBytes / 1024)} KiB. Send less data at once.`,
      413,
    );
    this.name = 'PayloadTooLargeError';
  }
}

export class CursorInvalidError extends RequestError {
  constructor(since: number, headSeq: number) {
    super(
      'cursor_invalid',
      `The sync cursor ${since} is ahead of this workspace (latest change ${headSeq}). ` +
        'Drop the local cache and pull again from 0.',
      409,
    );
    this.name = 'CursorInvalidError';
  }
}

export class ForbiddenError extends RequestError {
  constructor(message: string) {
    super('forbidden', message, 403);
    this.name = 'ForbiddenError';
  }
}

/** The write collides with something stored; the message names it and says what to change. */
export class ConflictError extends RequestError {
  constructor(message: string) {
    super('conflict', message, 409);
    this.name = 'ConflictError';
  }
}

/** An import refused as a whole: nothing was saved; `rowErrors` says what to fix in which row. */
export class ImportRejectedError extends RequestError {
  constructor(readonly rowErrors: MacroImportRowError[]) {
    const rows = new Set(rowErrors.map((e) => e.row)).size;
    super(
      'invalid_request',
      `Nothing was imported: ${rows} ${rows === 1 ? 'row has' : 'rows have'} errors. ` +
        'Fix them (see rowErrors) and import the whole file again.',
      400,
    );
    this.name = 'ImportRejectedError';
  }

  override toBody(): MacroImportError {
    return { ...super.toBody(), rowErrors: this.rowErrors };
  }
}
