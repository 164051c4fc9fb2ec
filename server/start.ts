import type { AddressInfo } from 'node:net';
import type { FastifyServerOptions } from 'fastify';
import { buildApp } from './app';
import type { LoginLimits } from './auth/rate-limit';
import type { WindowLimits } from './auth/window-limit';
import { DEFAULT_HOST, DEFAULT_PORT } from './config';
import { seedDemo, type DemoSeed } from './seed';
import { openStorage } from './storage/open';

export interface StartOptions {
  host?: string;
  /** 0 picks a free port; RunningServer reports the real one. */
  port?: number;
  /** Folder for the SQLite database; created when missing. */
  dataDir: string;
  /** postgres://… or postgresql://… stores everything in PostgreSQL instead of SQLite. */
  databaseUrl?: string | undefined;
  /** With databaseUrl: the Postgres schema to use (created when missing; default public). */
  databaseSchema?: string | undefined;
  logger?: FastifyServerOptions['logger'];
  widgetDir?: string;
  /** Create the demo workspace and admin on first start (default true). */
  seedDemo?: boolean;
  loginLimits?: Partial<LoginLimits>;
  newVisitorLimits?: Partial<WindowLimits>;
  helloTimeoutMs?: number;
  /** Every connection of an agent gone this long: offline (R1). Default 60 s. */
  offlineGraceMs?: number;
  /** No activity from an agent this long: away (R2). Default 10 minutes. */
  idleAwayMs?: number;
}

export interface RunningServer {
  /** http://host:port */
  url: string;
  port: number;
  demo: DemoSeed | null;
  /** Graceful: stop accepting, finish in-flight work, close sockets (1012), close the database. */
  close(): Promise<void>;
}

/** A port that is taken or a host that cannot be bound. */
export class ListenError extends Error {
  constructor(host: string, port: number, cause: unknown) {
    super(
      `Rapport could not listen on ${host}:${port} (${String(cause)}). ` +
        'Stop whatever uses that port or set PORT (and HOST) to another value.',
      { cause },
    );
    this.name = 'ListenError';
  }
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Open storage, seed the demo, build the app and listen. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const storage = await openStorage({
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    databaseSchema: options.databaseSchema,
  });
  try {
    await storage.deleteExpiredSessions(Date.now());
    const demo = options.seedDemo === false ? null : await seedDemo(storage, Date.now());
    const app = await buildApp({
      storage,
      logger: options.logger ?? false,
      widgetDir: options.widgetDir,
      demoWorkspaceId: demo?.workspaceId ?? null,
      loginLimits: options.loginLimits,
      newVisitorLimits: options.newVisitorLimits,
      helloTimeoutMs: options.helloTimeoutMs,
      offlineGraceMs: options.offlineGraceMs,
      idleAwayMs: options.idleAwayMs,
    });
    const requestedPort = options.port ?? DEFAULT_PORT;
    try {
      await app.listen({ host, port: requestedPort });
    } catch (error) {
      await app.close();
      throw new ListenError(host, requestedPort, error);
    }
    const port = (app.server.address() as AddressInfo).port;
    let closing: Promise<void> | null = null;
    return {
      url: `http://${urlHost(host)}:${port}`,
      port,
      demo,
      close() {
        closing ??= app.close().then(() => storage.close());
        return closing;
      },
    };
  } catch (error) {
    await storage.close();
    throw error;
  }
}
