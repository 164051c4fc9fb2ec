import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { PROTOCOL_VERSION, type LoginResponse } from '../../protocol';
import { hashPassword, type ScryptParams } from '../../server/auth/password';
import { startServer, type RunningServer, type StartOptions } from '../../server/start';
import { openStorage } from '../../server/storage/open';
import type { RapportStorage } from '../../server/storage/storage';

/** Cheap scrypt for agents that tests create; the demo admin keeps the real OWASP parameters. */
export const FAST_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1, keyLength: 64 };

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'rapport-server-'));
}

export interface TestServer {
  server: RunningServer;
  dataDir: string;
  /** A second connection to the same database, for setting up and inspecting data. */
  storage: RapportStorage;
  close(): Promise<void>;
}

export async function startTestServer(options: Partial<StartOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await tempDir());
  const server = await startServer({ port: 0, logger: false, ...options, dataDir });
  const storage = await openStorage({
    dataDir,
    databaseUrl: options.databaseUrl,
    databaseSchema: options.databaseSchema,
  });
  return {
    server,
    dataDir,
    storage,
    async close() {
      await server.close();
      await storage.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** A new workspace with one agent (fast password hash). */
export async function createWorkspaceWithAgent(
  storage: RapportStorage,
  name = 'Other Shop',
): Promise<{ workspaceId: string; email: string; password: string }> {
  const now = Date.now();
  const workspace = await storage.createWorkspace({ name, now });
  const email = `agent${++counter}-${workspace.id.slice(-8)}@example.test`;
  const password = 'correct horse battery staple';
  await storage.createAgent({
    workspaceId: workspace.id,
    email,
    name: `Agent ${counter}`,
    role: 'agent',
    passwordHash: await hashPassword(password, FAST_SCRYPT),
    now,
  });
  return { workspaceId: workspace.id, email, password };
}

export async function addAgent(
  storage: RapportStorage,
  workspaceId: string,
  role: 'admin' | 'agent' = 'agent',
): Promise<{ email: string; password: string }> {
  const email = `agent${++counter}@example.test`;
  const password = 'another fine password';
  await storage.createAgent({
    workspaceId,
    email,
    name: `Agent ${counter}`,
    role,
    passwordHash: await hashPassword(password, FAST_SCRYPT),
    now: Date.now(),
  });
  return { email, password };
}

export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export async function login(base: string, email: string, password: string): Promise<LoginResponse> {
  const response = await post(`${base}/api/auth/login`, { email, password });
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  return (await response.json()) as LoginResponse;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** A real WebSocket client that queues frames so tests can await them in order. */
export class TestSocket {
  readonly frames: Record<string, unknown>[] = [];
  /** The welcome frame, once agentSocket()/visitorSocket() got it. */
  welcome: Record<string, unknown> | null = null;
  private waiters: (() => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Record<string, unknown>);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.waiters.splice(0)) wake();
      }),
    );
  }

  static async open(base: string, route: '/ws/agent' | '/ws/visitor'): Promise<TestSocket> {
    const ws = new WebSocket(base.replace(/^http/, 'ws') + route);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new TestSocket(ws);
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame (in arrival order) whose type matches; earlier frames of other types stay. */
  async next<T = Record<string, unknown>>(type: string): Promise<T> {
    for (;;) {
      const index = this.frames.findIndex((f) => f.type === type);
      if (index >= 0) return this.frames.splice(index, 1)[0] as T;
      if (this.ws.readyState === WebSocket.CLOSED) {
        throw new Error(`socket closed before a ${type} frame arrived`);
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  close(): void {
    this.ws.close();
  }

  /** Cut the connection at once, as a dropped network would (no close handshake). */
  terminate(): void {
    this.ws.terminate();
  }

  /** Resolves after every frame the server sent before answering this ping has arrived. */
  async barrier(): Promise<void> {
    this.send({ type: 'ping' });
    await this.next('pong');
  }
}

/** An agent socket after hello/welcome. */
export async function agentSocket(base: string, token: string): Promise<TestSocket> {
  const socket = await TestSocket.open(base, '/ws/agent');
  socket.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, token });
  socket.welcome = await socket.next('welcome');
  return socket;
}

/** A new visitor (REST session) and its socket after welcome. */
export async function visitorSocket(
  base: string,
  workspaceId: string,
  visitorToken?: string,
): Promise<{ socket: TestSocket; visitorToken: string; customerId: string }> {
  const response = await post(`${base}/api/visitor/session`, { workspaceId, visitorToken });
  const session = (await response.json()) as { visitorToken: string; customer: { id: string } };
  const socket = await TestSocket.open(base, '/ws/visitor');
  socket.send({
    type: 'hello',
    protocolVersion: PROTOCOL_VERSION,
    workspaceId,
    visitorToken: session.visitorToken,
  });
  socket.welcome = await socket.next('welcome');
  return { socket, visitorToken: session.visitorToken, customerId: session.customer.id };
}
