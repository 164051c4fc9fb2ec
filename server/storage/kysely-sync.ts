import type { Kysely } from 'kysely';
import type { Change } from '../../protocol';
import { macroVisibleTo, toMacro, toMacroPins } from './kysely-macro-log';
import {
  AGENT_COLUMNS,
  CUSTOMER_COLUMNS,
  toAgent,
  toConversation,
  toCustomer,
  toMessage,
} from './mappers';
import type { Database } from './schema';
import type { PullResult, RapportStorage } from './storage';

// Pulls (SPEC S2, S3, S14). The log is the entity tables themselves: each row carries the seq of
// its latest change, so a pull is one index range scan per table on (workspace_id, seq) merged by
// seq, and every entity appears once with its current state (compaction for free). Deleted macros
// are rows of macro_tombstones. Reads run in one snapshot (REPEATABLE READ on Postgres; one
// transaction on SQLite's single connection), so a commit landing between the queries can never
// leave a hole below the returned cursor.
//
// Rows another agent may not see (their personal macros, tombstones and pins) are filtered out in
// SQL: they are never read for this agent. The cursor still goes past them: a page that is not
// full ends at the snapshot's head, so a page may hold fewer changes than seqs, even none.

type SyncMethods = 'getSyncHead' | 'pullChanges';

function bySeq(a: Change, b: Change): number {
  return a.seq - b.seq;
}

export function syncStore(db: Kysely<Database>): Pick<RapportStorage, SyncMethods> {
  return {
    async getSyncHead(workspaceId) {
      const row = await db
        .selectFrom('workspaces')
        .select(['last_seq', 'sync_epoch'])
        .where('id', '=', workspaceId)
        .executeTakeFirst();
      return row ? { epoch: row.sync_epoch, headSeq: Number(row.last_seq) } : null;
    },

    pullChanges(workspaceId, { since, limit, agentId }) {
      return db
        .transaction()
        .setIsolationLevel('repeatable read')
        .setAccessMode('read only')
        .execute(async (trx): Promise<PullResult> => {
          const head = await trx
            .selectFrom('workspaces')
            .select(['last_seq', 'sync_epoch'])
            .where('id', '=', workspaceId)
            .executeTakeFirst();
          if (!head) return { status: 'not_found' };
          const headSeq = Number(head.last_seq);
          if (since > headSeq) return { status: 'cursor_invalid', headSeq };
          const page = { status: 'page' as const, epoch: head.sync_epoch, headSeq };
          if (since === headSeq) return { ...page, changes: [], cursor: since, hasMore: false };

          // Messages first (usually most of the log). A table that fills a whole page bounds the
          // page's last seq, so the tables read after it stop there instead of reading `limit`.
          let until = headSeq;
          const bound = (rows: { seq: number }[]) => {
            if (rows.length === limit) until = Math.min(until, Number(rows[limit - 1]!.seq));
          };
          const messages = await trx
            .selectFrom('messages')
            .selectAll()
            .where('workspace_id', '=', workspaceId)
            .where('seq', '>', since)
            .orderBy('seq')
            .limit(limit)
            .execute();
          bound(messages);
          const conversations = await trx
            .selectFrom('conversations')
            .selectAll()
            .where('workspace_id', '=', workspaceId)
            .where('seq', '>', since)
            .where('seq', '<=', until)
            .orderBy('seq')
            .limit(limit)
            .execute();
          bound(conversations);
          const customers = await trx
            .selectFrom('customers')
            .select(CUSTOMER_COLUMNS)
            .where('workspace_id', '=', workspaceId)
            .where('seq', '>', since)
            .where('seq', '<=', until)
            .orderBy('seq')
            .limit(limit)
            .execute();
          bound(customers);
          const agents = await trx
            .selectFrom('agents')
            .select(AGENT_COLUMNS)
            .where('workspace_id', '=', workspaceId)
            .where('seq', '>', since)
            .where('seq', '<=', until)
            .orderBy('seq')
            .limit(limit)
            .execute();
          bound(agents);
          const macros = await trx
            .selectFrom('macros')
            .selectAll()
            .where('workspace_id', '=', workspaceId)
            .where('seq', '>', since)
            .where('seq', '<=', until)
            .where(macroVisibleTo(agentId))
            .orderBy('seq')
            .limit(limit)
            .execute();
          bound(macros);
          const tombstones = await trx
            .selectFrom('macro_tombstones')
            .selectAll()
            .where('workspace_id', '=', workspaceId)
            .where('seq', '>', since)
            .where('seq', '<=', until)
            .where((eb) =>
              agentId === undefined
                ? eb('owner_id', 'is', null)
                : eb.or([eb('owner_id', 'is', null), eb('owner_id', '=', agentId)]),
            )
            .orderBy('seq')
            .limit(limit)
            .execute();
          bound(tombstones);
          const pins =
            agentId === undefined
              ? []
              : await trx
                  .selectFrom('agent_macro_pins')
                  .selectAll()
                  .where('workspace_id', '=', workspaceId)
                  .where('agent_id', '=', agentId)
                  .where('seq', '>', since)
                  .where('seq', '<=', until)
                  .execute();

          const all: Change[] = [];
          for (const r of messages) {
            all.push({ seq: Number(r.seq), entity: 'message', data: toMessage(r) });
          }
          for (const r of conversations) {
            all.push({ seq: Number(r.seq), entity: 'conversation', data: toConversation(r) });
          }
          for (const r of customers) {
            all.push({ seq: Number(r.seq), entity: 'customer', data: toCustomer(r) });
          }
          for (const r of agents) {
            all.push({ seq: Number(r.seq), entity: 'agent', data: toAgent(r) });
          }
          for (const r of macros) {
            all.push({ seq: Number(r.seq), entity: 'macro', data: toMacro(r) });
          }
          for (const r of tombstones) {
            const data = { id: r.macro_id, workspaceId: r.workspace_id, ownerId: r.owner_id };
            all.push({ seq: Number(r.seq), entity: 'macroDeleted', data });
          }
          for (const r of pins) {
            all.push({ seq: Number(r.seq), entity: 'macroPins', data: toMacroPins(r) });
          }
          all.sort(bySeq);
          // Every visible change up to `until` was read; a full page ends at its last change.
          const changes = all.length > limit ? all.slice(0, limit) : all;
          const cursor = all.length > limit ? changes.at(-1)!.seq : until;
          return { ...page, changes, cursor, hasMore: cursor < headSeq };
        });
    },
  };
}
