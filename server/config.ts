import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built widget (scripts/build-widget.mjs writes it), found from this file's location. */
export const DEFAULT_WIDGET_DIR = fileURLToPath(new URL('../widget/dist/', import.meta.url));

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8787;
export const DEFAULT_DATA_DIR = './data';

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** DATABASE_URL: postgres://… selects PostgreSQL; unset means SQLite in dataDir. */
  databaseUrl: string | undefined;
}

/** An environment variable has a value the server cannot use. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** HOST, PORT, DATA_DIR and DATABASE_URL from the environment, with defaults. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const host = env.HOST?.trim() || DEFAULT_HOST;
  const rawPort = env.PORT?.trim() || String(DEFAULT_PORT);
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${rawPort}".`);
  }
  const dataDir = path.resolve(env.DATA_DIR?.trim() || DEFAULT_DATA_DIR);
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    throw new ConfigError(
      'DATABASE_URL must start with postgres:// or postgresql://; unset it to use SQLite in DATA_DIR.',
    );
  }
  return { host, port, dataDir, databaseUrl };
}
