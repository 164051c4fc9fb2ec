import type { Migration } from 'kysely';
import { migration0001 } from './0001_init';
import { migration0002 } from './0002_sync';
import { migration0003 } from './0003_macros';
import { migration0004 } from './0004_macro_sync';
import { migration0005 } from './0005_identity';
import { migration0006 } from './0006_routing';

/**
 * Every migration, by name. Names sort in the order they apply; add new ones at the end
 * (`0003_…`) and never edit one that has shipped.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_init': migration0001,
  '0002_sync': migration0002,
  '0003_macros': migration0003,
  '0004_macro_sync': migration0004,
  '0005_identity': migration0005,
  '0006_routing': migration0006,
};
