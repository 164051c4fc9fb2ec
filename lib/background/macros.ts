import type { ApiClient } from '../api';
import type { RapportDb } from '../db';
import type { Failure, Result } from '../messages';
import { isStorageError } from './storage';

/** A failed fetch keeps the cached macros: say so, then why it failed. */
function notRefreshed(failure: Failure): Failure {
  return {
    ...failure,
    message: `Rapport could not fetch your macros, so the ones saved in this browser are kept. ${failure.message}`,
  };
}

/**
 * Fetch the agent's macros (team + own personal) and REPLACE the cached ones in one transaction,
 * so macros deleted on the server disappear. A failure leaves the cache as it was (offline use).
 */
export async function refreshMacros(
  db: RapportDb,
  api: ApiClient,
): Promise<Result<{ count: number }>> {
  const answer = await api.macros();
  if (!answer.ok) return notRefreshed(answer);
  try {
    await db.transaction('rw', db.macros, async () => {
      await db.macros.clear();
      await db.macros.bulkPut(answer.macros);
    });
  } catch (error) {
    if (!isStorageError(error)) throw error;
    return {
      ok: false,
      code: 'internal',
      message:
        "Rapport can't save your macros to this browser's storage (the disk may be full). Free some space, then refresh the macros again.",
    };
  }
  return { ok: true, count: answer.macros.length };
}

/**
 * Count one use of a macro on the server and cache the macro it answers (new usageCount).
 * Offline, the count is bumped in the cache only and the answer is ok: the server's count then
 * lags by that use (it is not queued), until a later refresh brings the server's number back.
 */
export async function countMacroUse(
  db: RapportDb,
  api: ApiClient,
  macroId: string,
): Promise<Result<object>> {
  const answer = await api.useMacro(macroId);
  if (answer.ok) {
    // The server counted the use; a cache that cannot store it catches up at the next refresh.
    await db.macros.put(answer.macro).catch((error: unknown) => {
      console.warn('Rapport could not cache a macro:', error);
    });
    return { ok: true };
  }
  if (answer.code !== 'network') return answer;
  await db.macros.update(macroId, (macro) => {
    macro.usageCount += 1;
  });
  return { ok: true };
}
