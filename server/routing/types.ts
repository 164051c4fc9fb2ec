import type { SortedQueue } from './sorted-queue';

/** Routing's view of an agent's presence (the server turns connections and idle time into it). */
export type Availability = 'online' | 'away' | 'offline';

export const AVAILABILITIES = [
  'online',
  'away',
  'offline',
] as const satisfies readonly Availability[];

export interface RoutingAgent {
  readonly id: string;
  status: Availability;
  /** Chat slots: how many conversations routing may give this agent at once (integer ≥ 1). */
  capacity: number;
  /** Ids of the open conversations assigned to this agent. May exceed `capacity` after it was lowered. */
  readonly active: Set<string>;
  /** Logical clock of this agent's latest assignment; null when never assigned. */
  lastAssignedAt: number | null;
}

/**
 * A conversation that routing still cares about. Closed conversations are not kept: closing
 * removes the record, and reopening brings it back (see `conversation.reopened`).
 */
export interface RoutingConversation {
  readonly id: string;
  readonly customerId: string;
  /** Set when `state` is 'open', null when 'queued'. */
  assigneeId: string | null;
  state: 'open' | 'queued';
  /**
   * Queue key: the logical clock of the arrival or reopen that asked for an agent. It is kept
   * while the conversation is assigned, so a conversation handed back to routing (its agent went
   * offline) queues at its original place instead of behind everyone who came later.
   */
  queuedAt: number;
}

/**
 * Everything routing knows, with indexes that keep each decision independent of the queue's
 * length. Read it freely; change it only through `route` (it keeps the indexes consistent).
 */
export interface RoutingState {
  readonly agents: Map<string, RoutingAgent>;
  /** Open (assigned) and queued conversations. */
  readonly conversations: Map<string, RoutingConversation>;
  /** customerId → the agent most recently assigned one of this customer's conversations. */
  readonly lastAgentOf: Map<string, string>;
  /** Queued conversations by (queuedAt, id). */
  readonly queue: SortedQueue<RoutingConversation>;
  /** agentId → the queued conversations whose customer's last agent is that agent, same order. */
  readonly familiarQueues: Map<string, SortedQueue<RoutingConversation>>;
  /** customerId → that customer's queued conversations (to re-index when their last agent changes). */
  readonly queuedByCustomer: Map<string, Set<RoutingConversation>>;
  /** Ids of the online agents with at least one free slot. */
  readonly available: Set<string>;
  /** Logical clock: the last value handed out as a `queuedAt` or a `lastAssignedAt`. */
  clock: number;
}

export type RoutingEvent =
  /** A new agent (or one routing has not seen yet); offline with the default capacity unless said. */
  | { type: 'agent.added'; agentId: string; status?: Availability; capacity?: number }
  | { type: 'agent.status'; agentId: string; status: Availability }
  /** An admin changed the agent's chat slots; check it with `validateCapacity` first for a message. */
  | { type: 'agent.capacity'; agentId: string; capacity: number }
  | { type: 'conversation.arrived'; conversationId: string; customerId: string }
  | { type: 'conversation.closed'; conversationId: string }
  /** A closed conversation is open again; routing no longer holds it, so the customer comes along. */
  | { type: 'conversation.reopened'; conversationId: string; customerId: string }
  | { type: 'conversation.transferred'; conversationId: string; toAgentId: string };

/**
 * Why a conversation went to an agent:
 * - `familiar`: rule (a), the customer's last agent, online with a free slot;
 * - `most_free`: rule (b), the online agent with the most free slots (ties: longest since an assignment);
 * - `queue_familiar`: a freed slot took the earliest queued conversation whose customer's last agent
 *   is this agent;
 * - `queue_head`: a freed slot took the head of the queue;
 * - `transfer`: an agent transferred it.
 */
export type AssignReason = 'familiar' | 'most_free' | 'queue_familiar' | 'queue_head' | 'transfer';

/** Why a conversation left an agent: closed, its agent went offline, or it was transferred away. */
export type UnassignReason = 'closed' | 'agent_offline' | 'transferred';

export type RefusalCode =
  | 'unknown_agent'
  | 'agent_exists'
  | 'unknown_conversation'
  | 'conversation_exists'
  | 'conversation_queued'
  | 'same_agent'
  | 'target_offline'
  | 'target_away'
  | 'target_full'
  | 'invalid_capacity';

/** What an event did, in order. The server persists and broadcasts these. */
export type RoutingEffect =
  | { type: 'assigned'; conversationId: string; agentId: string; reason: AssignReason }
  | { type: 'unassigned'; conversationId: string; agentId: string; reason: UnassignReason }
  /** `position` is 1-based; conversations behind it moved back by one. */
  | { type: 'queued'; conversationId: string; position: number }
  /** A queued conversation was closed; conversations behind it moved up by one. */
  | { type: 'dequeued'; conversationId: string; reason: 'closed' }
  /** The event was refused and changed nothing; `message` can be shown to the agent as is. */
  | { type: 'refused'; code: RefusalCode; message: string };
