import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

// The overlay's test pages (tests/e2e/pages, bundled by scripts/build-test-pages.mjs) on a tiny
// static server at 127.0.0.1, one origin for the pages and their iframes.

export const TEST_PAGES_DIR = resolve(process.env.RAPPORT_TEST_PAGES_DIR ?? 'test-results/pages');

/** Bundle the pages (about a second). */
export function buildTestPages(): void {
  execFileSync(process.execPath, ['scripts/build-test-pages.mjs'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, RAPPORT_TEST_PAGES_DIR: TEST_PAGES_DIR },
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface PagesServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/** Serve TEST_PAGES_DIR on an ephemeral port of 127.0.0.1. */
export async function serveTestPages(): Promise<PagesServer> {
  const server = createServer((request, response) => {
    const path = normalize(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    const file = join(TEST_PAGES_DIR, path);
    if (!file.startsWith(TEST_PAGES_DIR)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
        });
        response.end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
