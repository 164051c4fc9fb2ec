import type { ApiClient } from '../api';
import type { RapportDb } from '../db';
import type { Failure, Result } from '../messages';
import type {
  Macro,
  MacroImportRequest,
  MacroImportRowError,
  MacroInput,
  MacroPin,
} from '../../protocol';
import { isStorageError } from './storage';

/** A failed fetch keeps the cached macros: say so, then why it failed. */
function notRefreshed(failure: Failure): Failure {
  return {
    ...failure,
    message: `Rapport could not fetch your macros, so the ones saved in this browser are kept. ${failure.message}`,
  };
}

/**
 * An explicit refresh (sync keeps the macros current, S14): fetch the agent's macros (team + own
 * personal) and REPLACE the cached ones in one transaction, so macros deleted on the server
 * disappear. A failure leaves the cache as it was (offline use).
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
 * Cache what the server answered a write, so the options page and the side panel show it at once
 * (the change also arrives through sync, S14). A row the cache already has in a state at least as
 * new is kept: a later change (e.g. another agent's use) may have been applied first. The change
 * is made on the server, so a cache that cannot store it only logs: sync catches up.
 */
async function cacheAnswer(db: RapportDb, macros: Macro[]): Promise<void> {
  try {
    await db.transaction('rw', db.macros, async () => {
      const cached = await db.macros.bulkGet(macros.map((m) => m.id));
      const newer = macros.filter((m, i) => !cached[i] || cached[i].updatedAt < m.updatedAt);
      if (newer.length > 0) await db.macros.bulkPut(newer);
    });
  } catch (error) {
    if ((error as Error).name === 'DatabaseClosedError') return; // signed out meanwhile
    console.warn('Rapport could not cache a macro change:', error);
  }
}

/** Create (no id) or replace (id) a macro on the server, and cache the saved macro. */
export async function saveMacro(
  db: RapportDb,
  api: ApiClient,
  req: { id?: string; input: MacroInput },
): Promise<Result<{ macro: Macro }>> {
  const answer = await api.saveMacro(req.id, req.input);
  if (!answer.ok) {
    // The macro is gone on the server: drop it from the cache too.
    if (answer.code === 'not_found' && req.id) await db.macros.delete(req.id).catch(logged);
    return answer;
  }
  await cacheAnswer(db, [answer.macro]);
  return { ok: true, macro: answer.macro };
}

/** Delete a macro on the server, and from the cache. */
export async function deleteMacro(
  db: RapportDb,
  api: ApiClient,
  id: string,
): Promise<Result<object>> {
  const answer = await api.deleteMacro(id);
  if (!answer.ok && answer.code !== 'not_found') return answer;
  await db.macros.delete(id).catch(logged);
  return answer.ok ? { ok: true } : answer;
}

/** Import macros (all or nothing), and cache them. Refusals keep rowErrors. */
export async function importMacros(
  db: RapportDb,
  api: ApiClient,
  req: MacroImportRequest,
): Promise<Result<{ imported: number }> | (Failure & { rowErrors?: MacroImportRowError[] })> {
  const answer = await api.importMacros(req);
  if (!answer.ok) return answer;
  await cacheAnswer(db, answer.imported);
  return { ok: true, imported: answer.imported.length };
}

/**
 * Pin a macro to Alt+`slot` (1–9), or unpin it (`slot` null), for the signed-in agent on every
 * browser (S16). The macro leaves any other slot, and a macro pinned to that slot before is
 * unpinned. Pins change on the server (they are not queued): offline, this fails and says so.
 */
export async function pinMacro(
  db: RapportDb,
  api: ApiClient,
  agentId: string,
  req: { macroId: string; slot: number | null },
): Promise<Result<{ pins: MacroPin[] }>> {
  const current = (await db.macroPins.get(agentId))?.pins ?? [];
  const pins = current.filter((p) => p.macroId !== req.macroId && p.slot !== req.slot);
  if (req.slot !== null) pins.push({ slot: req.slot, macroId: req.macroId });
  const answer = await api.setMacroPins(pins);
  if (!answer.ok) return answer;
  try {
    await db.transaction('rw', db.macroPins, async () => {
      const cached = await db.macroPins.get(agentId);
      if (!cached || cached.updatedAt <= answer.pins.updatedAt) await db.macroPins.put(answer.pins);
    });
  } catch (error) {
    logged(error);
  }
  return { ok: true, pins: answer.pins.pins };
}

function logged(error: unknown): void {
  if ((error as Error).name === 'DatabaseClosedError') return;
  console.warn('Rapport could not cache a macro change:', error);
}
