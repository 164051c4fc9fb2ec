import type { Kysely, Migration } from 'kysely';

// Routing (issue 5, parts 3 and 4; SPEC R1–R8):
//  - agents: `capacity` (chat slots, default 4); `chosen_status`, the status the agent picked
//    (online | away), which `status` returns to on reconnect or activity — `status` may now also
//    be `offline` (no connection for the grace period) or an automatic `away` (idle);
//    `last_assigned_at`, routing's logical clock of the agent's latest assignment (tie-break).
//  - conversations: `queue_key`, routing's logical clock of the arrival or reopen that asked for
//    an agent (the queue order; kept while assigned). NULL in rows from before: an open
//    conversation without an assignee is then queued in (created_at, id) order at start.
// Nothing here is in the sync log by itself; `capacity` reaches the extension with the agent's
// next change.

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('agents')
    .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(4))
    .execute();
  await db.schema.alterTable('agents').addColumn('chosen_status', 'text').execute();
  await db.schema.alterTable('agents').addColumn('last_assigned_at', 'bigint').execute();
  await db.schema.alterTable('conversations').addColumn('queue_key', 'bigint').execute();
}

async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('conversations').dropColumn('queue_key').execute();
  await db.schema.alterTable('agents').dropColumn('last_assigned_at').execute();
  await db.schema.alterTable('agents').dropColumn('chosen_status').execute();
  await db.schema.alterTable('agents').dropColumn('capacity').execute();
}

export const migration0006: Migration = { up, down };
