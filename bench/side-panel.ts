import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../server/start';
import { launchWithExtension, type ExtensionBrowser } from '../tests/e2e/browser';
import { signIn } from '../tests/e2e/flows';
import { readStoredSync } from '../tests/e2e/idb';
import { demoTokenAndHead } from './demo-api';
import { median, type Figure } from './report';
import { seedWorkspace } from './seed';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

interface Desk {
  server: RunningServer;
  dataDir: string;
  browser: ExtensionBrowser;
  panel: Page;
}

/** A server whose demo workspace is seeded by `seed`, and a browser signed in and synced. */
async function desk(seed: (dataDir: string, workspaceId: string) => void): Promise<Desk> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rapport-bench-panel-'));
  const server = await startServer({ port: 0, dataDir, logger: false });
  const demo = server.demo!;
  seed(dataDir, demo.workspaceId);
  const browser = await launchWithExtension();
  await signIn(browser, { serverUrl: server.url, email: demo.email, password: demo.password! });
  const { headSeq } = await demoTokenAndHead(server);
  const panel = await browser.openExtensionPage('sidepanel.html');
  await panel.setViewportSize({ width: 420, height: 800 });
  while ((await readStoredSync(panel)).cursor !== headSeq) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await panel.addInitScript(() => {
    const marks: Record<string, number> = {};
    (window as unknown as { __bench: Record<string, number> }).__bench = marks;
    document.addEventListener('click', () => (marks.click = performance.now()), true);
    new MutationObserver(() => {
      if (!marks.list && document.body?.dataset.ready === 'list') marks.list = performance.now();
      const view = document.querySelector('[data-testid="conversation-view"]');
      if (marks.click && !marks.open && view?.getAttribute('data-ready') === 'conversation') {
        marks.open = performance.now();
      }
    }).observe(document, { subtree: true, attributes: true, childList: true });
  });
  return { server, dataDir, browser, panel };
}

async function close(d: Desk): Promise<void> {
  await d.browser.close();
  await d.server.close();
  await rm(d.dataDir, { recursive: true, force: true });
}

type Marks = { list?: number; click?: number; open?: number };
const marks = (page: Page) =>
  page.evaluate(() => (window as unknown as { __bench: Marks }).__bench);

/** Reload the side panel; ms from navigation start to the first list on screen. */
async function firstRender(panel: Page): Promise<number> {
  await panel.reload();
  await panel.waitForFunction(() => document.body.dataset.ready === 'list');
  return (await marks(panel)).list!;
}

/** Reload, then ms from the click on a conversation to its messages on screen. */
async function openConversation(panel: Page, customer: string): Promise<number> {
  await firstRender(panel);
  await panel.getByTestId('conversation-item').filter({ hasText: customer }).first().click();
  await panel.waitForFunction(() => {
    const view = document.querySelector('[data-testid="conversation-view"]');
    return view?.getAttribute('data-ready') === 'conversation';
  });
  const m = await marks(panel);
  return m.open! - m.click!;
}

async function repeat(run: () => Promise<number>): Promise<number> {
  await run(); // warm-up
  const values: number[] = [];
  for (let i = 0; i < RUNS; i++) values.push(await run());
  return median(values);
}

/** Side panel first render with 1,000 cached conversations; opening one of 500 messages. */
export async function benchSidePanel(): Promise<Figure[]> {
  const empty = await desk(() => {});
  const full = await desk((dataDir, workspaceId) =>
    seedWorkspace(dataDir, {
      workspaceId,
      conversations: 1000,
      messagesEach: 2,
      sizes: { 998: 1, 999: 500 },
    }),
  );
  try {
    const emptyRender = await repeat(() => firstRender(empty.panel));
    const fullRender = await repeat(() => firstRender(full.panel));
    const small = await repeat(() => openConversation(full.panel, 'Customer 998'));
    const large = await repeat(() => openConversation(full.panel, 'Customer 999'));
    return [
      {
        name: `side panel first render with 1,000 cached conversations (navigation → list on screen, median of ${RUNS})`,
        baselineName: 'the same with an empty cache (empty state)',
        valueMs: fullRender,
        baselineMs: emptyRender,
        goal: '≤ 100 ms',
        met: fullRender <= 100,
      },
      {
        name: `opening a conversation of 500 messages (click → messages on screen, median of ${RUNS})`,
        baselineName: 'opening a conversation of 1 message',
        valueMs: large,
        baselineMs: small,
        goal: '≤ 50 ms',
        met: large <= 50,
      },
    ];
  } finally {
    await close(empty);
    await close(full);
  }
}
