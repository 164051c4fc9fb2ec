/**
 * # Routing (issue 5, parts 3 and 4)
 *
 * Who gets which conversation, as a state machine with no I/O, no clock and no randomness: the
 * same events in the same order give the same effects. The server applies each event inside the
 * transaction that writes it, persists the effects, and broadcasts them.
 *
 * ## State ownership
 * `route(state, event)` **changes `state` in place** and returns the effects. The caller owns the
 * state object (one per workspace). Copying the queue and its indexes (10,000+ entries) on each
 * event would spend much of the 1 ms budget, so the state is not persistent. Rules for the caller:
 * - a refused event (a single `refused` effect) has changed nothing;
 * - if the transaction that carries an event rolls back, throw the state away and rebuild it
 *   from the database (`createRoutingState(snapshot)`), or apply the event to a
 *   `cloneRoutingState` copy and swap it in after the commit;
 * - events for one workspace are applied one at a time, in commit order.
 *
 * ## Rules
 * A new conversation, or a reopened one (reopening routes exactly like a new conversation, with
 * the newest queue key):
 * (a) goes to the customer's last agent when that agent is online with a free slot ('familiar');
 * (b) else to the online agent with the most free slots; ties go to whoever has waited longest
 *     since their last assignment (never assigned first), then to the smallest id ('most_free');
 * (c) else it is queued, and the effect gives its 1-based position.
 * When an agent has a free slot while online (a close, a transfer away, coming online, more
 * capacity), each free slot takes the earliest queued conversation whose customer's last agent is
 * this agent ('queue_familiar'), else the queue head ('queue_head').
 *
 * The customer's last agent is whoever was most recently assigned any of their conversations,
 * by any rule including a transfer. A transfer or any assignment counts as the agent's
 * "last assignment" for the tie-break of rule (b).
 *
 * ## Availability
 * - online: receives conversations.
 * - away: keeps the conversations it holds, receives none, and cannot be transferred to.
 * - offline (the server sends this when every connection has been gone for its grace period, and
 *   for a disconnect): the agent's open conversations go back to routing at once, earliest first,
 *   each by rules (a)–(c); a queued one keeps its original queue key, so it waits near the head
 *   rather than behind newer customers. A helpdesk customer mid-conversation expects an answer,
 *   not a wait for someone who has left. The customer's last agent stays the offline agent until
 *   someone else is assigned, so if they come back first they pull their customers first.
 * - capacity (chat slots) is an integer from 1 to 100, default 4. Lowering it below the current
 *   load unassigns nothing; the agent just receives no new conversation until under it.
 *
 * ## Queue
 * Ordered by (queuedAt, id); queuedAt comes from the state's logical clock. A customer who
 * leaves the widget while queued changes nothing: the conversation keeps its place and is
 * answered when they come back. Closing a queued conversation removes it (effect 'dequeued').
 * Only assigned conversations can be transferred.
 *
 * ## Invariants (proved by tests/server/routing/routing-properties.test.ts)
 * No agent over capacity through routing; each open conversation is held by exactly its
 * assignee; queued conversations have no assignee and the queue is in key order; offline agents
 * hold nothing; no online agent has a free slot while the queue is non-empty; closed
 * conversations hold no slot (routing forgets them).
 *
 * ## Cost of a decision
 * An arrival is O(1) plus a binary search when everyone is full (the set of online agents with a
 * free slot is kept), else a scan of the available agents. A freed slot takes the head of a
 * per-agent index of queued conversations (agentId → queue of their last customers) or the global
 * head. The queue is a list of sorted chunks (≤ 512 entries): finding, inserting or removing is
 * two binary searches and a splice inside one chunk; a position adds up chunk sizes. Nothing
 * scans the queue. `npm run bench` (BENCH_ONLY=routing) measures it against a naive router.
 */
export { DEFAULT_CAPACITY, MAX_CAPACITY, validateCapacity, type CapacityCheck } from './capacity';
export { route } from './route';
export {
  cloneRoutingState,
  createRoutingState,
  freeSlots,
  queuePosition,
  RoutingSnapshotError,
  slotsLabel,
  snapshotOf,
  type RoutingSnapshot,
  type SlotsLabel,
} from './state';
export type {
  AssignReason,
  Availability,
  RefusalCode,
  RoutingAgent,
  RoutingConversation,
  RoutingEffect,
  RoutingEvent,
  RoutingState,
  UnassignReason,
} from './types';
export { AVAILABILITIES } from './types';
