import { DEFAULT_CAPACITY, validateCapacity } from './capacity';
import { assign, dequeue, enqueue, freeSlotsOf, refreshAvailability, unassign } from './indexes';
import { refused, refusedCapacity } from './refusals';
import type {
  Availability,
  RoutingAgent,
  RoutingConversation,
  RoutingEffect,
  RoutingEvent,
  RoutingState,
} from './types';

/**
 * Apply one event to `state` (changed in place; see index.ts) and return what happened, in
 * order. A refused event returns a single `refused` effect and leaves the state untouched.
 */
export function route(state: RoutingState, event: RoutingEvent): RoutingEffect[] {
  switch (event.type) {
    case 'agent.added':
      return addAgent(state, event.agentId, event.status ?? 'offline', event.capacity);
    case 'agent.status':
      return changeStatus(state, event.agentId, event.status);
    case 'agent.capacity':
      return changeCapacity(state, event.agentId, event.capacity);
    case 'conversation.arrived':
    case 'conversation.reopened':
      return arrive(state, event.conversationId, event.customerId);
    case 'conversation.closed':
      return close(state, event.conversationId);
    case 'conversation.transferred':
      return transfer(state, event.conversationId, event.toAgentId);
  }
}

function addAgent(
  state: RoutingState,
  agentId: string,
  status: Availability,
  capacity = DEFAULT_CAPACITY,
): RoutingEffect[] {
  if (state.agents.has(agentId)) return refused('agent_exists');
  const check = validateCapacity(capacity);
  if (!check.ok) return refusedCapacity(check.message);
  const agent: RoutingAgent = {
    id: agentId,
    status,
    capacity,
    active: new Set(),
    lastAssignedAt: null,
  };
  state.agents.set(agentId, agent);
  refreshAvailability(state, agent);
  const effects: RoutingEffect[] = [];
  pull(state, agent, effects);
  return effects;
}

/**
 * Away keeps the agent's conversations and gives them no new ones. Offline hands every
 * conversation they hold back to routing: offline means every connection has been gone for the
 * grace period, and a customer should not wait on someone who is not there. Each conversation is
 * routed like a new one (its agent is offline, so the familiar rule passes over them) and, when
 * no one is free, queues at its original place. Online pulls from the queue into free slots.
 */
function changeStatus(state: RoutingState, agentId: string, status: Availability): RoutingEffect[] {
  const agent = state.agents.get(agentId);
  if (!agent) return refused('unknown_agent');
  agent.status = status;
  refreshAvailability(state, agent);
  const effects: RoutingEffect[] = [];
  if (status === 'online') pull(state, agent, effects);
  if (status === 'offline' && agent.active.size > 0) {
    const held = [...agent.active].map((id) => state.conversations.get(id)!);
    held.sort((a, b) => a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : 1));
    for (const conversation of held) unassign(state, conversation, agent, 'agent_offline', effects);
    for (const conversation of held) routeNew(state, conversation, effects);
  }
  return effects;
}

/** Raising capacity pulls from the queue; lowering it below the load unassigns nothing. */
function changeCapacity(state: RoutingState, agentId: string, capacity: number): RoutingEffect[] {
  const agent = state.agents.get(agentId);
  if (!agent) return refused('unknown_agent');
  const check = validateCapacity(capacity);
  if (!check.ok) return refusedCapacity(check.message);
  agent.capacity = capacity;
  refreshAvailability(state, agent);
  const effects: RoutingEffect[] = [];
  pull(state, agent, effects);
  return effects;
}

/** A new or reopened conversation asks for an agent; it gets the newest queue key. */
function arrive(state: RoutingState, conversationId: string, customerId: string): RoutingEffect[] {
  if (state.conversations.has(conversationId)) return refused('conversation_exists');
  const conversation: RoutingConversation = {
    id: conversationId,
    customerId,
    assigneeId: null,
    state: 'queued',
    queuedAt: ++state.clock,
  };
  const effects: RoutingEffect[] = [];
  routeNew(state, conversation, effects);
  return effects;
}

/** Closing frees the slot it held (the agent then pulls from the queue) or its place in the queue. */
function close(state: RoutingState, conversationId: string): RoutingEffect[] {
  const conversation = state.conversations.get(conversationId);
  if (!conversation) return refused('unknown_conversation');
  const effects: RoutingEffect[] = [];
  state.conversations.delete(conversationId);
  if (conversation.state === 'queued') {
    dequeue(state, conversation);
    effects.push({ type: 'dequeued', conversationId, reason: 'closed' });
    return effects;
  }
  const agent = state.agents.get(conversation.assigneeId!)!;
  unassign(state, conversation, agent, 'closed', effects);
  pull(state, agent, effects);
  return effects;
}

/** To an online agent with a free slot other than the current one; the source then pulls. */
function transfer(state: RoutingState, conversationId: string, toAgentId: string): RoutingEffect[] {
  const conversation = state.conversations.get(conversationId);
  if (!conversation) return refused('unknown_conversation');
  if (conversation.state === 'queued') return refused('conversation_queued');
  const target = state.agents.get(toAgentId);
  if (!target) return refused('unknown_agent');
  if (target.id === conversation.assigneeId) return refused('same_agent');
  if (target.status === 'offline') return refused('target_offline');
  if (target.status === 'away') return refused('target_away');
  if (freeSlotsOf(target) === 0) return refused('target_full');
  const source = state.agents.get(conversation.assigneeId!)!;
  const effects: RoutingEffect[] = [];
  unassign(state, conversation, source, 'transferred', effects);
  assign(state, conversation, target, 'transfer', effects);
  pull(state, source, effects);
  return effects;
}

/** Rules (a), (b), (c) for a conversation that holds no slot and is not queued. */
function routeNew(
  state: RoutingState,
  conversation: RoutingConversation,
  effects: RoutingEffect[],
): void {
  const lastAgentId = state.lastAgentOf.get(conversation.customerId);
  if (lastAgentId !== undefined && state.available.has(lastAgentId))
    return assign(state, conversation, state.agents.get(lastAgentId)!, 'familiar', effects);
  const best = mostFree(state);
  if (best) return assign(state, conversation, best, 'most_free', effects);
  const position = enqueue(state, conversation);
  effects.push({ type: 'queued', conversationId: conversation.id, position });
}

/**
 * Rule (b): the online agent with the most free slots; ties to the one whose last assignment is
 * oldest (never assigned first), then the smallest id. Scans only the available agents.
 */
function mostFree(state: RoutingState): RoutingAgent | undefined {
  let best: RoutingAgent | undefined;
  let bestFree = 0;
  for (const id of state.available) {
    const agent = state.agents.get(id)!;
    const free = freeSlotsOf(agent);
    if (!best || free > bestFree || (free === bestFree && waitedLonger(agent, best))) {
      best = agent;
      bestFree = free;
    }
  }
  return best;
}

function waitedLonger(a: RoutingAgent, b: RoutingAgent): boolean {
  if (a.lastAssignedAt !== b.lastAssignedAt) {
    if (a.lastAssignedAt === null) return true;
    if (b.lastAssignedAt === null) return false;
    return a.lastAssignedAt < b.lastAssignedAt;
  }
  return a.id < b.id;
}

/**
 * Fill the agent's free slots from the queue: each slot takes the earliest queued conversation
 * whose customer's last agent is this agent, else the head of the queue.
 */
function pull(state: RoutingState, agent: RoutingAgent, effects: RoutingEffect[]): void {
  while (state.available.has(agent.id) && state.queue.size > 0) {
    const familiar = state.familiarQueues.get(agent.id)?.first();
    const conversation = familiar ?? state.queue.first()!;
    dequeue(state, conversation);
    assign(state, conversation, agent, familiar ? 'queue_familiar' : 'queue_head', effects);
  }
}
