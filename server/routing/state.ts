import { validateCapacity } from './capacity';
import { enqueue, freeSlotsOf, refreshAvailability } from './indexes';
import { SortedQueue } from './sorted-queue';
import type { Availability, RoutingConversation, RoutingState } from './types';

/** Routing state as stored: what the server reads from its database to build a RoutingState. */
export interface RoutingSnapshot {
  agents: { id: string; status: Availability; capacity: number; lastAssignedAt: number | null }[];
  /** Open conversations (with their assignee) and queued ones (assigneeId null). */
  conversations: { id: string; customerId: string; assigneeId: string | null; queuedAt: number }[];
  lastAgents: { customerId: string; agentId: string }[];
  /** The logical clock; at least the largest queuedAt and lastAssignedAt when omitted. */
  clock?: number;
}

/** A snapshot that cannot be routing state; the message names what to fix in the stored data. */
export class RoutingSnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoutingSnapshotError';
  }
}

/**
 * Build a RoutingState, empty or from a snapshot. Restoring routes nothing: conversations stay
 * where the snapshot puts them, even with agents over capacity or offline. Send the events for
 * whatever changed while no state was held (e.g. `agent.status` offline for agents without a
 * connection, which hands their conversations back to routing).
 */
export function createRoutingState(snapshot?: RoutingSnapshot): RoutingState {
  const state: RoutingState = {
    agents: new Map(),
    conversations: new Map(),
    lastAgentOf: new Map(),
    queue: new SortedQueue(),
    familiarQueues: new Map(),
    queuedByCustomer: new Map(),
    available: new Set(),
    clock: 0,
  };
  if (!snapshot) return state;
  let clock = snapshot.clock ?? 0;
  for (const { id, status, capacity, lastAssignedAt } of snapshot.agents) {
    if (state.agents.has(id)) throw new RoutingSnapshotError(`Agent ${id} appears twice.`);
    const check = validateCapacity(capacity);
    if (!check.ok) throw new RoutingSnapshotError(`Agent ${id}: ${check.message}`);
    state.agents.set(id, { id, status, capacity, active: new Set(), lastAssignedAt });
    clock = Math.max(clock, lastAssignedAt ?? 0);
  }
  for (const { customerId, agentId } of snapshot.lastAgents)
    state.lastAgentOf.set(customerId, agentId);
  // Queue keys in order, so each insert appends.
  const conversations = [...snapshot.conversations].sort(
    (a, b) => a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const { id, customerId, assigneeId, queuedAt } of conversations) {
    if (state.conversations.has(id))
      throw new RoutingSnapshotError(`Conversation ${id} appears twice.`);
    const conversation: RoutingConversation = {
      id,
      customerId,
      assigneeId,
      state: 'open',
      queuedAt,
    };
    clock = Math.max(clock, queuedAt);
    if (assigneeId === null) {
      enqueue(state, conversation);
      continue;
    }
    const agent = state.agents.get(assigneeId);
    if (!agent)
      throw new RoutingSnapshotError(
        `Conversation ${id} is assigned to agent ${assigneeId}, who is not in the snapshot. ` +
          'Include every agent, or unassign the conversation.',
      );
    agent.active.add(id);
    state.conversations.set(id, conversation);
  }
  for (const agent of state.agents.values()) refreshAvailability(state, agent);
  state.clock = clock;
  return state;
}

/** The stored form of a state; `createRoutingState(snapshotOf(s))` is an independent copy. */
export function snapshotOf(state: RoutingState): RoutingSnapshot {
  return {
    agents: [...state.agents.values()].map(({ id, status, capacity, lastAssignedAt }) => ({
      id,
      status,
      capacity,
      lastAssignedAt,
    })),
    conversations: [...state.conversations.values()].map(
      ({ id, customerId, assigneeId, queuedAt }) => ({ id, customerId, assigneeId, queuedAt }),
    ),
    lastAgents: [...state.lastAgentOf].map(([customerId, agentId]) => ({ customerId, agentId })),
    clock: state.clock,
  };
}

export function cloneRoutingState(state: RoutingState): RoutingState {
  return createRoutingState(snapshotOf(state));
}

/** Free chat slots of an agent (0 when unknown, or when over capacity after it was lowered). */
export function freeSlots(state: RoutingState, agentId: string): number {
  const agent = state.agents.get(agentId);
  return agent ? freeSlotsOf(agent) : 0;
}

export interface SlotsLabel {
  used: number;
  capacity: number;
  /** "3 of 4 slots" (used of capacity), as the side panel and the popup show it. */
  text: string;
}

/** What the side panel and the popup show; undefined for an agent routing does not know. */
export function slotsLabel(state: RoutingState, agentId: string): SlotsLabel | undefined {
  const agent = state.agents.get(agentId);
  if (!agent) return undefined;
  const used = agent.active.size;
  const text = `${used} of ${agent.capacity} ${agent.capacity === 1 ? 'slot' : 'slots'}`;
  return { used, capacity: agent.capacity, text };
}

/** 1-based place in the queue, as the widget shows it; null when not queued. */
export function queuePosition(state: RoutingState, conversationId: string): number | null {
  const conversation = state.conversations.get(conversationId);
  if (conversation?.state !== 'queued') return null;
  return state.queue.positionOf(conversation) || null;
}
