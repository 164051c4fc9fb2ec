import type { Kysely } from 'kysely';
import type { MacroPins } from '../../protocol';
import { firstSeq, macroVisibleTo, savePins, sortPins, toMacroPins } from './kysely-macro-log';
import type { Database } from './schema';
import type { MacroPinsWrite, RapportStorage } from './storage';
import { writeTransaction } from './sync-log';

type PinMethods = 'getMacroPins' | 'setMacroPins';

/** Each agent's pinned macros (slots 1–9), a synced entity only its agent sees (SPEC S16). */
export function macroPinStore(db: Kysely<Database>): Pick<RapportStorage, PinMethods> {
  return {
    async getMacroPins(workspaceId, agentId) {
      const row = await db
        .selectFrom('agent_macro_pins')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('agent_id', '=', agentId)
        .executeTakeFirst();
      return row ? toMacroPins(row) : { id: agentId, workspaceId, pins: [], updatedAt: 0 };
    },

    setMacroPins({ workspaceId, agentId, pins, now }) {
      return writeTransaction<MacroPinsWrite>(db, async (trx, abort) => {
        // The seq first: its lock keeps the macros read below from being deleted before commit.
        const seq = await firstSeq<MacroPinsWrite>(trx, workspaceId, abort, {
          status: 'not_found',
          macroIds: [],
        });
        const wanted = [...new Set(pins.map((p) => p.macroId))];
        const visible =
          wanted.length === 0
            ? []
            : await trx
                .selectFrom('macros')
                .select('id')
                .where('workspace_id', '=', workspaceId)
                .where('id', 'in', wanted)
                .where(macroVisibleTo(agentId))
                .execute();
        const found = new Set(visible.map((m) => m.id));
        const missing = wanted.filter((id) => !found.has(id));
        if (missing.length > 0) return abort({ status: 'not_found', macroIds: missing });

        const current = await trx
          .selectFrom('agent_macro_pins')
          .selectAll()
          .where('agent_id', '=', agentId)
          .where('workspace_id', '=', workspaceId)
          .executeTakeFirst();
        const sorted = sortPins(pins);
        if (current && JSON.stringify(toMacroPins(current).pins) === JSON.stringify(sorted)) {
          return abort({ status: 'saved', pins: toMacroPins(current), changes: [] });
        }
        if (!current && sorted.length === 0) {
          const none: MacroPins = { id: agentId, workspaceId, pins: [], updatedAt: 0 };
          return abort({ status: 'saved', pins: none, changes: [] });
        }
        const saved = await savePins(
          trx,
          { id: agentId, workspaceId, pins: sorted, updatedAt: now },
          seq,
        );
        return { status: 'saved', pins: saved.data, changes: [saved] };
      });
    },
  };
}
