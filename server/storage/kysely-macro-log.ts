import type { ExpressionBuilder, Selectable, Transaction } from 'kysely';
import type { Change, Macro, MacroPin, MacroPins } from '../../protocol';
import type { AgentMacroPinsTable, Database, MacroTable } from './schema';
import { change, takeSeqs, UnknownWorkspaceError } from './sync-log';

// Macros in the sync log (SPEC S14). A macro row carries the seq of its latest change; a deleted
// macro leaves a tombstone (macro_tombstones) at the seq of its deletion, addressed to whoever
// could see it; an agent's pins (agent_macro_pins) are an entity of their own. A write takes its
// first seq before anything else (firstSeq), which locks the workspace row: the reads after it
// stay current until commit, and every later seq it takes (nextSeq) follows on densely.

type Trx = Transaction<Database>;

function parseStrings(json: string): unknown[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

export function toMacro(row: Selectable<MacroTable>): Macro {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    scope: row.scope,
    ownerId: row.owner_id,
    shortcut: row.shortcut,
    title: row.title,
    body: row.body,
    tags: parseStrings(row.tags).filter((t): t is string => typeof t === 'string'),
    usageCount: Number(row.usage_count),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function toMacroPins(row: Selectable<AgentMacroPinsTable>): MacroPins {
  const pins = parseStrings(row.pins).filter(
    (p): p is MacroPin =>
      typeof p === 'object' &&
      p !== null &&
      typeof (p as MacroPin).slot === 'number' &&
      typeof (p as MacroPin).macroId === 'string',
  );
  return {
    id: row.agent_id,
    workspaceId: row.workspace_id,
    pins,
    updatedAt: Number(row.updated_at),
  };
}

/** Pins as stored: by slot. */
export function sortPins(pins: MacroPin[]): MacroPin[] {
  return [...pins].sort((a, b) => a.slot - b.slot).map(({ slot, macroId }) => ({ slot, macroId }));
}

/** Team macros and `agentId`'s personal ones (all team macros without an agent). */
export function macroVisibleTo(agentId: string | undefined) {
  return (eb: ExpressionBuilder<Database, 'macros'>) =>
    agentId === undefined
      ? eb('scope', '=', 'team')
      : eb.or([eb('scope', '=', 'team'), eb('owner_id', '=', agentId)]);
}

/** The one next seq of the workspace (its row is locked by the transaction already). */
export function nextSeq(trx: Trx, workspaceId: string): Promise<number> {
  return takeSeqs(trx, workspaceId, 1);
}

/**
 * Take the transaction's first seq (locking the workspace row, so the reads that follow stay
 * current until commit); an unknown workspace rolls back with `missing`.
 */
export async function firstSeq<T>(
  trx: Trx,
  workspaceId: string,
  abort: (result: T) => never,
  missing: T,
): Promise<number> {
  return nextSeq(trx, workspaceId).catch((error: unknown) => {
    if (error instanceof UnknownWorkspaceError) return abort(missing);
    throw error;
  });
}

/**
 * The changes that hide a macro from whoever saw it before and does not after: a tombstone for
 * that audience (at `seq`), and the macro taken out of their pins. None when nobody loses it.
 */
export async function hideFromLostAudience(
  trx: Trx,
  before: Pick<MacroTable, 'id' | 'workspace_id' | 'scope' | 'owner_id'>,
  after: { scope: MacroTable['scope']; owner_id: string | null },
  seq: number,
  now: number,
): Promise<Change[]> {
  if (after.scope === 'team') return [];
  if (before.scope === 'personal' && before.owner_id === after.owner_id) return [];
  const lostBy = before.scope === 'team' ? null : before.owner_id;
  const tombstone = await writeTombstone(trx, before.workspace_id, before.id, lostBy, seq);
  const keep = after.owner_id ?? undefined;
  return [tombstone, ...(await unpinEverywhere(trx, before.workspace_id, before.id, now, keep))];
}

/** Record that `macroId` is gone for its audience (`ownerId`, or everyone when null). */
export async function writeTombstone(
  trx: Trx,
  workspaceId: string,
  macroId: string,
  ownerId: string | null,
  seq: number,
): Promise<Change> {
  await trx
    .insertInto('macro_tombstones')
    .values({ macro_id: macroId, workspace_id: workspaceId, owner_id: ownerId, seq })
    .onConflict((oc) => oc.column('macro_id').doUpdateSet({ owner_id: ownerId, seq }))
    .execute();
  return change(seq, 'macroDeleted', { id: macroId, workspaceId, ownerId });
}

/**
 * Take `macroId` out of the pins of every agent who pinned it, except `keep` (who still sees
 * it): one change (and seq) per agent whose pins changed.
 */
export async function unpinEverywhere(
  trx: Trx,
  workspaceId: string,
  macroId: string,
  now: number,
  keep?: string,
): Promise<Change[]> {
  // One row per agent of the workspace who ever pinned something: few enough to read them all.
  const rows = await trx
    .selectFrom('agent_macro_pins')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('agent_id')
    .execute();
  const changes: Change[] = [];
  for (const row of rows) {
    if (row.agent_id === keep) continue;
    const current = toMacroPins(row);
    const pins = current.pins.filter((p) => p.macroId !== macroId);
    if (pins.length === current.pins.length) continue;
    const seq = await nextSeq(trx, workspaceId);
    changes.push(await savePins(trx, { ...current, pins, updatedAt: now }, seq));
  }
  return changes;
}

/** Store an agent's pins at `seq`. */
export async function savePins(
  trx: Trx,
  pins: MacroPins,
  seq: number,
): Promise<Extract<Change, { entity: 'macroPins' }>> {
  const values = { pins: JSON.stringify(sortPins(pins.pins)), updated_at: pins.updatedAt, seq };
  const row = await trx
    .insertInto('agent_macro_pins')
    .values({ agent_id: pins.id, workspace_id: pins.workspaceId, ...values })
    .onConflict((oc) => oc.column('agent_id').doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
  return { seq, entity: 'macroPins', data: toMacroPins(row) };
}
