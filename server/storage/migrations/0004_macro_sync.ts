import { sql, type Kysely, type Migration } from 'kysely';

// Macros join the sync log (SPEC S14–S16):
//  - `macros.seq`: every existing macro is numbered AFTER its workspace's head (oldest first), so
//    any cache from before this migration (its cursor is at most that head) gets every macro in
//    its next pull;
//  - `macro_tombstones`: one row per deleted (or no longer visible) macro, at the seq of that
//    change, with who could see it (`owner_id`, NULL for everyone);
//  - `agent_macro_pins`: each agent's pins (slots 1–9) as a JSON array, a synced entity of its own;
//  - `macro_uses`: the client ids of counted `macro.use` writes, so a retried use counts once.

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('macros')
    .addColumn('seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('macro_backfill')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await sql`
    insert into macro_backfill (id, seq)
    select m.id, w.last_seq + row_number() over (
      partition by m.workspace_id order by m.created_at, m.id
    )
    from macros m join workspaces w on w.id = m.workspace_id`.execute(db);
  await sql`
    update macros set seq = (select b.seq from macro_backfill b where b.id = macros.id)`.execute(
    db,
  );
  await sql`
    update workspaces set last_seq = last_seq + (
      select count(*) from macros m where m.workspace_id = workspaces.id
    )`.execute(db);
  await db.schema.dropTable('macro_backfill').execute();
  await db.schema
    .createIndex('macros_seq')
    .on('macros')
    .columns(['workspace_id', 'seq'])
    .unique()
    .execute();

  await db.schema
    .createTable('macro_tombstones')
    .addColumn('macro_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('owner_id', 'text', (c) => c.references('agents.id').onDelete('cascade'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('macro_tombstones_seq')
    .on('macro_tombstones')
    .columns(['workspace_id', 'seq'])
    .unique()
    .execute();

  await db.schema
    .createTable('agent_macro_pins')
    .addColumn('agent_id', 'text', (c) =>
      c.primaryKey().references('agents.id').onDelete('cascade'),
    )
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('pins', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('agent_macro_pins_seq')
    .on('agent_macro_pins')
    .columns(['workspace_id', 'seq'])
    .unique()
    .execute();

  await db.schema
    .createTable('macro_uses')
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('macro_id', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('macro_uses_pk', ['workspace_id', 'client_id'])
    .execute();
}

async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('macro_uses').execute();
  await db.schema.dropTable('agent_macro_pins').execute();
  await db.schema.dropTable('macro_tombstones').execute();
  await db.schema.dropIndex('macros_seq').execute();
  await db.schema.alterTable('macros').dropColumn('seq').execute();
}

export const migration0004: Migration = { up, down };
