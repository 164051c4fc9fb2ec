import type { Failure } from '../messages';

export const STORAGE_ERROR =
  "Rapport can't save to this browser's storage (the disk may be full). Chats keep working while online; free some space to keep them offline.";

export const STORAGE_FAILURE: Failure = { ok: false, code: 'internal', message: STORAGE_ERROR };

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
