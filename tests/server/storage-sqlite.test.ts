import { rm } from 'node:fs/promises';
import path from 'node:path';
import { NO_MIGRATIONS, sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateTo, migrateToLatest } from '../../server/storage/migrate';
import { MIGRATIONS } from '../../server/storage/migrations';
import { openSqliteKysely, openSqliteStorage } from '../../server/storage/sqlite';
import { tempDir } from './helpers';
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
      'agents',
      'conversations',
      'customers',
      'macros',
      'messages',
      'sessions',
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
    expect(applied.map((r) => r.migrationName)).toEqual(['0002_sync', '0003_macros']);
    await expectBackfilled(kysely);
  });

  it('applies 0003 (macros) to a database at 0002 with data, and goes back down', async () => {
    const kysely = await open();
    await migrateTo(kysely, '0001_init');
    await seedAt0001(kysely);
    await migrateTo(kysely, '0002_sync');
    expect((await migrateToLatest(kysely)).map((r) => r.migrationName)).toEqual(['0003_macros']);
    await expectBackfilled(kysely);
    await expectMacrosAfter0003(kysely);
    await migrateTo(kysely, '0002_sync');
    expect(await tables(kysely)).not.toContain('macros');
    expect(await migrateToLatest(kysely)).toHaveLength(1);
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
