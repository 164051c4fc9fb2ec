import { rm } from 'node:fs/promises';
import path from 'node:path';
import { NO_MIGRATIONS, sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateTo, migrateToLatest } from '../../server/storage/migrate';
import { MIGRATIONS } from '../../server/storage/migrations';
import { openSqliteKysely, openSqliteStorage } from '../../server/storage/sqlite';
import { tempDir } from './helpers';
import { runStorageContract } from './storage-contract';

runStorageContract('SQLite', async () => {
  const dataDir = await tempDir();
  const storage = await openSqliteStorage({ dataDir });
  return {
    storage,
    async dispose() {
      await storage.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});

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
