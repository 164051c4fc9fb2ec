import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';

// Customer identity and profiles (issue 5):
//  - `identity_secrets`: one per workspace, the key of the HMAC a site computes over its user id.
//    Existing workspaces get one here; new ones on first use.
//  - customers: the verified external id (unique per workspace), phone, notes, tags, identity
//    claims (JSON), first and last seen, the last page (JSON), and `merged_into_id` on a visitor
//    that turned out to be a known customer. All nullable: old rows read as empty.
//  - `visitor_tokens`: tokens that point at another customer than the one they created (a browser
//    where a different signed-in user identified); looked up before `customers.visitor_token_hash`.
//  - `customer_pages`: the pages the widget reported, the latest PAGES_KEPT_PER_CUSTOMER each.

const CUSTOMER_COLUMNS = [
  ['external_id', 'text'],
  ['phone', 'text'],
  ['notes', 'text'],
  ['tags', 'text'],
  ['identities', 'text'],
  ['first_seen_at', 'bigint'],
  ['last_seen_at', 'bigint'],
  ['last_page', 'text'],
  ['merged_into_id', 'text'],
] as const;

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identity_secrets')
    .addColumn('workspace_id', 'text', (c) =>
      c.primaryKey().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('rotated_at', 'bigint', (c) => c.notNull())
    .execute();
  const workspaces = await sql<{ id: string }>`select id from workspaces`.execute(db);
  const now = Date.now();
  for (const { id } of workspaces.rows) {
    const secret = randomBytes(32).toString('hex');
    await sql`insert into identity_secrets (workspace_id, secret, rotated_at)
      values (${id}, ${secret}, ${now})`.execute(db);
  }

  for (const [name, type] of CUSTOMER_COLUMNS) {
    await db.schema.alterTable('customers').addColumn(name, type).execute();
  }
  await sql`update customers set first_seen_at = created_at, last_seen_at = created_at`.execute(db);
  await db.schema
    .createIndex('customers_external_id')
    .on('customers')
    .columns(['workspace_id', 'external_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('visitor_tokens')
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) =>
      c.notNull().references('customers.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('visitor_tokens_pk', ['workspace_id', 'token_hash'])
    .execute();
  await db.schema
    .createIndex('visitor_tokens_customer')
    .on('visitor_tokens')
    .columns(['workspace_id', 'customer_id'])
    .execute();

  await db.schema
    .createTable('customer_pages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('customer_id', 'text', (c) =>
      c.notNull().references('customers.id').onDelete('cascade'),
    )
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('visited_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('customer_pages_customer')
    .on('customer_pages')
    .columns(['workspace_id', 'customer_id', 'visited_at'])
    .execute();
}

async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('customer_pages').execute();
  await db.schema.dropTable('visitor_tokens').execute();
  await db.schema.dropIndex('customers_external_id').execute();
  for (const [name] of [...CUSTOMER_COLUMNS].reverse()) {
    await db.schema.alterTable('customers').dropColumn(name).execute();
  }
  await db.schema.dropTable('identity_secrets').execute();
}

export const migration0005: Migration = { up, down };
