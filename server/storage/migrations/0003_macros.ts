import type { Kysely, Migration } from 'kysely';

// Canned messages. A shortcut is unique per scope: among a workspace's team macros, and among one
// agent's personal macros. `owner_key` is '' for team macros and the owner's id for personal ones:
// NOT NULL, so one unique index works on SQLite and Postgres alike (NULLs never collide).
// `tags` is a JSON array in text. No `seq` yet: macros are not in the sync log.

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('macros')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('agents.id').onDelete('cascade'))
    .addColumn('owner_key', 'text', (c) => c.notNull())
    .addColumn('shortcut', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('usage_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('macros_shortcut')
    .on('macros')
    .columns(['workspace_id', 'scope', 'owner_key', 'shortcut'])
    .unique()
    .execute();
}

async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('macros').execute();
}

export const migration0003: Migration = { up, down };
