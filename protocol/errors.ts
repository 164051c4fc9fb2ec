import { z } from 'zod';

/** Machine-readable error codes shared by REST responses and WebSocket error frames. */
export const ERROR_CODES = [
  'invalid_request',
  'invalid_credentials',
  'unauthorized',
  'forbidden',
  'not_found',
  'rate_limited',
  'message_too_long',
  'frame_too_large',
  'protocol_version',
  'conversation_closed',
  /** The write collides with existing data (e.g. a macro shortcut in use); the message names it. */
  'conflict',
  /** A sync cursor that is malformed or ahead of the server: drop the cache and pull from 0. */
  'cursor_invalid',
  /** A routing write was refused (transfer to an offline/away/full agent, …); see `reason`. */
  'routing_refused',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Body of every 4xx/5xx REST response. */
export const ApiErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  /** A sentence for people: what went wrong and what to do. */
  message: z.string(),
  /** Set with `rate_limited`: seconds until another attempt may succeed. */
  retryAfterSeconds: z.number().int().positive().optional(),
  /** Set with `invalid_request`: which fields were wrong. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** Set with `routing_refused`: the routing refusal code (e.g. `target_full`, `invalid_capacity`). */
  reason: z.string().optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
