import { rm } from 'node:fs/promises';
import path from 'node:path';
import { NO_MIGRATIONS, sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateTo, migrateToLatest } from '../../server/storage/migrate';
import { MIGRATIONS } from '../../server/storage/migrations';
import { openSqliteKysely, openSqliteStorage } from '../../server/storage/sqlite';
import { runCustomerContract } from './customer-contract';
import { tempDir } from './helpers';
import { expectMacrosAfter0004, seedMacrosAt0003 } from './migration-0004-fixture';
import { expectIdentityAfter0005 } from './migration-0005-fixture';
import { expectRoutingAfter0006 } from './migration-0006-fixture';
import { expectBackfilled, expectMacrosAfter0003, seedAt0001 } from './migration-fixture';
import { runMacroContract } from './macro-contract';
import { runStorageContract, type StorageUnderTest } from './storage-contract';
import { runSyncContract } from './sync-contract';

/**
 * A SQLite file in a temp folder. `connect` hands out the same storage: a Rapport process has one
 * SQLite connection, and better-sqlite3 waits for a lock synchronously, so two connections in one
 * process writing at once would block each other. Concurrent writers therefore share the one
 * connection, which Kysely lends to one transaction at a time.
 */
async function sqliteUnderTest(): Promise<StorageUnderTest> {
  const dataDir = await tempDir();
  const storage = await openSqliteStorage({ dataDir });
  return {
    storage,
    connect: () => Promise.resolve(storage),
    async dispose() {
      await storage.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

runStorageContract('SQLite', sqliteUnderTest);
runSyncContract('SQLite', sqliteUnderTest);
runMacroContract('SQLite', sqliteUnderTest);
runCustomerContract('SQLite', sqliteUnderTest);

describe('SQLite migrations', () => {
  let db: Kysely<unknown> | null = null;
  let dir = '';

  afterEach(async () => {
    await db?.destroy();
    db = null;
    await rm(dir, { recursive: true, force: true });
  });

  async function open(): Promise<Kysely<unknown>> {
    dir = await tempDir();
    db = openSqliteKysely(path.join(dir, 'test.sqlite')) as Kysely<unknown>;
    return db;
  }

  async function tables(kysely: Kysely<unknown>): Promise<string[]> {
    const result = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' and name not like 'sqlite_%'
      and name not like 'kysely_%' order by name`.execute(kysely);
    return result.rows.map((r) => r.name);
  }

  it('migrates an empty database to the latest schema', async () => {
    const kysely = await open();
    const results = await migrateToLatest(kysely);
    expect(results.map((r) => r.migrationName)).toEqual(Object.keys(MIGRATIONS));
    expect(results.every((r) => r.status === 'Success')).toBe(true);
    expect(await tables(kysely)).toEqual([
      'agent_macro_pins',
      'agents',
      'conversations',
      'customer_pages',
      'customers',
      'identity_secrets',
      'macro_tombstones',
      'macro_uses',
      'macros',
      'messages',
      'sessions',
      'visitor_tokens',
      'workspaces',
    ]);
  });

  it('is idempotent: running again applies nothing', async () => {
    const kysely = await open();
    await migrateToLatest(kysely);
    expect(await migrateToLatest(kysely)).toEqual([]);
  });

  it('goes down to nothing and back up from an older schema', async () => {
    const kysely = await open();
    await migrateToLatest(kysely);
    await migrateTo(kysely, NO_MIGRATIONS);
    expect(await tables(kysely)).toEqual([]);
    await migrateTo(kysely, '0001_init');
    const rest = await migrateToLatest(kysely);
    expect(rest.map((r) => r.migrationName)).toEqual(Object.keys(MIGRATIONS).slice(1));
  });

  it('S1: numbers the rows of an older (0001) database densely when migrating', async () => {
    const kysely = await open();
    await migrateTo(kysely, '0001_init');
    await seedAt0001(kysely);
    const applied = await migrateToLatest(kysely);
    expect(applied.map((r) => r.migrationName)).toEqual(Object.keys(MIGRATIONS).slice(1));
    await expectBackfilled(kysely);
  });

  it('applies 0003 (macros) to a database at 0002 with data, and goes back down', async () => {
    const kysely = await open();
    await migrateTo(kysely, '0001_init');
    await seedAt0001(kysely);
    await migrateTo(kysely, '0002_sync');
    const applied = await migrateToLatest(kysely);
    expect(applied.map((r) => r.migrationName)).toEqual(Object.keys(MIGRATIONS).slice(2));
    await expectBackfilled(kysely);
    await expectMacrosAfter0003(kysely);
    await migrateTo(kysely, '0002_sync');
    expect(await tables(kysely)).not.toContain('macros');
    expect(await migrateToLatest(kysely)).toHaveLength(Object.keys(MIGRATIONS).length - 2);
  });

  it('S14: 0004 numbers existing macros after the head, so an older cache pulls them all', async () => {
    const kysely = await open();
    await migrateTo(kysely, '0001_init');
    await seedAt0001(kysely);
    await migrateTo(kysely, '0003_macros');
    await seedMacrosAt0003(kysely);
    await migrateToLatest(kysely);
    await expectMacrosAfter0004(kysely);
    await migrateTo(kysely, '0003_macros');
    expect(await tables(kysely)).not.toContain('agent_macro_pins');
    await migrateToLatest(kysely);
  });

  it('applies 0005 (identity) to a database with customers, and goes back down', async () => {
    const kysely = await open();
    await migrateTo(kysely, '0001_init');
    await seedAt0001(kysely);
    await migrateTo(kysely, '0004_macro_sync');
    expect((await migrateToLatest(kysely)).map((r) => r.migrationName)).toContain('0005_identity');
    await expectIdentityAfter0005(kysely);
    await migrateTo(kysely, '0004_macro_sync');
    expect(await tables(kysely)).not.toContain('visitor_tokens');
    const columns = await sql<{ name: string }>`pragma table_info(customers)`.execute(kysely);
    expect(columns.rows.map((c) => c.name)).not.toContain('external_id');
    await migrateToLatest(kysely);
  });

  it('R8: applies 0006 (routing) to a database with agents and conversations, and goes back down', async () => {
    const kysely = await open();
    await migrateTo(kysely, '0001_init');
    await seedAt0001(kysely);
    await migrateTo(kysely, '0005_identity');
    expect((await migrateToLatest(kysely)).map((r) => r.migrationName)).toContain('0006_routing');
    await expectRoutingAfter0006(kysely);
    await migrateTo(kysely, '0005_identity');
    const columns = await sql<{ name: string }>`pragma table_info(agents)`.execute(kysely);
    expect(columns.rows.map((c) => c.name)).not.toContain('capacity');
    await migrateToLatest(kysely);
  });

  it('keeps data when a storage is reopened on the same folder', async () => {
    dir = await tempDir();
    const first = await openSqliteStorage({ dataDir: dir });
    const workspace = await first.createWorkspace({ name: 'Kept', now: 1 });
    await first.close();
    const second = await openSqliteStorage({ dataDir: dir });
    expect(await second.getWorkspace(workspace.id)).toEqual(workspace);
    await second.close();
  });
});
