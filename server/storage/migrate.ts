import { Migrator, type Kysely, type MigrationResult, type NoMigrations } from 'kysely';
import { MIGRATIONS } from './migrations';

/** The migration could not be applied; the database is left at the last good migration. */
export class MigrationError extends Error {
  constructor(name: string | undefined, cause: unknown) {
    super(
      `Database migration ${name ?? '(unknown)'} failed: ${String(cause)}. ` +
        'The database was left at the previous migration; fix the cause (disk, permissions, ' +
        'a database from a newer Rapport version) and start again.',
      { cause },
    );
    this.name = 'MigrationError';
  }
}

/** Where the tables live: a Postgres schema (null for SQLite or Postgres's default `public`). */
export interface MigrateOptions {
  schema?: string | undefined;
}

function migrator(db: Kysely<unknown>, options: MigrateOptions): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    // Kysely looks for its bookkeeping tables in every schema unless told which one is ours.
    ...(options.schema ? { migrationTableSchema: options.schema } : {}),
  });
}

function check(error: unknown, results: MigrationResult[] | undefined): MigrationResult[] {
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed) throw new MigrationError(failed?.migrationName, error);
  return results ?? [];
}

/** Apply every pending migration. Safe to call on every start: applied ones are skipped. */
export async function migrateToLatest(
  db: Kysely<unknown>,
  options: MigrateOptions = {},
): Promise<MigrationResult[]> {
  const { error, results } = await migrator(db, options).migrateToLatest();
  return check(error, results);
}

/** Migrate up or down to one named migration (tests use it to start from an older schema). */
export async function migrateTo(
  db: Kysely<unknown>,
  name: string | NoMigrations,
  options: MigrateOptions = {},
): Promise<MigrationResult[]> {
  const { error, results } = await migrator(db, options).migrateTo(name);
  return check(error, results);
}
