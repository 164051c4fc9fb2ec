import type { FastifyBaseLogger } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import type { z } from 'zod';
import {
  FATAL_CLOSE_CODE,
  IdSchema,
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  type AgentServerFrame,
  type FatalReason,
  type FrameOf,
} from '../../protocol';
import { RequestError } from '../errors';
import { validationError } from '../validation';
import type { SocketTracker } from './socket-tracker';

export type ErrorFrame = FrameOf<AgentServerFrame, 'error'>;

/** What a socket does after a successful hello. */
export interface FrameSession<C> {
  handle(frame: C): Promise<void>;
  dispose(): void;
}

export interface ServeSocketOptions<C extends { type: string }, S extends { type: string }> {
  socket: WebSocket;
  tracker: SocketTracker;
  helloTimeoutMs: number;
  schema: z.ZodType<C>;
  log: FastifyBaseLogger;
  /** Check the hello; answer with `welcome` through `send` and return the session, or refuse. */
  hello(
    frame: Extract<C, { type: 'hello' }>,
    send: (frame: S) => void,
    /** Close the socket for good later (e.g. the session was signed out). */
    fatal: (reason: FatalReason) => void,
  ): Promise<FrameSession<C> | FatalReason>;
}

const FATAL_MESSAGES: Record<FatalReason, string> = {
  protocol_version: 'This Rapport extension is too old for the server; update it.',
  unauthorized:
    'The token in hello is not valid or has expired. Sign in again (agents) or start a new visitor session (widget).',
  hello_timeout: 'No hello frame arrived in time. Reconnect and send hello first.',
};

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

function clientIdOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('clientId' in value)) return undefined;
  const parsed = IdSchema.safeParse(value.clientId);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The frame loop both sockets share: hello within a deadline, size and schema checks, one frame at
 * a time in arrival order, rejected frames answered with an `error` frame on a socket that stays open.
 */
export function serveSocket<C extends { type: string }, S extends { type: string }>(
  options: ServeSocketOptions<C, S>,
): void {
  const { socket, tracker, log } = options;
  let session: FrameSession<C> | null = null;
  let helloSeen = false;
  let queue: Promise<void> = Promise.resolve();

  const send = (frame: S | ErrorFrame): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const sendError = (
    code: ErrorFrame['code'],
    message: string,
    clientId?: string,
    reason?: string,
  ): void =>
    send({
      type: 'error',
      code,
      message,
      ...(clientId ? { clientId } : {}),
      ...(reason ? { reason } : {}),
    });
  const fatal = (reason: FatalReason): void => {
    sendError(reason === 'hello_timeout' ? 'invalid_request' : reason, FATAL_MESSAGES[reason]);
    socket.close(FATAL_CLOSE_CODE, reason);
  };

  const timer = setTimeout(() => {
    if (!helloSeen) fatal('hello_timeout');
  }, options.helloTimeoutMs);

  async function hello(value: unknown): Promise<void> {
    const version = (value as { protocolVersion?: unknown }).protocolVersion;
    if (typeof version === 'number' && version !== PROTOCOL_VERSION)
      return fatal('protocol_version');
    const parsed = options.schema.safeParse(value);
    if (!parsed.success) {
      const error = validationError(parsed.error);
      return sendError(error.code, error.message);
    }
    helloSeen = true;
    clearTimeout(timer);
    const result = await options.hello(parsed.data as Extract<C, { type: 'hello' }>, send, fatal);
    if (typeof result === 'string') return fatal(result);
    if (socket.readyState !== socket.OPEN) return result.dispose();
    session = result;
  }

  async function frame(current: FrameSession<C>, value: unknown): Promise<void> {
    const clientId = clientIdOf(value);
    const parsed = options.schema.safeParse(value);
    if (!parsed.success) {
      const error = validationError(parsed.error);
      return sendError(error.code, error.message, clientId);
    }
    if (parsed.data.type === 'hello') {
      return sendError('invalid_request', 'This socket already said hello; send it only once.');
    }
    try {
      await current.handle(parsed.data);
    } catch (error) {
      if (error instanceof RequestError)
        return sendError(error.code, error.message, clientId, error.extra.reason);
      log.error({ err: error }, 'websocket frame failed');
      sendError('internal', 'The server could not handle this frame. Try again.', clientId);
    }
  }

  async function receive(data: RawData): Promise<void> {
    if (tracker.closing || socket.readyState !== socket.OPEN) return;
    const bytes = toBuffer(data);
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch {
      value = undefined;
    }
    if (bytes.byteLength > MAX_FRAME_BYTES) {
      const limit = `${MAX_FRAME_BYTES / 1024} KiB`;
      return sendError('frame_too_large', `Frames can be at most ${limit}.`, clientIdOf(value));
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return sendError('invalid_request', 'Frames must be JSON objects with a "type".');
    }
    if (session) return frame(session, value);
    if ((value as { type?: unknown }).type !== 'hello' || helloSeen) {
      return sendError('invalid_request', 'Send a hello frame first, and wait for welcome.');
    }
    return hello(value);
  }

  tracker.add(socket);
  socket.on('message', (data) => {
    const work = queue.then(() => receive(data));
    queue = work.catch((error: unknown) => log.error({ err: error }, 'websocket frame failed'));
    tracker.track(queue);
  });
  socket.on('close', () => {
    clearTimeout(timer);
    session?.dispose();
    session = null;
  });
}
