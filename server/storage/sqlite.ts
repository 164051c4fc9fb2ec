import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import { createKyselyStorage } from './kysely-storage';
import { migrateToLatest } from './migrate';
import type { Database } from './schema';
import type { RapportStorage } from './storage';

/** The SQLite file's name inside DATA_DIR. */
export const SQLITE_FILENAME = 'rapport.sqlite';

/**
 * Transactions take the write lock when they begin (`BEGIN IMMEDIATE`), so a transaction that
 * reads and then writes never fails with SQLITE_BUSY when another connection to the same file
 * wrote in between: it waits (busy_timeout) instead. Within one process Kysely already runs
 * transactions one at a time on its single connection.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

/** Open a SQLite connection with the pragmas Rapport relies on (WAL, foreign keys). */
export function openSqliteKysely(filename: string): Kysely<Database> {
  const database = new SQLite(filename);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) });
}

/**
 * The embedded default: `<dataDir>/rapport.sqlite`, created when missing, migrated to the
 * latest schema before it is returned.
 */
export async function openSqliteStorage(options: { dataDir: string }): Promise<RapportStorage> {
  await mkdir(options.dataDir, { recursive: true });
  const db = openSqliteKysely(path.join(options.dataDir, SQLITE_FILENAME));
  try {
    await migrateToLatest(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createKyselyStorage(db);
}
