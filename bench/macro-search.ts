// Macro search per keystroke over 10,000 macros, against a naive substring scan of the same
// macros (lowercased `includes` over shortcut, title, body and tags, sorted by usage).
import { createMacroIndex, type MacroSummary } from '../lib/macros/search';
import type { Figure } from './report';

const MACROS = Number(process.env.BENCH_MACROS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_MACRO_ROUNDS ?? 30);
const WARMUP_ROUNDS = 5;
const LIMIT = 20;
const QUERIES = [
  'refund',
  'shipping delay',
  'pwd reset',
  'order status',
  'cancel subscription',
  'invoice copy',
  'cafe',
  'thx',
];

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

const TOPICS = [
  ['refund', 'Refund', 'refund issued', 'we have refunded your payment'],
  ['ship', 'Shipping delay', 'shipping', 'your parcel is delayed by the carrier'],
  ['pwd', 'Password reset', 'account', 'use the link to reset your password'],
  ['order', 'Order status', 'orders', 'your order is being prepared'],
  ['cancel', 'Cancel subscription', 'billing', 'your subscription is cancelled'],
  ['inv', 'Invoice copy', 'billing', 'please find a copy of your invoice attached'],
  ['thx', 'Thank you', 'greeting', 'thank you for reaching out'],
  ['hello', 'Welcome', 'greeting', 'welcome to our store'],
  ['ret', 'Return label', 'returns', 'print the return label and drop the parcel'],
  ['cafe', 'Café voucher', 'goodwill', 'enjoy a coffee on us with this voucher'],
  ['upg', 'Upgrade plan', 'sales', 'you can upgrade your plan from settings'],
  ['bug', 'Bug acknowledged', 'support', 'our engineers are looking into this issue'],
] as const;
const QUALIFIERS = [
  'EU',
  'US',
  'VIP',
  'follow-up',
  'short',
  'formal',
  'friendly',
  'urgent',
  'FR',
  'DE',
];
const FILLER =
  'Hi {{customer.first_name | "there"}}, thanks for your patience. We checked your account and ' +
  'the details below. Let us know if anything else comes up; we are happy to help. ' +
  'Kind regards, {{agent.first_name}}. Reference {{ask "Order number"}}.';

/** 10,000 plausible macros: a topic, a qualifier, a body of 200–600 characters, Zipf-ish usage. */
export function generateMacros(count = MACROS, seed = 42): MacroSummary[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const macros: MacroSummary[] = [];
  for (let i = 0; i < count; i++) {
    const [shortcut, title, tag, sentence] = pick(TOPICS);
    const qualifier = pick(QUALIFIERS);
    const bodyLength = 200 + Math.floor(random() * 400);
    const body = `${sentence[0]!.toUpperCase()}${sentence.slice(1)}. ${FILLER.repeat(3)}`.slice(
      0,
      bodyLength,
    );
    macros.push({
      id: `macro-${i}`,
      shortcut: `${shortcut}-${qualifier.toLowerCase()}-${i}`,
      title: `${title} (${qualifier}) #${i}`,
      body,
      tags: [tag, pick(['team', 'personal', 'faq', 'escalation'])],
      usageCount: Math.floor(1000 / (1 + random() * 200)),
      pinned: null,
    });
  }
  return macros;
}

/** Every prefix of each query, as an agent types them. */
function keystrokes(): string[] {
  return QUERIES.flatMap((query) => [...query].map((_, i) => query.slice(0, i + 1)));
}

function naiveSearch(macros: MacroSummary[], haystacks: string[], query: string): MacroSummary[] {
  const needle = query.toLowerCase();
  const hits: MacroSummary[] = [];
  for (let i = 0; i < macros.length; i++) if (haystacks[i]!.includes(needle)) hits.push(macros[i]!);
  return hits.sort((a, b) => b.usageCount - a.usageCount).slice(0, LIMIT);
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export interface MacroSearchTimings {
  macros: number;
  keystrokes: number;
  buildMs: number;
  search: { p50Ms: number; p95Ms: number; maxMs: number };
  baseline: { p50Ms: number; p95Ms: number; maxMs: number };
}

/** Time each keystroke of each query, for `search` and for the naive scan, after a warm-up. */
export async function measureMacroSearch(): Promise<MacroSearchTimings> {
  const macros = generateMacros();
  const buildStart = performance.now();
  const index = createMacroIndex(macros);
  const buildMs = performance.now() - buildStart;
  const haystacks = macros.map((m) =>
    [m.shortcut, m.title, m.body, ...m.tags].join('\n').toLowerCase(),
  );
  const typed = keystrokes();
  const searchTimes: number[] = [];
  const baselineTimes: number[] = [];
  let sink = 0;
  // Each round types every query with Rapport's search, then with the naive scan, so that
  // neither pollutes the other's caches between keystrokes.
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    const timed = round >= WARMUP_ROUNDS;
    for (const query of typed) {
      const start = performance.now();
      sink += index.search(query, LIMIT).length;
      if (timed) searchTimes.push(performance.now() - start);
    }
    index.search(''); // the agent clears the field
    for (const query of typed) {
      const start = performance.now();
      sink += naiveSearch(macros, haystacks, query).length;
      if (timed) baselineTimes.push(performance.now() - start);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (sink < 0) throw new Error('unreachable');
  const summary = (times: number[]) => ({
    p50Ms: percentile(times, 0.5),
    p95Ms: percentile(times, 0.95),
    maxMs: percentile(times, 1),
  });
  return {
    macros: macros.length,
    keystrokes: searchTimes.length,
    buildMs,
    search: summary(searchTimes),
    baseline: summary(baselineTimes),
  };
}

export async function benchMacroSearch(): Promise<Figure> {
  const timings = await measureMacroSearch();
  return {
    name: `Macro search per keystroke, p95 over ${timings.keystrokes} keystrokes, ${timings.macros} macros (index built in ${timings.buildMs.toFixed(0)} ms)`,
    baselineName: 'naive lowercased substring scan over shortcut, title, body and tags, by usage',
    valueMs: timings.search.p95Ms,
    baselineMs: timings.baseline.p95Ms,
    goal: 'p95 ≤ 1 ms',
    met: timings.search.p95Ms <= 1,
  };
}
