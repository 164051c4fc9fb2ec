import type { FastifyBaseLogger } from 'fastify';
import type { Change } from '../../protocol';
import {
  createRoutingState,
  queuePosition,
  route,
  type RoutingEffect,
  type RoutingEvent,
  type RoutingState,
} from '../routing';
import type { RoutingView, RoutingWriteInput, RoutingWriteResult } from '../storage/kysely-routing';
import type { CustomerMessageInput, RapportStorage } from '../storage/storage';
import type { Hub } from '../ws/hub';

export interface RoutingServiceDeps {
  storage: RapportStorage;
  hub: Hub;
  log: Pick<FastifyBaseLogger, 'error'>;
  publishChanges(workspaceId: string, changes: Change[]): Promise<void>;
  /** Called when a workspace's state is (re)built: agents that routing thinks are not offline. */
  onLoaded?(workspaceId: string, presentAgentIds: string[]): void;
}

type RouteNew = NonNullable<CustomerMessageInput['routeNew']>;

/** What a routing write asks routing, given the rows as the transaction sees them. */
export type EventFor = Parameters<RoutingWriteInput['route']>[0];

/**
 * The server side of routing (SPEC R3, R8): one routing state per workspace in memory, built from
 * the database on first use. Every write that routes runs under a per-workspace lock (one at a
 * time, in order) and applies its event inside the transaction that takes its seqs; when a write
 * fails the state is dropped and rebuilt from the database, so memory never holds an effect that
 * did not commit. One server instance owns routing (several instances would need a shared lock).
 */
export class RoutingService {
  private readonly states = new Map<string, RoutingState>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly agentNames = new Map<string, string>();
  /** The place in line each queued conversation's visitors heard last (only changes are sent). */
  private readonly sentPositions = new Map<string, number>();

  constructor(private readonly deps: RoutingServiceDeps) {}

  /** Run `work` alone for the workspace, with its current routing state. */
  run<T>(workspaceId: string, work: (state: RoutingState) => Promise<T>): Promise<T> {
    const previous = this.locks.get(workspaceId) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(async () => {
        const state = await this.stateOf(workspaceId);
        try {
          return await work(state);
        } catch (error) {
          this.states.delete(workspaceId);
          throw error;
        }
      });
    this.locks.set(workspaceId, next);
    void next
      .finally(() => {
        if (this.locks.get(workspaceId) === next) this.locks.delete(workspaceId);
      })
      .catch(() => {});
    return next;
  }

  /** Wait for the workspace's routing writes in flight. */
  async idle(workspaceId: string): Promise<void> {
    await this.locks.get(workspaceId)?.catch(() => {});
  }

  private async stateOf(workspaceId: string): Promise<RoutingState> {
    let state = this.states.get(workspaceId);
    if (state) return state;
    const snapshot = await this.deps.storage.loadRoutingSnapshot(workspaceId);
    state = createRoutingState(snapshot);
    this.states.set(workspaceId, state);
    this.deps.onLoaded?.(
      workspaceId,
      snapshot.agents.filter((a) => a.status !== 'offline').map((a) => a.id),
    );
    return state;
  }

  /**
   * A write that may open a conversation (a visitor's message): `write` gets the hook that routes
   * the new conversation inside its transaction (R3). Afterwards the visitor hears its place in
   * line or who joined.
   */
  async arrival<T>(workspaceId: string, write: (routeNew: RouteNew) => Promise<T>): Promise<T> {
    return this.run(workspaceId, async (state) => {
      let effects: RoutingEffect[] = [];
      const routeNew: RouteNew = (conversationId, customerId) => {
        effects = route(state, { type: 'conversation.arrived', conversationId, customerId });
        const placed = state.conversations.get(conversationId)!;
        const agent = placed.assigneeId ? state.agents.get(placed.assigneeId) : undefined;
        return {
          assigneeId: placed.assigneeId,
          queueKey: placed.queuedAt,
          lastAssignedAt: agent?.lastAssignedAt ?? null,
        };
      };
      const result = await write(routeNew);
      await this.notifyVisitors(workspaceId, state, effects);
      return result;
    });
  }

  /**
   * A write outside routing that may change who holds a conversation (an agent's reply takes a
   * queued one, a manual assign, a merge of customers): run it under the lock, then rebuild the
   * state from the database when `changed` says so, and tell queued visitors their new place.
   */
  async outside<T>(
    workspaceId: string,
    write: () => Promise<T>,
    changed: (result: T, before: RoutingState) => boolean,
  ): Promise<T> {
    return this.run(workspaceId, async (before) => {
      const result = await write();
      if (changed(result, before)) {
        this.states.delete(workspaceId);
        const state = await this.stateOf(workspaceId);
        await this.notifyVisitors(workspaceId, state, [], true);
      }
      return result;
    });
  }

  /**
   * One routing write (close, reopen, transfer, status, slots): the direct change, then `event`
   * routed in the same transaction; the committed changes are published to agents, then visitors
   * hear of their place in line.
   */
  async write(
    workspaceId: string,
    input: Omit<RoutingWriteInput, 'workspaceId' | 'route' | 'view'>,
    event: (current: EventFor, state: RoutingState) => RoutingEvent | null,
    /** Agents the event names: an agent created after the state was built makes it rebuild. */
    agentIds: string[] = [],
  ): Promise<RoutingWriteResult> {
    return this.run(workspaceId, async (current) => {
      let state = current;
      if (agentIds.some((id) => !state.agents.has(id))) {
        this.states.delete(workspaceId);
        state = await this.stateOf(workspaceId);
      }
      const view: RoutingView = {
        conversation(id) {
          const c = state.conversations.get(id);
          return c ? { assigneeId: c.assigneeId, queueKey: c.queuedAt } : null;
        },
        lastAssignedAt: (agentId) => state.agents.get(agentId)?.lastAssignedAt ?? null,
      };
      const result = await this.deps.storage.routingWrite({
        ...input,
        workspaceId,
        view,
        route(current) {
          const agent = current.agent;
          if (agent && !state.agents.has(agent.id))
            route(state, { type: 'agent.added', agentId: agent.id, capacity: agent.capacity });
          const next = event(current, state);
          return next ? route(state, next) : [];
        },
      });
      if (result.status === 'done') {
        if (result.agent) this.agentNames.set(result.agent.id, result.agent.name);
        await this.deps.publishChanges(workspaceId, result.changes);
        await this.notifyVisitors(workspaceId, state, result.effects);
      }
      return result;
    });
  }

  /** Current place in line of a conversation (null when not queued), for a visitor's welcome. */
  async position(workspaceId: string, conversationId: string): Promise<number | null> {
    return this.run(workspaceId, (state) => Promise.resolve(queuePosition(state, conversationId)));
  }

  private async agentName(workspaceId: string, agentId: string): Promise<string> {
    const known = this.agentNames.get(agentId);
    if (known) return known;
    const agent = await this.deps.storage.getAgent(workspaceId, agentId);
    const name = agent?.name ?? 'An agent';
    this.agentNames.set(agentId, name);
    return name;
  }

  /**
   * Visitors whose conversation was assigned hear who joined; when the queue moved, every queued
   * visitor hears their place (R7). O(queue) per change of the queue.
   */
  private async notifyVisitors(
    workspaceId: string,
    state: RoutingState,
    effects: RoutingEffect[],
    queueMoved = false,
  ): Promise<void> {
    const { hub } = this.deps;
    for (const effect of effects) {
      if (effect.type !== 'assigned') continue;
      const conversation = state.conversations.get(effect.conversationId);
      if (!conversation) continue;
      const agentName = await this.agentName(workspaceId, effect.agentId);
      const customerId = conversation.customerId;
      const conversationId = conversation.id;
      // Out of the line (only visitors who were told a place hear that it ended).
      if (this.sentPositions.delete(conversationId))
        await hub.publish(workspaceId, {
          to: 'customer',
          customerId,
          frame: { type: 'queue.position', conversationId, position: null },
        });
      await hub.publish(workspaceId, {
        to: 'customer',
        customerId,
        frame: { type: 'agent.joined', conversationId, agentName },
      });
    }
    const moved =
      queueMoved ||
      effects.some(
        (e) =>
          e.type === 'queued' ||
          e.type === 'dequeued' ||
          (e.type === 'assigned' && e.reason.startsWith('queue_')),
      );
    if (!moved) return;
    for (const effect of effects)
      if (effect.type === 'dequeued') this.sentPositions.delete(effect.conversationId);
    let position = 0;
    for (const conversation of state.queue) {
      position += 1;
      if (this.sentPositions.get(conversation.id) === position) continue;
      this.sentPositions.set(conversation.id, position);
      await hub.publish(workspaceId, {
        to: 'customer',
        customerId: conversation.customerId,
        frame: { type: 'queue.position', conversationId: conversation.id, position },
      });
    }
  }
}
