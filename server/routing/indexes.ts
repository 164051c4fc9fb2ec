import { SortedQueue } from './sorted-queue';
import type {
  AssignReason,
  RoutingAgent,
  RoutingConversation,
  RoutingEffect,
  RoutingState,
  UnassignReason,
} from './types';

// The primitive moves of routing. Each keeps every index of RoutingState consistent; the rules
// in route.ts are written only in terms of these.

export function freeSlotsOf(agent: RoutingAgent): number {
  return Math.max(0, agent.capacity - agent.active.size);
}

/** Keep `state.available` = online agents with a free slot. Call after any change to `agent`. */
export function refreshAvailability(state: RoutingState, agent: RoutingAgent): void {
  if (agent.status === 'online' && agent.active.size < agent.capacity)
    state.available.add(agent.id);
  else state.available.delete(agent.id);
}

function familiarQueue(state: RoutingState, agentId: string): SortedQueue<RoutingConversation> {
  let queue = state.familiarQueues.get(agentId);
  if (!queue) state.familiarQueues.set(agentId, (queue = new SortedQueue()));
  return queue;
}

/** Put an unassigned conversation in the queue at its `queuedAt`; returns its 1-based position. */
export function enqueue(state: RoutingState, conversation: RoutingConversation): number {
  conversation.state = 'queued';
  conversation.assigneeId = null;
  state.conversations.set(conversation.id, conversation);
  const lastAgent = state.lastAgentOf.get(conversation.customerId);
  if (lastAgent !== undefined) familiarQueue(state, lastAgent).insert(conversation);
  let ofCustomer = state.queuedByCustomer.get(conversation.customerId);
  if (!ofCustomer) state.queuedByCustomer.set(conversation.customerId, (ofCustomer = new Set()));
  ofCustomer.add(conversation);
  return state.queue.insert(conversation);
}

/** Take a queued conversation out of the queue and its indexes (it stays in `conversations`). */
export function dequeue(state: RoutingState, conversation: RoutingConversation): void {
  state.queue.remove(conversation);
  const lastAgent = state.lastAgentOf.get(conversation.customerId);
  if (lastAgent !== undefined) state.familiarQueues.get(lastAgent)?.remove(conversation);
  const ofCustomer = state.queuedByCustomer.get(conversation.customerId);
  ofCustomer?.delete(conversation);
  if (ofCustomer?.size === 0) state.queuedByCustomer.delete(conversation.customerId);
}

/** Record the customer's last agent, moving their queued conversations to that agent's index. */
function setLastAgent(state: RoutingState, customerId: string, agentId: string): void {
  const previous = state.lastAgentOf.get(customerId);
  if (previous === agentId) return;
  state.lastAgentOf.set(customerId, agentId);
  const queued = state.queuedByCustomer.get(customerId);
  if (!queued) return;
  for (const conversation of queued) {
    if (previous !== undefined) state.familiarQueues.get(previous)?.remove(conversation);
    familiarQueue(state, agentId).insert(conversation);
  }
}

/** Give a conversation that is not queued (or was just dequeued) to `agent`. */
export function assign(
  state: RoutingState,
  conversation: RoutingConversation,
  agent: RoutingAgent,
  reason: AssignReason,
  effects: RoutingEffect[],
): void {
  conversation.state = 'open';
  conversation.assigneeId = agent.id;
  state.conversations.set(conversation.id, conversation);
  agent.active.add(conversation.id);
  agent.lastAssignedAt = ++state.clock;
  refreshAvailability(state, agent);
  setLastAgent(state, conversation.customerId, agent.id);
  effects.push({ type: 'assigned', conversationId: conversation.id, agentId: agent.id, reason });
}

/** Take an open conversation from its agent; the caller then closes, re-routes or transfers it. */
export function unassign(
  state: RoutingState,
  conversation: RoutingConversation,
  agent: RoutingAgent,
  reason: UnassignReason,
  effects: RoutingEffect[],
): void {
  agent.active.delete(conversation.id);
  conversation.assigneeId = null;
  refreshAvailability(state, agent);
  effects.push({ type: 'unassigned', conversationId: conversation.id, agentId: agent.id, reason });
}
