import { describe, expect, it } from 'vitest';
import {
  createRoutingState,
  freeSlots,
  queuePosition,
  route,
  slotsLabel,
  snapshotOf,
  type Availability,
  type RoutingState,
} from '../../../server/routing';

/** A state with these agents (all online with 2 slots unless said). */
function withAgents(
  ...agents: { id: string; status?: Availability; capacity?: number }[]
): RoutingState {
  const state = createRoutingState();
  for (const { id, status = 'online', capacity = 2 } of agents)
    route(state, { type: 'agent.added', agentId: id, status, capacity });
  return state;
}

const arrive = (
  state: RoutingState,
  conversationId: string,
  customerId = `cust-${conversationId}`,
) => route(state, { type: 'conversation.arrived', conversationId, customerId });
const close = (state: RoutingState, conversationId: string) =>
  route(state, { type: 'conversation.closed', conversationId });
const setStatus = (state: RoutingState, agentId: string, status: Availability) =>
  route(state, { type: 'agent.status', agentId, status });

const assignedTo = (state: RoutingState, conversationId: string) =>
  state.conversations.get(conversationId)?.assigneeId;
const queueIds = (state: RoutingState) => [...state.queue].map((c) => c.id);

describe('routing a new conversation', () => {
  it('(a) gives a returning customer to their last agent when online with a free slot', () => {
    const state = withAgents({ id: 'ann', capacity: 2 }, { id: 'bob', capacity: 4 });
    arrive(state, 'c1', 'alice'); // bob has the most free slots
    expect(assignedTo(state, 'c1')).toBe('bob');
    close(state, 'c1');
    route(state, { type: 'agent.capacity', agentId: 'ann', capacity: 9 });
    // ann now has more free slots, but alice's last agent is bob
    expect(arrive(state, 'c2', 'alice')).toEqual([
      { type: 'assigned', conversationId: 'c2', agentId: 'bob', reason: 'familiar' },
    ]);
  });

  it('(a) passes over a last agent who is away, offline or full', () => {
    for (const block of ['away', 'offline', 'full'] as const) {
      const state = withAgents({ id: 'ann', capacity: 1 }, { id: 'bob', capacity: 1 });
      arrive(state, 'c1', 'alice');
      expect(assignedTo(state, 'c1')).toBe('ann');
      if (block === 'full') arrive(state, 'c0', 'zed');
      else {
        close(state, 'c1');
        setStatus(state, 'ann', block);
      }
      const effects = arrive(state, 'c2', 'alice');
      if (block === 'full')
        expect(effects).toEqual([{ type: 'queued', conversationId: 'c2', position: 1 }]);
      else
        expect(effects).toEqual([
          { type: 'assigned', conversationId: 'c2', agentId: 'bob', reason: 'most_free' },
        ]);
    }
  });

  it('(b) picks the most free slots, then the longest wait since an assignment, then the id', () => {
    const state = withAgents(
      { id: 'ann', capacity: 3 },
      { id: 'bob', capacity: 3 },
      { id: 'cat', capacity: 4 },
      { id: 'dan', capacity: 9, status: 'away' },
    );
    const order = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((id) => {
      arrive(state, id);
      return assignedTo(state, id);
    });
    // cat has 4 free; ann and bob 3, never assigned: ann by id; bob never assigned beats cat;
    // cat has 3; all have 2: ann was assigned longest ago; bob and cat have 2: bob earlier.
    expect(order).toEqual(['cat', 'ann', 'bob', 'cat', 'ann', 'bob']);
  });

  it('(c) queues when every online agent is full, with the position shown to the widget', () => {
    const state = withAgents({ id: 'ann', capacity: 1 }, { id: 'bob', status: 'away' });
    arrive(state, 'c1');
    expect(arrive(state, 'c2')).toEqual([{ type: 'queued', conversationId: 'c2', position: 1 }]);
    expect(arrive(state, 'c3')).toEqual([{ type: 'queued', conversationId: 'c3', position: 2 }]);
    expect(queuePosition(state, 'c3')).toBe(2);
    expect(queuePosition(state, 'c1')).toBeNull();
    expect(queuePosition(state, 'nope')).toBeNull();
    expect(state.conversations.get('c2')).toMatchObject({ state: 'queued', assigneeId: null });
  });

  it('queues when there is no agent at all', () => {
    const state = createRoutingState();
    expect(arrive(state, 'c1')).toEqual([{ type: 'queued', conversationId: 'c1', position: 1 }]);
  });

  it('refuses a conversation id that is already open or queued', () => {
    const state = withAgents({ id: 'ann' });
    arrive(state, 'c1');
    expect(arrive(state, 'c1')).toEqual([
      expect.objectContaining({ type: 'refused', code: 'conversation_exists' }),
    ]);
  });
});

describe('a freed slot', () => {
  it('takes the queue head, or first the earliest customer whose last agent this is', () => {
    const state = withAgents({ id: 'ann', capacity: 1 }, { id: 'bob', capacity: 1 });
    arrive(state, 'a1', 'alice'); // ann
    arrive(state, 'b1', 'bert'); // bob
    arrive(state, 'q1', 'quinn'); // queued 1
    arrive(state, 'b2', 'bert'); // queued 2, bert's last agent is bob
    arrive(state, 'a2', 'alice'); // queued 3, alice's last agent is ann
    expect(close(state, 'a1')).toEqual([
      { type: 'unassigned', conversationId: 'a1', agentId: 'ann', reason: 'closed' },
      { type: 'assigned', conversationId: 'a2', agentId: 'ann', reason: 'queue_familiar' },
    ]);
    expect(queueIds(state)).toEqual(['q1', 'b2']);
    expect(close(state, 'a2')).toEqual([
      { type: 'unassigned', conversationId: 'a2', agentId: 'ann', reason: 'closed' },
      { type: 'assigned', conversationId: 'q1', agentId: 'ann', reason: 'queue_head' },
    ]);
    expect(close(state, 'b1').at(-1)).toEqual({
      type: 'assigned',
      conversationId: 'b2',
      agentId: 'bob',
      reason: 'queue_familiar',
    });
    expect(slotsLabel(state, 'bob')).toEqual({ used: 1, capacity: 1, text: '1 of 1 slot' });
  });

  it('re-indexes a queued conversation when its customer gets another agent meanwhile', () => {
    const state = withAgents({ id: 'ann', capacity: 1 }, { id: 'bob', capacity: 1 });
    arrive(state, 'a1', 'alice'); // ann: alice's last agent
    arrive(state, 'b1', 'bert'); // bob
    arrive(state, 'a2', 'alice'); // queued, familiar to ann
    route(state, { type: 'agent.capacity', agentId: 'bob', capacity: 2 }); // bob pulls a2
    expect(assignedTo(state, 'a2')).toBe('bob');
    arrive(state, 'a3', 'alice'); // bob is alice's last agent now, and full: queued
    arrive(state, 'x1', 'xena'); // queued behind it
    expect(close(state, 'a1').at(-1)).toMatchObject({ conversationId: 'a3', reason: 'queue_head' });
    expect(close(state, 'b1').at(-1)).toMatchObject({ conversationId: 'x1', reason: 'queue_head' });
  });

  it('closing a queued conversation removes it and moves those behind it up', () => {
    const state = withAgents({ id: 'ann', capacity: 1 });
    for (const id of ['c1', 'c2', 'c3', 'c4']) arrive(state, id);
    expect(close(state, 'c2')).toEqual([
      { type: 'dequeued', conversationId: 'c2', reason: 'closed' },
    ]);
    expect(queuePosition(state, 'c4')).toBe(2);
    expect(state.conversations.has('c2')).toBe(false);
    expect(close(state, 'c2')).toEqual([
      expect.objectContaining({ type: 'refused', code: 'unknown_conversation' }),
    ]);
  });

  it('goes unused while the agent is away, and fills when they come back online', () => {
    const state = withAgents({ id: 'ann', capacity: 2 });
    for (const id of ['c1', 'c2', 'c3', 'c4']) arrive(state, id);
    expect(setStatus(state, 'ann', 'away')).toEqual([]);
    expect(close(state, 'c1')).toHaveLength(1); // only the unassignment
    expect(close(state, 'c2')).toHaveLength(1);
    expect(arrive(state, 'c5')).toEqual([{ type: 'queued', conversationId: 'c5', position: 3 }]);
    expect(setStatus(state, 'ann', 'online')).toEqual([
      { type: 'assigned', conversationId: 'c3', agentId: 'ann', reason: 'queue_head' },
      { type: 'assigned', conversationId: 'c4', agentId: 'ann', reason: 'queue_head' },
    ]);
  });
});

describe('reopening', () => {
  it('routes like a new conversation: to the last agent if free, else queued at the back', () => {
    const state = withAgents({ id: 'ann', capacity: 1 }, { id: 'bob', capacity: 1 });
    arrive(state, 'c1', 'alice'); // ann
    close(state, 'c1');
    arrive(state, 'x1'); // both free: bob was never assigned
    expect(assignedTo(state, 'x1')).toBe('bob');
    expect(
      route(state, { type: 'conversation.reopened', conversationId: 'c1', customerId: 'alice' }),
    ).toEqual([{ type: 'assigned', conversationId: 'c1', agentId: 'ann', reason: 'familiar' }]);
    arrive(state, 'q1');
    close(state, 'c1'); // ann's freed slot takes q1
    arrive(state, 'y1'); // queued
    expect(assignedTo(state, 'q1')).toBe('ann');
    expect(
      route(state, { type: 'conversation.reopened', conversationId: 'c1', customerId: 'alice' }),
    ).toEqual([{ type: 'queued', conversationId: 'c1', position: 2 }]);
  });

  it('refuses to reopen a conversation that is open', () => {
    const state = withAgents({ id: 'ann' });
    arrive(state, 'c1', 'alice');
    const effects = route(state, {
      type: 'conversation.reopened',
      conversationId: 'c1',
      customerId: 'alice',
    });
    expect(effects).toEqual([
      {
        type: 'refused',
        code: 'conversation_exists',
        message: 'That conversation is already open, so there is nothing to reopen or start.',
      },
    ]);
  });
});

describe('an agent going offline', () => {
  it('hands their conversations to the agents with free slots, earliest first', () => {
    const state = withAgents({ id: 'ann', capacity: 2 }, { id: 'bob', capacity: 1 });
    arrive(state, 'c1', 'alice'); // ann (2 free)
    arrive(state, 'c2', 'bert'); // 1 free each: bob was never assigned
    arrive(state, 'c3', 'cleo'); // ann
    expect([assignedTo(state, 'c1'), assignedTo(state, 'c2'), assignedTo(state, 'c3')]).toEqual([
      'ann',
      'bob',
      'ann',
    ]);
    close(state, 'c2');
    route(state, { type: 'agent.capacity', agentId: 'bob', capacity: 1 });
    expect(setStatus(state, 'ann', 'offline')).toEqual([
      { type: 'unassigned', conversationId: 'c1', agentId: 'ann', reason: 'agent_offline' },
      { type: 'unassigned', conversationId: 'c3', agentId: 'ann', reason: 'agent_offline' },
      { type: 'assigned', conversationId: 'c1', agentId: 'bob', reason: 'most_free' },
      { type: 'queued', conversationId: 'c3', position: 1 },
    ]);
    expect(state.agents.get('ann')!.active.size).toBe(0);
    expect(state.available.has('ann')).toBe(false);
  });

  it('queues their conversations at their original place, ahead of newer customers', () => {
    const state = withAgents({ id: 'ann', capacity: 1 }, { id: 'bob', capacity: 1 });
    arrive(state, 'c1', 'alice'); // ann
    arrive(state, 'c2', 'bert'); // bob
    arrive(state, 'c3', 'cleo'); // queued
    expect(setStatus(state, 'ann', 'offline').at(-1)).toEqual({
      type: 'queued',
      conversationId: 'c1',
      position: 1,
    });
    expect(queueIds(state)).toEqual(['c1', 'c3']);
    // alice's last agent is still ann: when ann is back, she takes alice first
    arrive(state, 'c4', 'dina');
    close(state, 'c1'); // alice gave up
    route(state, { type: 'conversation.reopened', conversationId: 'c1', customerId: 'alice' });
    expect(queueIds(state)).toEqual(['c3', 'c4', 'c1']);
    expect(setStatus(state, 'ann', 'online')).toEqual([
      { type: 'assigned', conversationId: 'c1', agentId: 'ann', reason: 'queue_familiar' },
    ]);
  });

  it('is a disconnect too: going offline from away hands conversations back as well', () => {
    const state = withAgents({ id: 'ann' }, { id: 'bob', status: 'away' });
    arrive(state, 'c1');
    setStatus(state, 'ann', 'away');
    expect(setStatus(state, 'ann', 'offline')).toEqual([
      { type: 'unassigned', conversationId: 'c1', agentId: 'ann', reason: 'agent_offline' },
      { type: 'queued', conversationId: 'c1', position: 1 },
    ]);
    expect(setStatus(state, 'bob', 'online')).toEqual([
      { type: 'assigned', conversationId: 'c1', agentId: 'bob', reason: 'queue_head' },
    ]);
  });

  it('refuses a status for an unknown agent', () => {
    const state = createRoutingState();
    expect(setStatus(state, 'ghost', 'online')[0]).toMatchObject({ code: 'unknown_agent' });
  });
});

describe('capacity', () => {
  it('raising it pulls from the queue; lowering it below the load unassigns nothing', () => {
    const state = withAgents({ id: 'ann', capacity: 3 });
    for (const id of ['c1', 'c2', 'c3', 'c4', 'c5']) arrive(state, id);
    expect(route(state, { type: 'agent.capacity', agentId: 'ann', capacity: 1 })).toEqual([]);
    expect(slotsLabel(state, 'ann')).toEqual({ used: 3, capacity: 1, text: '3 of 1 slot' });
    expect(freeSlots(state, 'ann')).toBe(0);
    close(state, 'c1');
    close(state, 'c2');
    expect(state.agents.get('ann')!.active.size).toBe(1); // still at capacity: took nothing
    expect(route(state, { type: 'agent.capacity', agentId: 'ann', capacity: 4 })).toEqual([
      { type: 'assigned', conversationId: 'c4', agentId: 'ann', reason: 'queue_head' },
      { type: 'assigned', conversationId: 'c5', agentId: 'ann', reason: 'queue_head' },
    ]);
    expect(slotsLabel(state, 'ann')?.text).toBe('3 of 4 slots');
    expect(freeSlots(state, 'ann')).toBe(1);
    expect(freeSlots(state, 'ghost')).toBe(0);
    expect(slotsLabel(state, 'ghost')).toBeUndefined();
  });

  it('defaults to 4 slots for a new agent, who starts offline', () => {
    const state = createRoutingState();
    route(state, { type: 'agent.added', agentId: 'ann' });
    expect(state.agents.get('ann')).toMatchObject({ capacity: 4, status: 'offline' });
    expect(route(state, { type: 'agent.added', agentId: 'ann' })[0]).toMatchObject({
      code: 'agent_exists',
    });
  });

  it('refuses 0, negative and fractional slots with a message, changing nothing', () => {
    const state = withAgents({ id: 'ann', capacity: 3 });
    const before = snapshotOf(state);
    for (const capacity of [0, -2, 2.5, Number.NaN]) {
      const effects = route(state, { type: 'agent.capacity', agentId: 'ann', capacity });
      expect(effects).toEqual([
        { type: 'refused', code: 'invalid_capacity', message: expect.stringMatching(/slot/) },
      ]);
    }
    expect(snapshotOf(state)).toEqual(before);
    expect(route(state, { type: 'agent.added', agentId: 'bob', capacity: 0 })[0]).toMatchObject({
      code: 'invalid_capacity',
    });
    expect(state.agents.has('bob')).toBe(false);
  });
});

describe('transfer', () => {
  function desk(): RoutingState {
    const state = withAgents(
      { id: 'ann', capacity: 2 },
      { id: 'bob', capacity: 2 },
      { id: 'cat', capacity: 1 },
      { id: 'dan', status: 'away' },
      { id: 'eve', status: 'offline' },
    );
    arrive(state, 'c1', 'alice'); // ann
    arrive(state, 'c2', 'bert'); // bob
    arrive(state, 'c3', 'cleo'); // cat (full now)
    return state;
  }
  const transfer = (state: RoutingState, conversationId: string, toAgentId: string) =>
    route(state, { type: 'conversation.transferred', conversationId, toAgentId });

  it('moves the conversation and makes the target the customer’s last agent', () => {
    const state = desk();
    expect(assignedTo(state, 'c1')).toBe('ann');
    expect(transfer(state, 'c1', 'bob')).toEqual([
      { type: 'unassigned', conversationId: 'c1', agentId: 'ann', reason: 'transferred' },
      { type: 'assigned', conversationId: 'c1', agentId: 'bob', reason: 'transfer' },
    ]);
    expect(state.lastAgentOf.get('alice')).toBe('bob');
    expect([...state.agents.get('bob')!.active].sort()).toEqual(['c1', 'c2']);
    expect(state.agents.get('ann')!.active.size).toBe(0);
  });

  it('frees the source’s slot for the next conversation', () => {
    const state = withAgents({ id: 'ann', capacity: 1 }, { id: 'bob', capacity: 1 });
    arrive(state, 'c1'); // ann
    arrive(state, 'c2'); // bob
    arrive(state, 'c3'); // queued
    close(state, 'c2'); // bob pulls c3
    route(state, { type: 'agent.capacity', agentId: 'bob', capacity: 2 });
    expect(transfer(state, 'c1', 'bob')).toEqual([
      { type: 'unassigned', conversationId: 'c1', agentId: 'ann', reason: 'transferred' },
      { type: 'assigned', conversationId: 'c1', agentId: 'bob', reason: 'transfer' },
    ]);
    arrive(state, 'c4'); // ann has a free slot
    expect(assignedTo(state, 'c4')).toBe('ann');
  });

  it.each([
    ['an offline agent', 'eve', 'target_offline', /offline.*Choose an agent who is online/],
    ['an away agent', 'dan', 'target_away', /away/],
    ['a full agent', 'cat', 'target_full', /no free chat slot/],
    ['the same agent', 'ann', 'same_agent', /already with that agent/],
    ['an unknown agent', 'ghost', 'unknown_agent', /not found/],
  ])('to %s is refused with a reason the agent can read', (_, target, code, message) => {
    const state = desk();
    const before = snapshotOf(state);
    expect(transfer(state, 'c1', target)).toEqual([
      { type: 'refused', code, message: expect.stringMatching(message) },
    ]);
    expect(snapshotOf(state)).toEqual(before);
  });

  it('of a queued or closed conversation is refused', () => {
    const state = desk();
    route(state, { type: 'agent.capacity', agentId: 'ann', capacity: 1 });
    route(state, { type: 'agent.capacity', agentId: 'bob', capacity: 1 });
    arrive(state, 'q1');
    expect(transfer(state, 'q1', 'ann')[0]).toMatchObject({ code: 'conversation_queued' });
    close(state, 'c1');
    expect(transfer(state, 'c1', 'bob')[0]).toMatchObject({ code: 'unknown_conversation' });
  });
});
