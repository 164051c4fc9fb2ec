import type { ApiClient } from '../api';
import type { RapportDb } from '../db';
import type { Failure, Result } from '../messages';
import type { Macro, MacroImportRequest, MacroImportRowError, MacroInput } from '../../protocol';
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

/**
 * After a change on the server, bring the cache up to date so the side panel sees it at once:
 * `apply` writes what the server answered, then a full refresh picks up everything else. The
 * change is already made, so neither failing turns the answer into a Failure: they are logged,
 * and the next refresh (every welcome) catches up. A 401 still ends the session (`onFailure`).
 */
async function updateCache(
  db: RapportDb,
  api: ApiClient,
  apply: () => Promise<unknown>,
  onFailure: (failure: Failure) => Promise<unknown>,
): Promise<void> {
  await apply().catch((error: unknown) => {
    console.warn('Rapport could not cache a macro change:', error);
  });
  const refreshed = await refreshMacros(db, api);
  if (!refreshed.ok) {
    console.warn(refreshed.message);
    await onFailure(refreshed);
  }
}

/** Create (no id) or replace (id) a macro on the server, then refresh the cached macros. */
export async function saveMacro(
  db: RapportDb,
  api: ApiClient,
  req: { id?: string; input: MacroInput },
  onFailure: (failure: Failure) => Promise<unknown> = async () => undefined,
): Promise<Result<{ macro: Macro }>> {
  const answer = await api.saveMacro(req.id, req.input);
  if (!answer.ok) {
    // The macro is gone on the server: drop it from the cache too.
    if (answer.code === 'not_found') await updateCache(db, api, async () => undefined, onFailure);
    return answer;
  }
  await updateCache(db, api, () => db.macros.put(answer.macro), onFailure);
  return { ok: true, macro: answer.macro };
}

/** Delete a macro on the server, then refresh the cached macros. */
export async function deleteMacro(
  db: RapportDb,
  api: ApiClient,
  id: string,
  onFailure: (failure: Failure) => Promise<unknown> = async () => undefined,
): Promise<Result<object>> {
  const answer = await api.deleteMacro(id);
  if (!answer.ok && answer.code !== 'not_found') return answer;
  await updateCache(db, api, () => db.macros.delete(id), onFailure);
  return answer.ok ? { ok: true } : answer;
}

/** Import macros (all or nothing), then refresh the cached macros. Refusals keep rowErrors. */
export async function importMacros(
  db: RapportDb,
  api: ApiClient,
  req: MacroImportRequest,
  onFailure: (failure: Failure) => Promise<unknown> = async () => undefined,
): Promise<Result<{ imported: number }> | (Failure & { rowErrors?: MacroImportRowError[] })> {
  const answer = await api.importMacros(req);
  if (!answer.ok) return answer;
  await updateCache(db, api, () => db.macros.bulkPut(answer.imported), onFailure);
  return { ok: true, imported: answer.imported.length };
}
