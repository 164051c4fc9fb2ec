/**
 * Bumped whenever a frame or REST body changes incompatibly. Checked in every `hello`.
 * 3: macros, their tombstones and pins are in the sync log; `sync.changes` carries `from`/`to`
 * and may hold no change; `macro.use` frame.
 */
export const PROTOCOL_VERSION = 3;

/** The one WebSocket close code for fatal errors; the reason is one of FATAL_REASONS. */
export const FATAL_CLOSE_CODE = 4000;

export const FATAL_REASONS = ['unauthorized', 'protocol_version', 'hello_timeout'] as const;
export type FatalReason = (typeof FATAL_REASONS)[number];

/** Changes in one sync page: the default, and the most a client may ask for. */
export const SYNC_PAGE_DEFAULT = 1000;
export const SYNC_PAGE_MAX = 5000;

/** Longest message text a customer or agent may send, in characters. */
export const MAX_MESSAGE_LENGTH = 5000;

/** Largest WebSocket frame the server accepts, in bytes. */
export const MAX_FRAME_BYTES = 64 * 1024;

/** The agent client pings this often; it keeps an MV3 service worker alive. */
export const KEEPALIVE_INTERVAL_MS = 20_000;
