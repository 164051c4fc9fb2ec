import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../server/config';
import { isPostgresUrl } from '../../server/storage/open';

describe('server configuration', () => {
  it('reads DATABASE_URL: postgres:// selects PostgreSQL, unset means SQLite in DATA_DIR', () => {
    expect(readConfig({ DATA_DIR: 'x' })).toMatchObject({
      dataDir: path.resolve('x'),
      databaseUrl: undefined,
    });
    const url = 'postgresql://rapport@db:5432/rapport';
    expect(readConfig({ DATABASE_URL: ` ${url} ` }).databaseUrl).toBe(url);
    expect(isPostgresUrl(url)).toBe(true);
    expect(isPostgresUrl('postgres://u@h/d')).toBe(true);
    expect(isPostgresUrl('./data/rapport.sqlite')).toBe(false);
    expect(isPostgresUrl(undefined)).toBe(false);
  });

  it('refuses a DATABASE_URL it cannot use, saying what to do', () => {
    expect(() => readConfig({ DATABASE_URL: 'mysql://db/rapport' })).toThrow(ConfigError);
    expect(() => readConfig({ DATABASE_URL: 'mysql://db/rapport' })).toThrow(/unset it/);
  });
});
