import type { Kysely } from 'kysely';
import type { Change } from '../../protocol';
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

// Pulls (SPEC S2, S3). The log is the entity tables themselves: each row carries the seq of its
// latest change, so a pull is four index range scans on (workspace_id, seq) merged by seq, and
// every entity appears once with its current state (compaction for free). Reads run in one
// snapshot (REPEATABLE READ on Postgres; one transaction on SQLite's single connection), so a
// commit landing between the four queries can never leave a hole below the returned cursor.

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

    pullChanges(workspaceId, { since, limit }) {
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
          all.sort(bySeq);
          const changes = all.length > limit ? all.slice(0, limit) : all;
          const cursor = changes.at(-1)?.seq ?? since;
          return {
            ...page,
            changes,
            cursor,
            hasMore: changes.length === limit && cursor < headSeq,
          };
        });
    },
  };
}
