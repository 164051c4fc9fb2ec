import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';

// The sync change log (SPEC S1): a per-workspace counter and epoch, and a `seq` on every synced
// entity. Existing rows get dense seqs per workspace, oldest first; a conversation is numbered by
// its latest activity, so it comes after its messages (the log holds each entity's latest state).

const ENTITY_TABLES = ['agents', 'customers', 'conversations', 'messages'] as const;

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('workspaces')
    .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('workspaces')
    .addColumn('sync_epoch', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  for (const table of ENTITY_TABLES) {
    await db.schema
      .alterTable(table)
      .addColumn('seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
  }

  const workspaces = await sql<{ id: string }>`select id from workspaces`.execute(db);
  for (const { id } of workspaces.rows) {
    await sql`update workspaces set sync_epoch = ${randomUUID()} where id = ${id}`.execute(db);
  }

  await db.schema
    .createTable('sync_backfill')
    .addColumn('t', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_backfill_pk', ['t', 'id'])
    .execute();
  await sql`
    insert into sync_backfill (t, id, workspace_id, seq)
    select t, id, workspace_id, row_number() over (partition by workspace_id order by at, k, id)
    from (
      select 'agents' as t, id, workspace_id, created_at as at, 0 as k from agents
      union all select 'customers', id, workspace_id, created_at, 1 from customers
      union all select 'messages', id, workspace_id, created_at, 2 from messages
      union all select 'conversations', id, workspace_id, last_activity_at, 3 from conversations
    ) as log`.execute(db);
  await db.schema
    .createIndex('sync_backfill_workspace')
    .on('sync_backfill')
    .columns(['workspace_id', 'seq'])
    .execute();
  for (const table of ENTITY_TABLES) {
    await sql`
      update ${sql.table(table)} set seq = (
        select b.seq from sync_backfill b where b.t = ${table} and b.id = ${sql.ref(`${table}.id`)}
      )`.execute(db);
    await db.schema
      .createIndex(`${table}_seq`)
      .on(table)
      .columns(['workspace_id', 'seq'])
      .unique()
      .execute();
  }
  await sql`
    update workspaces set last_seq = coalesce(
      (select max(b.seq) from sync_backfill b where b.workspace_id = workspaces.id), 0
    )`.execute(db);
  await db.schema.dropTable('sync_backfill').execute();
}

async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ENTITY_TABLES) {
    await db.schema.dropIndex(`${table}_seq`).execute();
    await db.schema.alterTable(table).dropColumn('seq').execute();
  }
  await db.schema.alterTable('workspaces').dropColumn('sync_epoch').execute();
  await db.schema.alterTable('workspaces').dropColumn('last_seq').execute();
}

export const migration0002: Migration = { up, down };
