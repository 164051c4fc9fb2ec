import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import type { StartOptions } from '../../server/start';
import { openPostgresStorage } from '../../server/storage/postgres';
import type { RapportStorage } from '../../server/storage/storage';
import { startTestServer, type TestServer } from './helpers';

// Whether the Postgres tests run. They need a server at DATABASE_URL (default: the local test
// database). Without one they are skipped visibly, unless REQUIRE_POSTGRES=1 (CI): then they fail.

export const POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Postgres is required (REQUIRE_POSTGRES=1) but not reachable. */
export class PostgresUnavailableError extends Error {
  constructor(url: string, cause: unknown) {
    super(
      `Postgres suite required (REQUIRE_POSTGRES=1) but no server answered at ${url}: ` +
        `${String(cause)}. Start PostgreSQL or point DATABASE_URL at one.`,
      { cause },
    );
    this.name = 'PostgresUnavailableError';
  }
}

async function probe(url: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error ?? new Error('unknown error');
  } finally {
    await client.end().catch(() => {});
  }
}

const failure = await probe(POSTGRES_URL);
if (failure !== null && process.env.REQUIRE_POSTGRES === '1') {
  throw new PostgresUnavailableError(POSTGRES_URL, failure);
}
if (failure !== null) {
  console.warn(
    `Postgres suite skipped: no server at ${POSTGRES_URL}. Start PostgreSQL or set DATABASE_URL ` +
      'to run it (CI requires it via REQUIRE_POSTGRES=1).',
  );
}

/** True when a Postgres server answered at POSTGRES_URL. */
export const postgresAvailable = failure === null;

/** `describe` that is skipped (and reported as skipped) when Postgres is not reachable. */
export const describePostgres = describe.skipIf(!postgresAvailable);

/** A fresh schema name for one test file or test. */
export function testSchemaName(): string {
  return `rapport_test_${randomBytes(6).toString('hex')}`;
}

/** Drop a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** A migrated storage in its own new schema; another client on the same schema with `connect`. */
export async function openTestPostgres(): Promise<{
  schema: string;
  storage: RapportStorage;
  connect(): Promise<RapportStorage>;
  dispose(): Promise<void>;
}> {
  const schema = testSchemaName();
  const opened: RapportStorage[] = [];
  const connect = async () => {
    const storage = await openPostgresStorage({ connectionString: POSTGRES_URL, schema });
    opened.push(storage);
    return storage;
  };
  const storage = await connect();
  return {
    schema,
    storage,
    connect,
    async dispose() {
      await Promise.all(opened.map((s) => s.close()));
      await dropSchema(schema);
    },
  };
}

/** startTestServer on Postgres, in a new schema that close() drops. */
export async function startPostgresTestServer(
  options: Partial<StartOptions> = {},
): Promise<TestServer> {
  const schema = testSchemaName();
  const t = await startTestServer({
    ...options,
    databaseUrl: POSTGRES_URL,
    databaseSchema: schema,
  });
  return {
    ...t,
    async close() {
      await t.close();
      await dropSchema(schema);
    },
  };
}
