import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cloneRoutingState,
  createRoutingState,
  queuePosition,
  route,
  RoutingSnapshotError,
  snapshotOf,
  type RoutingSnapshot,
  validateCapacity,
} from '../../../server/routing';
import { SortedQueue } from '../../../server/routing/sorted-queue';

describe('validateCapacity (the admin API checks chat slots with it)', () => {
  it('accepts whole numbers from 1 to 100', () => {
    for (const capacity of [1, 4, 100])
      expect(validateCapacity(capacity)).toEqual({ ok: true, capacity });
  });

  it.each([
    [
      0,
      'An agent needs at least 1 chat slot (you entered 0). To stop an agent from getting new conversations for a while, set them to away instead.',
    ],
    [
      -3,
      'An agent needs at least 1 chat slot (you entered -3). To stop an agent from getting new conversations for a while, set them to away instead.',
    ],
    [2.5, 'Chat slots must be a whole number; 2.5 is not. Enter 2 or 3.'],
    [0.5, 'Chat slots must be a whole number; 0.5 is not. Enter 1 or 1.'],
    [101, 'An agent can have at most 100 chat slots (you entered 101). Enter a smaller number.'],
    ['4', 'Chat slots must be a whole number from 1 to 100. Enter a number such as 4.'],
    [Number.NaN, 'Chat slots must be a whole number from 1 to 100. Enter a number such as 4.'],
    [
      Number.POSITIVE_INFINITY,
      'Chat slots must be a whole number from 1 to 100. Enter a number such as 4.',
    ],
    [null, 'Chat slots must be a whole number from 1 to 100. Enter a number such as 4.'],
  ])('refuses %s with a message that says what to enter', (value, message) => {
    expect(validateCapacity(value)).toEqual({ ok: false, message });
  });
});

describe('snapshots', () => {
  function busyState() {
    const state = createRoutingState();
    route(state, { type: 'agent.added', agentId: 'ann', status: 'online', capacity: 1 });
    route(state, { type: 'agent.added', agentId: 'bob', status: 'away', capacity: 3 });
    route(state, { type: 'conversation.arrived', conversationId: 'c1', customerId: 'alice' });
    route(state, { type: 'conversation.arrived', conversationId: 'c2', customerId: 'bert' });
    route(state, { type: 'conversation.arrived', conversationId: 'c3', customerId: 'alice' });
    return state;
  }

  it('round-trip into an independent state that routes the same way', () => {
    const state = busyState();
    const copy = cloneRoutingState(state);
    expect(snapshotOf(copy)).toEqual(snapshotOf(state));
    expect(queuePosition(copy, 'c3')).toBe(2);
    const close = { type: 'conversation.closed', conversationId: 'c1' } as const;
    // the copy rebuilt the familiar index: alice (c3) is ann's, so ann takes her before bert
    expect(route(copy, close)).toEqual(route(state, close));
    expect(route(copy, close)).toEqual(route(state, close));
    expect(copy.conversations.get('c3')?.assigneeId).toBe('ann');
    expect(snapshotOf(copy)).toEqual(snapshotOf(state));
    route(copy, { type: 'agent.status', agentId: 'bob', status: 'online' });
    expect(state.agents.get('bob')!.status).toBe('away');
  });

  it('keep the clock past every stored value, so new arrivals queue behind restored ones', () => {
    const snapshot = snapshotOf(busyState());
    delete snapshot.clock;
    const state = createRoutingState(snapshot);
    expect(state.clock).toBe(4); // c3 arrived last, at 4 (c1's assignment was 2)
    route(state, { type: 'conversation.arrived', conversationId: 'c4', customerId: 'dina' });
    expect(queuePosition(state, 'c4')).toBe(3);
  });

  it('restore without routing, and an offline status hands back what an offline agent held', () => {
    const state = createRoutingState({
      agents: [{ id: 'ann', status: 'offline', capacity: 2, lastAssignedAt: 5 }],
      conversations: [{ id: 'c1', customerId: 'alice', assigneeId: 'ann', queuedAt: 3 }],
      lastAgents: [{ customerId: 'alice', agentId: 'ann' }],
    });
    expect(state.agents.get('ann')!.active.has('c1')).toBe(true);
    expect(route(state, { type: 'agent.status', agentId: 'ann', status: 'offline' })).toEqual([
      { type: 'unassigned', conversationId: 'c1', agentId: 'ann', reason: 'agent_offline' },
      { type: 'queued', conversationId: 'c1', position: 1 },
    ]);
  });

  it('refuse inconsistent stored data, naming what to fix', () => {
    const agent = { id: 'ann', status: 'online', capacity: 2, lastAssignedAt: null } as const;
    const make = (overrides: Partial<RoutingSnapshot>) => () =>
      createRoutingState({ agents: [agent], conversations: [], lastAgents: [], ...overrides });
    expect(make({ agents: [agent, agent] })).toThrow(RoutingSnapshotError);
    expect(make({ agents: [{ ...agent, capacity: 0 }] })).toThrow('Agent ann: An agent needs');
    const c = { id: 'c1', customerId: 'x', assigneeId: null, queuedAt: 1 };
    expect(make({ conversations: [c, c] })).toThrow('Conversation c1 appears twice.');
    expect(make({ conversations: [{ ...c, assigneeId: 'bob' }] })).toThrow(
      'assigned to agent bob, who is not in the snapshot',
    );
  });
});

describe('SortedQueue', () => {
  it('orders by queuedAt then id, inserts anywhere, removes anywhere, and knows positions', () => {
    const queue = new SortedQueue();
    const e = (id: string, queuedAt: number) => ({ id, queuedAt });
    expect(queue.insert(e('b', 5))).toBe(1);
    expect(queue.insert(e('d', 9))).toBe(2);
    expect(queue.insert(e('a', 5))).toBe(1);
    expect(queue.insert(e('c', 7))).toBe(3);
    expect(queue.insert(e('z', 1))).toBe(1);
    expect([...queue].map((x) => x.id)).toEqual(['z', 'a', 'b', 'c', 'd']);
    expect(queue.positionOf(e('c', 7))).toBe(4);
    expect(queue.positionOf(e('c', 8))).toBe(0);
    expect(queue.remove(e('z', 1))).toBe(true);
    expect(queue.remove(e('c', 7))).toBe(true);
    expect(queue.remove(e('c', 7))).toBe(false);
    expect([...queue].map((x) => x.id)).toEqual(['a', 'b', 'd']);
    expect(queue.first()?.id).toBe('a');
    expect(queue.size).toBe(3);
  });

  it('agrees with a sorted array over thousands of inserts and removals (chunks split and empty)', () => {
    type E = { id: string; queuedAt: number };
    const lowerBound = (items: E[], e: E) => {
      let i = 0;
      while (
        i < items.length &&
        (items[i]!.queuedAt < e.queuedAt ||
          (items[i]!.queuedAt === e.queuedAt && items[i]!.id < e.id))
      )
        i++;
      return i;
    };
    // 7 in 10 operations insert, so the queue grows past several chunks, then drains in the end
    const op = fc.tuple(fc.nat(9), fc.nat(400), fc.nat());
    fc.assert(
      fc.property(fc.array(op, { minLength: 1500, maxLength: 2500 }), (ops) => {
        const queue = new SortedQueue();
        const model: E[] = [];
        const wrong: string[] = [];
        ops.forEach(([kind, key, pick], i) => {
          if (kind < 7 || model.length === 0) {
            // mostly newest keys (arrivals), sometimes old ones (hand-backs)
            const entry = { id: `e${i}`, queuedAt: i % 3 === 0 ? key : 1000 + i };
            const index = lowerBound(model, entry);
            model.splice(index, 0, entry);
            if (queue.insert(entry) !== index + 1) wrong.push(`insert ${i}`);
          } else {
            const index = pick % model.length;
            const [entry] = model.splice(index, 1);
            if (queue.positionOf(entry!) !== index + 1) wrong.push(`position ${i}`);
            if (!queue.remove(entry!) || queue.positionOf(entry!) !== 0) wrong.push(`remove ${i}`);
          }
        });
        expect(wrong).toEqual([]);
        expect([...queue]).toEqual(model);
        expect(queue.size).toBe(model.length);
        while (model.length > 0) {
          expect(queue.first()).toBe(model.shift());
          queue.remove(queue.first()!);
        }
        expect(queue.size).toBe(0);
        expect(queue.first()).toBeUndefined();
      }),
      { seed: 7, numRuns: 6 },
    );
  });
});
