import { NO_MIGRATIONS, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateTo, migrateToLatest } from '../../server/storage/migrate';
import { MIGRATIONS } from '../../server/storage/migrations';
import { openPostgresKysely } from '../../server/storage/postgres';
import { expectMacrosAfter0004, seedMacrosAt0003 } from './migration-0004-fixture';
import { expectIdentityAfter0005 } from './migration-0005-fixture';
import { expectRoutingAfter0006 } from './migration-0006-fixture';
import { expectBackfilled, expectMacrosAfter0003, seedAt0001 } from './migration-fixture';
import {
  describePostgres,
  dropSchema,
  openTestPostgres,
  POSTGRES_URL,
  testSchemaName,
} from './postgres';
import { runCustomerContract } from './customer-contract';
import { runMacroContract } from './macro-contract';
import { runStorageContract } from './storage-contract';
import { runSyncContract } from './sync-contract';

// Each test gets its own schema (rapport_test_<random>), migrated, then dropped with CASCADE.

describePostgres('Postgres', () => {
  runStorageContract('Postgres', openTestPostgres);
  runSyncContract('Postgres', openTestPostgres);
  runMacroContract('Postgres', openTestPostgres);
  runCustomerContract('Postgres', openTestPostgres);

  describe('Postgres migrations', () => {
    let db: Kysely<unknown> | null = null;
    let schema = '';

    afterEach(async () => {
      await db?.destroy();
      db = null;
      await dropSchema(schema);
    });

    function open(): Kysely<unknown> {
      schema = testSchemaName();
      db = openPostgresKysely({ connectionString: POSTGRES_URL, schema }) as Kysely<unknown>;
      return db;
    }

    it('migrates up, down to nothing and up again', async () => {
      const kysely = open();
      const results = await migrateToLatest(kysely, { schema });
      expect(results.map((r) => r.migrationName)).toEqual(Object.keys(MIGRATIONS));
      expect(await migrateToLatest(kysely, { schema })).toEqual([]);
      await migrateTo(kysely, NO_MIGRATIONS, { schema });
      const tables = await kysely.introspection.getTables();
      expect(tables.filter((t) => t.schema === schema).map((t) => t.name)).toEqual([]);
      await migrateToLatest(kysely, { schema });
    });

    it('S1: numbers the rows of an older (0001) database densely when migrating', async () => {
      const kysely = open();
      await migrateTo(kysely, '0001_init', { schema });
      await seedAt0001(kysely);
      expect((await migrateToLatest(kysely, { schema })).map((r) => r.migrationName)).toEqual(
        Object.keys(MIGRATIONS).slice(1),
      );
      await expectBackfilled(kysely);
    });

    it('applies 0003 (macros) to a database at 0002 with data, and goes back down', async () => {
      const kysely = open();
      await migrateTo(kysely, '0001_init', { schema });
      await seedAt0001(kysely);
      await migrateTo(kysely, '0002_sync', { schema });
      const applied = await migrateToLatest(kysely, { schema });
      expect(applied.map((r) => r.migrationName)).toEqual(Object.keys(MIGRATIONS).slice(2));
      await expectBackfilled(kysely);
      await expectMacrosAfter0003(kysely);
      await migrateTo(kysely, '0002_sync', { schema });
      const tables = await kysely.introspection.getTables();
      expect(tables.filter((t) => t.schema === schema).map((t) => t.name)).not.toContain('macros');
      expect(await migrateToLatest(kysely, { schema })).toHaveLength(
        Object.keys(MIGRATIONS).length - 2,
      );
    });

    it('S14: 0004 numbers existing macros after the head, so an older cache pulls them all', async () => {
      const kysely = open();
      await migrateTo(kysely, '0001_init', { schema });
      await seedAt0001(kysely);
      await migrateTo(kysely, '0003_macros', { schema });
      await seedMacrosAt0003(kysely);
      await migrateToLatest(kysely, { schema });
      await expectMacrosAfter0004(kysely);
      await migrateTo(kysely, '0003_macros', { schema });
      await migrateToLatest(kysely, { schema });
    });

    it('applies 0005 (identity) to a database with customers, and goes back down', async () => {
      const kysely = open();
      await migrateTo(kysely, '0001_init', { schema });
      await seedAt0001(kysely);
      await migrateTo(kysely, '0004_macro_sync', { schema });
      const applied = await migrateToLatest(kysely, { schema });
      expect(applied.map((r) => r.migrationName)).toContain('0005_identity');
      await expectIdentityAfter0005(kysely);
      await migrateTo(kysely, '0004_macro_sync', { schema });
      const tables = await kysely.introspection.getTables();
      const ours = tables.filter((t) => t.schema === schema);
      expect(ours.map((t) => t.name)).not.toContain('visitor_tokens');
      const customers = ours.find((t) => t.name === 'customers');
      expect(customers?.columns.map((c) => c.name)).not.toContain('external_id');
      await migrateToLatest(kysely, { schema });
    });

    it('R8: applies 0006 (routing) to a database with agents and conversations, and goes back down', async () => {
      const kysely = open();
      await migrateTo(kysely, '0001_init', { schema });
      await seedAt0001(kysely);
      await migrateTo(kysely, '0005_identity', { schema });
      const applied = await migrateToLatest(kysely, { schema });
      expect(applied.map((r) => r.migrationName)).toContain('0006_routing');
      await expectRoutingAfter0006(kysely);
      await migrateTo(kysely, '0005_identity', { schema });
      const tables = await kysely.introspection.getTables();
      const agents = tables.find((t) => t.schema === schema && t.name === 'agents');
      expect(agents?.columns.map((c) => c.name)).not.toContain('capacity');
      await migrateToLatest(kysely, { schema });
    });
  });
});
