import type { Failure } from '../messages';

export const STORAGE_ERROR =
  "Rapport can't save to this browser's storage (the disk may be full). Replies still go out while you're online, but new messages may not show here until you free some space.";

/** The answer to a write that could not be stored (and, for a reply, not sent either). */
export const STORAGE_FAILURE: Failure = {
  ok: false,
  code: 'internal',
  message:
    "Rapport can't save to this browser's storage (the disk may be full), so this can't wait to be sent. Send it again while you're online, or free some space.",
};

const STORAGE_ERROR_NAMES = new Set([
  'QuotaExceededError',
  'UnknownError',
  'AbortError',
  'OpenFailedError',
]);

/** True for an IndexedDB failure to store (disk full, storage broken), as opposed to a bug. */
export function isStorageError(error: unknown): boolean {
  for (let e = error; typeof e === 'object' && e !== null;) {
    const { name, inner } = e as { name?: unknown; inner?: unknown };
    if (typeof name === 'string' && STORAGE_ERROR_NAMES.has(name)) return true;
    if (inner === e) return false;
    e = inner;
  }
  return false;
}
