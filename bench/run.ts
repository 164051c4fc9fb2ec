// `npm run bench`: each figure beside a baseline measured in the same run, as a ratio.
//
// 1. Customer → agent delivery through Rapport (visitor socket → SQLite commit → agent socket),
//    against a bare WebSocket relay on the same loopback (the network and JSON floor).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  PROTOCOL_VERSION,
  uuidv7,
  type LoginResponse,
  type VisitorSessionResponse,
} from '../protocol';
import { startServer } from '../server/start';
import { benchColdSync } from './cold-sync';
import { benchMacroSearch } from './macro-search';
import { benchOverlayKeystroke } from './overlay-keystroke';
import { benchOverlaySize, printSizeFigure } from './overlay-size';
import { benchRecognitionScan } from './recognition-scan';
import { printFigure } from './report';
import { benchRouting, printRoutingFigure } from './routing';
import { benchSidePanel } from './side-panel';
import { nextFrame, openSocket, timeSequential, type Timing } from './sockets';

const N = Number(process.env.BENCH_MESSAGES ?? 300);

async function rapportDelivery(): Promise<Timing> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rapport-bench-'));
  const server = await startServer({ port: 0, dataDir, logger: false });
  try {
    const { email, password, workspaceId } = server.demo!;
    const login = (await (
      await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      })
    ).json()) as LoginResponse;
    const ws = server.url.replace('http', 'ws');
    const agent = await openSocket(`${ws}/ws/agent`);
    agent.send(
      JSON.stringify({ type: 'hello', protocolVersion: PROTOCOL_VERSION, token: login.token }),
    );
    await nextFrame(agent, (f) => f.type === 'welcome');

    const session = (await (
      await fetch(`${server.url}/api/visitor/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ workspaceId }),
      })
    ).json()) as VisitorSessionResponse;
    const visitor = await openSocket(`${ws}/ws/visitor`);
    visitor.send(
      JSON.stringify({
        type: 'hello',
        protocolVersion: PROTOCOL_VERSION,
        workspaceId,
        visitorToken: session.visitorToken,
      }),
    );
    await nextFrame(visitor, (f) => f.type === 'welcome');

    const timing = await timeSequential(N, async (i) => {
      const clientId = uuidv7();
      const delivered = nextFrame(agent, (f) => carriesMessage(f, clientId));
      visitor.send(JSON.stringify({ type: 'message.send', clientId, text: `Message number ${i}` }));
      await delivered;
    });
    agent.close();
    visitor.close();
    return timing;
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function bareRelay(): Promise<Timing> {
  const relay = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => relay.once('listening', resolve));
  const peers = new Set<WebSocket>();
  relay.on('connection', (socket) => {
    peers.add(socket);
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Record<string, unknown>;
      for (const peer of peers)
        if (peer !== socket) {
          const change = { seq: 0, entity: 'message', data: frame };
          peer.send(JSON.stringify({ type: 'sync.changes', changes: [change] }));
        }
    });
  });
  const { port } = relay.address() as { port: number };
  const agent = await openSocket(`ws://127.0.0.1:${port}`);
  const visitor = await openSocket(`ws://127.0.0.1:${port}`);
  const timing = await timeSequential(N, async (i) => {
    const clientId = uuidv7();
    const delivered = nextFrame(agent, (f) => carriesMessage(f, clientId));
    visitor.send(JSON.stringify({ type: 'message.send', clientId, text: `Message number ${i}` }));
    await delivered;
  });
  agent.close();
  visitor.close();
  relay.close();
  return timing;
}

/** An agent socket's live `sync.changes` frame that holds the message sent with `clientId`. */
function carriesMessage(frame: Record<string, unknown>, clientId: string): boolean {
  if (frame.type !== 'sync.changes') return false;
  const changes = frame.changes as { entity: string; data: { clientId?: string } }[];
  return changes.some((c) => c.entity === 'message' && c.data.clientId === clientId);
}

function row(name: string, value: Timing, baseline: Timing): string {
  const fmt = (t: Timing) =>
    `mean ${t.meanMs.toFixed(2)} ms, p50 ${t.p50Ms.toFixed(2)}, p95 ${t.p95Ms.toFixed(2)}`;
  return `${name}\n  rapport:  ${fmt(value)}\n  baseline: ${fmt(baseline)}\n  ratio:    ${(value.meanMs / baseline.meanMs).toFixed(2)}× (mean)`;
}

const only = process.env.BENCH_ONLY;
if (!only || only === 'macros') printFigure(await benchMacroSearch());
if (!only || only === 'panel') for (const figure of await benchSidePanel()) printFigure(figure);
if (!only || only === 'sync') printFigure(await benchColdSync());
if (!only || only === 'overlay') {
  for (const figure of benchOverlaySize()) printSizeFigure(figure);
  for (const figure of await benchOverlayKeystroke()) printFigure(figure);
}
if (!only || only === 'routing') for (const figure of benchRouting()) printRoutingFigure(figure);
if (!only || only === 'recognition')
  for (const figure of await benchRecognitionScan()) printFigure(figure);
if (only && only !== 'delivery') process.exit(0);
const baseline = await bareRelay();
const rapport = await rapportDelivery();
console.log(`Rapport benchmarks (${N} messages each, sequential)\n`);
console.log(
  row(
    'customer → agent delivery (visitor socket → commit → agent socket) vs bare WebSocket relay',
    rapport,
    baseline,
  ),
);
