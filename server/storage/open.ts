import { openPostgresStorage } from './postgres';
import { openSqliteStorage } from './sqlite';
import type { RapportStorage } from './storage';

export interface OpenStorageOptions {
  /** A postgres:// or postgresql:// URL selects Postgres; anything else (or none) SQLite. */
  databaseUrl?: string | undefined;
  /** Postgres only: keep the tables in this schema instead of `public`. */
  databaseSchema?: string | undefined;
  /** SQLite only: the folder that holds rapport.sqlite. */
  dataDir: string;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/** Open (and migrate) the storage the options select. */
export function openStorage(options: OpenStorageOptions): Promise<RapportStorage> {
  if (isPostgresUrl(options.databaseUrl)) {
    return openPostgresStorage({
      connectionString: options.databaseUrl,
      schema: options.databaseSchema,
    });
  }
  return openSqliteStorage({ dataDir: options.dataDir });
}
