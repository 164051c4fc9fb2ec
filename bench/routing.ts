// A routing decision with 500 agents and 10,000 queued conversations (issue 5 part 7: ≤ 1 ms),
// against a naive router in the same run that sorts every agent and scans the whole queue on each
// decision. Both replay the same operations and must make the same decisions.
import {
  createRoutingState,
  route,
  type RoutingSnapshot,
  type RoutingState,
} from '../server/routing';

const AGENTS = 500;
const QUEUED = Number(process.env.BENCH_ROUTING_QUEUED ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUTING_ROUNDS ?? 4_000);
const WARMUP = 500;
const GOAL_MS = 1;

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 500 agents: 400 online and full, 60 away (half full), 40 offline; capacities 2–6. 10,000 queued
 * conversations; 20% of their customers talked with some agent before (familiar candidates).
 */
function busyDesk(seed = 7): RoutingSnapshot {
  const random = prng(seed);
  const snapshot: RoutingSnapshot = { agents: [], conversations: [], lastAgents: [] };
  let clock = 0;
  for (let i = 0; i < AGENTS; i++) {
    const id = `agent-${String(i).padStart(3, '0')}`;
    const status = i < 400 ? 'online' : i < 460 ? 'away' : 'offline';
    const capacity = 2 + (i % 5);
    const load = status === 'online' ? capacity : status === 'away' ? capacity >> 1 : 0;
    for (let k = 0; k < load; k++) {
      const customerId = `held-${i}-${k}`;
      snapshot.conversations.push({
        id: customerId,
        customerId,
        assigneeId: id,
        queuedAt: ++clock,
      });
      snapshot.lastAgents.push({ customerId, agentId: id });
    }
    snapshot.agents.push({ id, status, capacity, lastAssignedAt: load ? clock : null });
  }
  for (let q = 0; q < QUEUED; q++) {
    const customerId = `waiting-${q}`;
    snapshot.conversations.push({ id: `q-${q}`, customerId, assigneeId: null, queuedAt: ++clock });
    if (random() < 0.2)
      snapshot.lastAgents.push({
        customerId,
        agentId: snapshot.agents[Math.floor(random() * AGENTS)]!.id,
      });
  }
  return snapshot;
}

/** The operations both routers replay: an arrival when all are full, then a close that frees a slot. */
interface Step {
  arrival: { conversationId: string; customerId: string };
  /** The agent whose conversation closes (an online one), and which of their conversations. */
  close: { agentIndex: number; pick: number };
}

function steps(count: number, seed = 11): Step[] {
  const random = prng(seed);
  return Array.from({ length: count }, (_, i) => ({
    // a returning customer half of the time, whose last agent is full: the arrival still queues
    arrival: {
      conversationId: `new-${i}`,
      customerId: random() < 0.5 ? `held-${Math.floor(random() * 400)}-0` : `new-customer-${i}`,
    },
    close: { agentIndex: Math.floor(random() * 400), pick: Math.floor(random() * 6) },
  }));
}

// ---- the naive router: the same rules, no indexes ----

interface NaiveAgent {
  id: string;
  status: string;
  capacity: number;
  active: string[];
  lastAssignedAt: number | null;
}
interface NaiveConversation {
  id: string;
  customerId: string;
  queuedAt: number;
}
interface NaiveState {
  agents: NaiveAgent[];
  queue: NaiveConversation[];
  customerOf: Map<string, string>;
  lastAgentOf: Map<string, string>;
  clock: number;
}

function naiveState(snapshot: RoutingSnapshot): NaiveState {
  const agents = snapshot.agents.map((a) => ({ ...a, active: [] as string[] }));
  const byId = new Map(agents.map((a) => [a.id, a]));
  const state: NaiveState = {
    agents,
    queue: [],
    customerOf: new Map(),
    lastAgentOf: new Map(snapshot.lastAgents.map((l) => [l.customerId, l.agentId])),
    clock: snapshot.conversations.reduce((max, c) => Math.max(max, c.queuedAt), 0),
  };
  for (const c of snapshot.conversations) {
    state.customerOf.set(c.id, c.customerId);
    if (c.assigneeId) byId.get(c.assigneeId)!.active.push(c.id);
    else state.queue.push({ id: c.id, customerId: c.customerId, queuedAt: c.queuedAt });
  }
  state.queue.sort((a, b) => a.queuedAt - b.queuedAt);
  for (const a of agents) state.clock = Math.max(state.clock, a.lastAssignedAt ?? 0);
  return state;
}

function naiveAssign(state: NaiveState, agent: NaiveAgent, conversationId: string): string {
  agent.active.push(conversationId);
  agent.lastAssignedAt = ++state.clock;
  state.lastAgentOf.set(state.customerOf.get(conversationId)!, agent.id);
  return agent.id;
}

/** Rules (a), (b), (c): sorts every agent, then scans the whole queue for the position. */
function naiveArrive(state: NaiveState, conversationId: string, customerId: string): string {
  state.customerOf.set(conversationId, customerId);
  const queuedAt = ++state.clock;
  const free = (a: NaiveAgent) => a.capacity - a.active.length;
  const last = state.agents.find((a) => a.id === state.lastAgentOf.get(customerId));
  if (last && last.status === 'online' && free(last) > 0)
    return naiveAssign(state, last, conversationId);
  const sorted = [...state.agents].sort(
    (a, b) =>
      free(b) - free(a) ||
      (a.lastAssignedAt ?? -Infinity) - (b.lastAssignedAt ?? -Infinity) ||
      (a.id < b.id ? -1 : 1),
  );
  const best = sorted.find((a) => a.status === 'online' && free(a) > 0);
  if (best) return naiveAssign(state, best, conversationId);
  state.queue.push({ id: conversationId, customerId, queuedAt });
  const position = state.queue.filter((c) => c.queuedAt <= queuedAt).length;
  return `queued ${position}`;
}

/** Close, then the freed slot scans the whole queue for a familiar customer, else takes the head. */
function naiveClose(state: NaiveState, agentIndex: number, pick: number): string {
  const agent = state.agents[agentIndex]!;
  const [closed] = agent.active.splice(pick % agent.active.length, 1);
  state.customerOf.delete(closed!);
  if (agent.status !== 'online' || agent.active.length >= agent.capacity) return 'none';
  const familiar = state.queue.findIndex((c) => state.lastAgentOf.get(c.customerId) === agent.id);
  const index = familiar >= 0 ? familiar : 0;
  const [next] = state.queue.splice(index, 1);
  if (!next) return 'none';
  naiveAssign(state, agent, next.id);
  return next.id;
}

// ---- the Rapport router through `route` ----

function rapportArrive(state: RoutingState, conversationId: string, customerId: string): string {
  const [effect] = route(state, { type: 'conversation.arrived', conversationId, customerId });
  if (effect?.type === 'queued') return `queued ${effect.position}`;
  if (effect?.type === 'assigned') return effect.agentId;
  throw new Error(`unexpected ${JSON.stringify(effect)}`);
}

/** Returns the conversation the freed slot took, and why. */
function rapportClose(state: RoutingState, agentId: string, pick: number): [string, string] {
  // which conversation closes: the agent's conversations in assignment order, like the naive
  // arrays (timed with the decision, though the server would know the id already)
  const active = [...state.agents.get(agentId)!.active];
  const conversationId = active[pick % active.length]!;
  const effects = route(state, { type: 'conversation.closed', conversationId });
  const pulled = effects.find((e) => e.type === 'assigned');
  return pulled?.type === 'assigned' ? [pulled.conversationId, pulled.reason] : ['none', ''];
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

interface Timings {
  p50Ms: number;
  p95Ms: number;
}
function summarise(times: number[]): Timings {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95) };
}

export interface RoutingFigure {
  name: string;
  rapport: Timings;
  baseline: Timings;
}

/** Replay the same steps through both routers, timing each decision. */
export function benchRouting(): RoutingFigure[] {
  const snapshot = busyDesk();
  const buildStart = performance.now();
  const rapport = createRoutingState(snapshot);
  const buildMs = performance.now() - buildStart;
  const naive = naiveState(snapshot);
  const times = {
    arrive: [] as number[],
    close: [] as number[],
    naiveArrive: [] as number[],
    naiveClose: [] as number[],
  };
  let mismatches = 0;
  let familiarPulls = 0;
  for (const [i, step] of steps(WARMUP + ROUNDS).entries()) {
    const timed = i >= WARMUP;
    const { conversationId, customerId } = step.arrival;
    const agentId = naive.agents[step.close.agentIndex]!.id;

    let start = performance.now();
    const arrived = rapportArrive(rapport, conversationId, customerId);
    if (timed) times.arrive.push(performance.now() - start);
    start = performance.now();
    const naiveArrived = naiveArrive(naive, conversationId, customerId);
    if (timed) times.naiveArrive.push(performance.now() - start);

    start = performance.now();
    const [pulled, reason] = rapportClose(rapport, agentId, step.close.pick);
    if (timed) times.close.push(performance.now() - start);
    start = performance.now();
    const naivePulled = naiveClose(naive, step.close.agentIndex, step.close.pick);
    if (timed) times.naiveClose.push(performance.now() - start);

    if (arrived !== naiveArrived || pulled !== naivePulled) mismatches++;
    if (reason === 'queue_familiar') familiarPulls++;
  }
  if (mismatches > 0) throw new Error(`the routers disagreed on ${mismatches} decisions`);
  const scene = `${ROUNDS} decisions, ${AGENTS} agents (400 online and full), ${rapport.queue.size.toLocaleString('en')} queued; state built in ${buildMs.toFixed(0)} ms`;
  return [
    {
      name: `Routing: an arrival when every agent is full → queued with its position. ${scene}`,
      rapport: summarise(times.arrive),
      baseline: summarise(times.naiveArrive),
    },
    {
      name:
        'Routing: a close that frees a slot → that agent takes a familiar customer or the queue ' +
        `head (${Math.round((100 * familiarPulls) / (WARMUP + ROUNDS))}% familiar)`,
      rapport: summarise(times.close),
      baseline: summarise(times.naiveClose),
    },
  ];
}

export function printRoutingFigure(figure: RoutingFigure): void {
  const fmt = (t: Timings) => `p50 ${t.p50Ms.toFixed(4)} ms, p95 ${t.p95Ms.toFixed(4)} ms`;
  const met = figure.rapport.p95Ms <= GOAL_MS;
  console.log(
    [
      figure.name,
      `  rapport:  ${fmt(figure.rapport)}`,
      `  baseline: ${fmt(figure.baseline)} (naive: sort all agents, scan the whole queue per decision)`,
      `  ratio:    ${(figure.rapport.p50Ms / figure.baseline.p50Ms).toFixed(3)}× (p50), ${(figure.rapport.p95Ms / figure.baseline.p95Ms).toFixed(3)}× (p95)`,
      `  goal:     p95 ≤ ${GOAL_MS} ms — ${met ? 'met' : 'NOT met'}`,
      '',
    ].join('\n'),
  );
}
