import type { Kysely, Transaction } from 'kysely';
import { uuidv7, type Change, type Macro } from '../../protocol';
import {
  firstSeq,
  hideFromLostAudience,
  macroVisibleTo as visibleTo,
  nextSeq,
  toMacro,
  unpinEverywhere,
  writeTombstone,
} from './kysely-macro-log';
import { isUniqueViolation } from './mappers';
import type { Database } from './schema';
import type {
  MacroDraft,
  MacroImportResult,
  MacroUseResult,
  MacroWrite,
  RapportStorage,
  Written,
} from './storage';
import { change, writeTransaction } from './sync-log';

type MacroMethods =
  | 'listMacros'
  | 'getMacro'
  | 'createMacro'
  | 'updateMacro'
  | 'deleteMacro'
  | 'useMacro'
  | 'importMacros';

type Db = Kysely<Database> | Transaction<Database>;

/** By shortcut (code units), team before personal, then id: the same on every database. */
/** A new macro row (no uses yet) at `seq`, as the protocol's Macro. */
async function insertMacro(
  db: Db,
  workspaceId: string,
  draft: MacroDraft,
  seq: number,
  now: number,
): Promise<Macro> {
  const row = await db
    .insertInto('macros')
    .values({
      id: uuidv7(now),
      workspace_id: workspaceId,
      ...draftColumns(draft),
      usage_count: 0,
      created_at: now,
      updated_at: now,
      seq,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMacro(row);
}

function byShortcut(a: Macro, b: Macro): number {
  const key = (m: Macro) => [m.shortcut, m.scope === 'team' ? 0 : 1, m.id] as const;
  const [x, y] = [key(a), key(b)];
  for (let i = 0; i < x.length; i++) {
    if (x[i]! < y[i]!) return -1;
    if (x[i]! > y[i]!) return 1;
  }
  return 0;
}

/** The columns a draft sets; a team macro has no owner whatever the draft says. */
function draftColumns(draft: MacroDraft) {
  const ownerId = draft.scope === 'personal' ? draft.ownerId : null;
  if (draft.scope === 'personal' && !ownerId) {
    throw new Error('A personal macro needs its owner: pass the agent id as ownerId.');
  }
  return {
    scope: draft.scope,
    owner_id: ownerId,
    owner_key: ownerId ?? '',
    shortcut: draft.shortcut,
    title: draft.title,
    body: draft.body,
    tags: JSON.stringify(draft.tags),
  };
}

/** The macro that already has the draft's shortcut in its scope, other than `exceptId`. */
async function holder(
  db: Db,
  workspaceId: string,
  draft: MacroDraft,
  exceptId?: string,
): Promise<Macro | null> {
  const columns = draftColumns(draft);
  let query = db
    .selectFrom('macros')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('scope', '=', columns.scope)
    .where('owner_key', '=', columns.owner_key)
    .where('shortcut', '=', columns.shortcut);
  if (exceptId) query = query.where('id', '!=', exceptId);
  const row = await query.executeTakeFirst();
  return row ? toMacro(row) : null;
}

/**
 * Run a write; a unique violation (another writer took the shortcut after our check) becomes a
 * conflict with whoever holds it now.
 */
async function guarded(
  db: Kysely<Database>,
  workspaceId: string,
  draft: MacroDraft,
  exceptId: string | undefined,
  write: () => Promise<MacroWrite>,
): Promise<MacroWrite> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const other = await holder(db, workspaceId, draft, exceptId);
    if (!other) throw error;
    return { status: 'conflict', other };
  }
}

/** Macros over Kysely; every query is scoped to the workspace. */
export function macroStore(db: Kysely<Database>): Pick<RapportStorage, MacroMethods> {
  return {
    async listMacros(workspaceId, agentId) {
      const rows = await db
        .selectFrom('macros')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where(visibleTo(agentId))
        .execute();
      // Sorted here, not in SQL: Postgres collations order "-" and "_" unlike SQLite.
      return rows.map(toMacro).sort(byShortcut);
    },

    async getMacro(workspaceId, agentId, macroId) {
      const row = await db
        .selectFrom('macros')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', macroId)
        .where(visibleTo(agentId))
        .executeTakeFirst();
      return row ? toMacro(row) : null;
    },

    createMacro({ workspaceId, draft, now }) {
      return guarded(db, workspaceId, draft, undefined, () =>
        writeTransaction<MacroWrite>(db, async (trx, abort) => {
          const seq = await firstSeq<MacroWrite>(trx, workspaceId, abort, { status: 'not_found' });
          const other = await holder(trx, workspaceId, draft);
          if (other) return abort({ status: 'conflict', other });
          const macro = await insertMacro(trx, workspaceId, draft, seq, now);
          return { status: 'saved', macro, changes: [change(seq, 'macro', macro)] };
        }),
      );
    },

    updateMacro({ workspaceId, agentId, macroId, draft, now }) {
      return guarded(db, workspaceId, draft, macroId, () =>
        writeTransaction<MacroWrite>(db, async (trx, abort) => {
          const notFound: MacroWrite = { status: 'not_found' };
          const seq = await firstSeq(trx, workspaceId, abort, notFound);
          const other = await holder(trx, workspaceId, draft, macroId);
          if (other) return abort({ status: 'conflict', other });
          const before = await trx
            .selectFrom('macros')
            .selectAll()
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', macroId)
            .where(visibleTo(agentId))
            .executeTakeFirst();
          if (!before) return abort(notFound);
          const columns = draftColumns(draft);
          const hidden = await hideFromLostAudience(trx, before, columns, seq, now);
          const macroSeq = hidden.length > 0 ? await nextSeq(trx, workspaceId) : seq;
          const row = await trx
            .updateTable('macros')
            .set({ ...columns, updated_at: now, seq: macroSeq })
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', macroId)
            .returningAll()
            .executeTakeFirstOrThrow();
          const macro = toMacro(row);
          return { status: 'saved', macro, changes: [...hidden, change(macroSeq, 'macro', macro)] };
        }),
      );
    },

    deleteMacro({ workspaceId, agentId, macroId, now }) {
      return writeTransaction<Written<object> | null>(db, async (trx, abort) => {
        const seq = await firstSeq(trx, workspaceId, abort, null);
        const row = await trx
          .deleteFrom('macros')
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', macroId)
          .where(visibleTo(agentId))
          .returning(['id', 'owner_id'])
          .executeTakeFirst();
        if (!row) return abort(null);
        const tombstone = await writeTombstone(trx, workspaceId, row.id, row.owner_id, seq);
        const unpinned = await unpinEverywhere(trx, workspaceId, row.id, now);
        return { changes: [tombstone, ...unpinned] };
      });
    },

    useMacro({ workspaceId, agentId, macroId, clientId, now }) {
      return writeTransaction<MacroUseResult>(db, async (trx, abort) => {
        const notFound: MacroUseResult = { status: 'not_found' };
        const seq = await firstSeq(trx, workspaceId, abort, notFound);
        const row = await trx
          .updateTable('macros')
          .set((eb) => ({ usage_count: eb('usage_count', '+', 1), seq }))
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', macroId)
          .where(visibleTo(agentId))
          .returningAll()
          .executeTakeFirst();
        if (!row) return abort(notFound);
        if (clientId !== null) {
          // S15: a client id counts once per workspace; a retry finds it and changes nothing.
          const recorded = await trx
            .insertInto('macro_uses')
            .values({
              workspace_id: workspaceId,
              client_id: clientId,
              macro_id: macroId,
              agent_id: agentId,
              created_at: now,
            })
            .onConflict((oc) => oc.columns(['workspace_id', 'client_id']).doNothing())
            .returning('client_id')
            .executeTakeFirst();
          if (!recorded) return abort({ status: 'duplicate' });
        }
        const macro = toMacro(row);
        return { status: 'counted', macro, changes: [change(seq, 'macro', macro)] };
      });
    },

    importMacros({ workspaceId, drafts, now }) {
      return writeTransaction<MacroImportResult>(db, async (trx, abort) => {
        const macros: Macro[] = [];
        const changes: Change[] = [];
        const conflicts: { index: number; other: Macro }[] = [];
        for (const [index, draft] of drafts.entries()) {
          // Earlier drafts are inserted already, so a duplicate within the batch is found too.
          const other = await holder(trx, workspaceId, draft);
          if (other) {
            conflicts.push({ index, other });
            continue;
          }
          const seq = await nextSeq(trx, workspaceId);
          const macro = await insertMacro(trx, workspaceId, draft, seq, now);
          macros.push(macro);
          changes.push(change(seq, 'macro', macro));
        }
        if (conflicts.length > 0) return abort({ status: 'conflicts', conflicts });
        return { status: 'imported', macros, changes };
      });
    },
  };
}
