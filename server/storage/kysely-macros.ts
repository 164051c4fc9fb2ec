import type { ExpressionBuilder, Kysely, Selectable, Transaction } from 'kysely';
import { uuidv7, type Macro } from '../../protocol';
import { isUniqueViolation } from './mappers';
import type { Database, MacroTable } from './schema';
import type { MacroDraft, MacroImportResult, MacroWrite, RapportStorage } from './storage';
import { writeTransaction } from './sync-log';

type MacroMethods =
  | 'listMacros'
  | 'getMacro'
  | 'createMacro'
  | 'updateMacro'
  | 'deleteMacro'
  | 'incrementMacroUsage'
  | 'importMacros';

type Db = Kysely<Database> | Transaction<Database>;

function parseTags(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
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
    tags: parseTags(row.tags),
    usageCount: Number(row.usage_count),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** By shortcut (code units), team before personal, then id: the same on every database. */
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

/** Team macros and `agentId`'s personal ones. */
function visibleTo(agentId: string) {
  return (eb: ExpressionBuilder<Database, 'macros'>) =>
    eb.or([eb('scope', '=', 'team'), eb('owner_id', '=', agentId)]);
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
        writeTransaction<MacroWrite>(db, async (trx) => {
          const other = await holder(trx, workspaceId, draft);
          if (other) return { status: 'conflict', other };
          const row = await trx
            .insertInto('macros')
            .values({
              id: uuidv7(now),
              workspace_id: workspaceId,
              ...draftColumns(draft),
              usage_count: 0,
              created_at: now,
              updated_at: now,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          return { status: 'saved', macro: toMacro(row) };
        }),
      );
    },

    updateMacro({ workspaceId, agentId, macroId, draft, now }) {
      return guarded(db, workspaceId, draft, macroId, () =>
        writeTransaction<MacroWrite>(db, async (trx) => {
          const other = await holder(trx, workspaceId, draft, macroId);
          if (other) return { status: 'conflict', other };
          const row = await trx
            .updateTable('macros')
            .set({ ...draftColumns(draft), updated_at: now })
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', macroId)
            .where(visibleTo(agentId))
            .returningAll()
            .executeTakeFirst();
          return row ? { status: 'saved', macro: toMacro(row) } : { status: 'not_found' };
        }),
      );
    },

    async deleteMacro(workspaceId, agentId, macroId) {
      const result = await db
        .deleteFrom('macros')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', macroId)
        .where(visibleTo(agentId))
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async incrementMacroUsage(workspaceId, agentId, macroId) {
      const row = await db
        .updateTable('macros')
        .set((eb) => ({ usage_count: eb('usage_count', '+', 1) }))
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', macroId)
        .where(visibleTo(agentId))
        .returningAll()
        .executeTakeFirst();
      return row ? toMacro(row) : null;
    },

    importMacros({ workspaceId, drafts, now }) {
      return writeTransaction<MacroImportResult>(db, async (trx, abort) => {
        const macros: Macro[] = [];
        const conflicts: { index: number; other: Macro }[] = [];
        for (const [index, draft] of drafts.entries()) {
          // Earlier drafts are inserted already, so a duplicate within the batch is found too.
          const other = await holder(trx, workspaceId, draft);
          if (other) {
            conflicts.push({ index, other });
            continue;
          }
          const row = await trx
            .insertInto('macros')
            .values({
              id: uuidv7(now),
              workspace_id: workspaceId,
              ...draftColumns(draft),
              usage_count: 0,
              created_at: now,
              updated_at: now,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          macros.push(toMacro(row));
        }
        if (conflicts.length > 0) return abort({ status: 'conflicts', conflicts });
        return { status: 'imported', macros };
      });
    },
  };
}
