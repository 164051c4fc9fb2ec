import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { createKyselyStorage } from './kysely-storage';
import { migrateToLatest } from './migrate';
import type { Database } from './schema';
import type { RapportStorage } from './storage';

export interface PostgresOptions {
  /** postgres://user:password@host:port/database */
  connectionString: string;
  /** Keep Rapport's tables in this schema (created when missing) instead of `public`. */
  schema?: string | undefined;
  /** Most connections the pool opens (default 10). */
  maxConnections?: number;
}

const INT8_OID = 20;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The database could not be reached or the schema name is unusable. */
export class PostgresOpenError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'PostgresOpenError';
  }
}

// int8 (bigint) columns hold ms timestamps and seqs, all far below 2^53: read them as numbers.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A Kysely instance over a pg Pool, with search_path set to `schema` when given. */
export function openPostgresKysely(options: PostgresOptions): Kysely<Database> {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new PostgresOpenError(
      `"${options.schema}" is not a usable schema name: use lower-case letters, digits and _.`,
    );
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    types,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Rapport on PostgreSQL: same storage implementation and migrations as SQLite. */
export async function openPostgresStorage(options: PostgresOptions): Promise<RapportStorage> {
  const db = openPostgresKysely(options);
  try {
    try {
      if (options.schema)
        await sql`create schema if not exists ${sql.id(options.schema)}`.execute(db);
      else await sql`select 1`.execute(db);
    } catch (error) {
      throw new PostgresOpenError(
        `Could not reach PostgreSQL (${String(error)}). Check DATABASE_URL and that the ` +
          'server is running and accepts this user.',
        error,
      );
    }
    await migrateToLatest(db as Kysely<unknown>, { schema: options.schema ?? 'public' });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createKyselyStorage(db);
}
