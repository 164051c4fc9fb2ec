import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startServer } from '../server/start';
import { launchWithExtension } from '../tests/e2e/browser';
import { submitSignIn } from '../tests/e2e/flows';
import { readStoredSync } from '../tests/e2e/idb';
import { demoTokenAndHead } from './demo-api';
import type { Figure } from './report';
import { seedWorkspace } from './seed';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 5000);
const MESSAGES_EACH = Number(process.env.BENCH_MESSAGES_EACH ?? 20);

/** Cold sync of a large workspace into IndexedDB, against a raw chunked put of the same rows. */
export async function benchColdSync(): Promise<Figure> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rapport-bench-sync-'));
  const server = await startServer({ port: 0, dataDir, logger: false });
  const browser = await launchWithExtension();
  try {
    const demo = server.demo!;
    const { messages } = seedWorkspace(dataDir, {
      workspaceId: demo.workspaceId,
      conversations: CONVERSATIONS,
      messagesEach: MESSAGES_EACH,
    });
    const { token, headSeq } = await demoTokenAndHead(server);

    const options = await browser.openExtensionPage('options.html');
    const start = performance.now();
    await submitSignIn(options, {
      serverUrl: server.url,
      email: demo.email,
      password: demo.password!,
    });
    for (;;) {
      const stored = await readStoredSync(options).catch(() => null);
      if (stored?.cursor === headSeq) break;
      if (performance.now() - start > 300_000) throw new Error('cold sync did not finish in 5 min');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const syncMs = performance.now() - start;
    const rawMs = await rawChunkedPut(options, server.url, token);
    return {
      name: `cold sync of ${messages.toLocaleString('en')} messages in ${CONVERSATIONS.toLocaleString('en')} conversations into IndexedDB (sign-in → cursor at head)`,
      baselineName: 'raw chunked IndexedDB put of the same rows, 2,000 a transaction',
      valueMs: syncMs,
      baselineMs: rawMs,
      goal: '≤ 10 s and ≤ 1.3× baseline',
      met: syncMs <= 10_000 && syncMs <= 1.3 * rawMs,
    };
  } finally {
    await browser.close();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Fetch every change (untimed), then time plain IndexedDB puts of the rows into a fresh database. */
function rawChunkedPut(page: Page, serverUrl: string, token: string): Promise<number> {
  return page.evaluate(
    async ({ serverUrl, token }) => {
      const rows: Record<string, unknown[]> = {
        conversations: [],
        messages: [],
        customers: [],
        agents: [],
      };
      let since = 0;
      for (;;) {
        const response = await fetch(`${serverUrl}/api/sync?since=${since}&limit=5000`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const page = (await response.json()) as {
          changes: { entity: string; data: Record<string, unknown> }[];
          cursor: number;
          hasMore: boolean;
        };
        for (const change of page.changes) {
          const data =
            change.entity === 'message' ? { ...change.data, delivery: 'sent' } : change.data;
          rows[`${change.entity}s`]!.push(data);
        }
        since = page.cursor;
        if (!page.hasMore) break;
      }
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(`bench-raw-${Date.now()}`, 1);
        request.onupgradeneeded = () => {
          const d = request.result;
          const conversations = d.createObjectStore('conversations', { keyPath: 'id' });
          conversations.createIndex('lastActivityAt', 'lastActivityAt');
          conversations.createIndex('status', 'status');
          const messages = d.createObjectStore('messages', { keyPath: 'id' });
          // The same indexes as lib/db.ts (version 3): `unsent` is sparse (absent on sent rows).
          messages.createIndex('conversationId+createdAt', ['conversationId', 'createdAt']);
          messages.createIndex('unsent', 'unsent');
          d.createObjectStore('customers', { keyPath: 'id' });
          d.createObjectStore('agents', { keyPath: 'id' });
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const start = performance.now();
      for (const [store, list] of Object.entries(rows)) {
        for (let i = 0; i < list.length; i += 2000) {
          await new Promise<void>((resolve, reject) => {
            const tx = db.transaction(store, 'readwrite');
            const objects = tx.objectStore(store);
            for (const row of list.slice(i, i + 2000)) objects.put(row);
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          });
        }
      }
      const elapsed = performance.now() - start;
      db.close();
      return elapsed;
    },
    { serverUrl, token },
  );
}
