import type { Kysely, Transaction } from 'kysely';
import type { Agent, AgentAvailability, AgentStatus, Change, Conversation } from '../../protocol';
import type { RoutingEffect, RoutingSnapshot } from '../routing';
import { AGENT_COLUMNS, toAgent, toConversation } from './mappers';
import type { Database } from './schema';
import type { Written } from './storage';
import { change, takeSeqs, UnknownWorkspaceError, writeTransaction } from './sync-log';

// Routing's reads and writes (SPEC R1–R8). The routing state lives in the server's memory; these
// read what rebuilds it and persist what a routing event did, in the transaction that takes the
// event's seqs (so the workspace's seq lock serializes routing writers, S1).

/** Where routing's state puts a conversation and an agent after an event (read after `route`). */
export interface RoutingView {
  /** The open conversation's assignee and queue key; null when routing no longer holds it. */
  conversation(id: string): { assigneeId: string | null; queueKey: number } | null;
  lastAssignedAt(agentId: string): number | null;
}

export interface RoutingWriteInput {
  workspaceId: string;
  /** Set first: close or reopen. `unchanged` when the conversation already has this status. */
  conversation?: { id: string; status: 'open' | 'closed' };
  /** Set first: a status (chosen or automatic) or chat slots. */
  agent?: {
    id: string;
    /** 'chosen': back to the status the agent chose (reconnect, activity after idle). */
    status?: AgentAvailability | 'chosen';
    chosenStatus?: AgentStatus;
    capacity?: number;
    /** Change nothing unless the agent's status is this one now (automatic changes). */
    ifStatus?: AgentAvailability;
  };
  /** Under the lock, after the checks: the routing event's effects (a refusal rolls back). */
  route(current: { conversation: Conversation | null; agent: Agent | null }): RoutingEffect[];
  view: RoutingView;
}

export type RoutingWriteResult =
  | Written<{
      status: 'done';
      effects: RoutingEffect[];
      conversations: Conversation[];
      agent: Agent | null;
    }>
  | { status: 'unchanged'; conversation: Conversation | null; agent: Agent | null }
  | { status: 'refused'; code: string; message: string }
  | { status: 'not_found' };

/** The agents, open conversations and each customer's last agent of a workspace. */
export async function loadRoutingSnapshot(
  db: Kysely<Database>,
  workspaceId: string,
): Promise<RoutingSnapshot> {
  const agents = await db
    .selectFrom('agents')
    .select(['id', 'status', 'capacity', 'last_assigned_at'])
    .where('workspace_id', '=', workspaceId)
    .execute();
  const open = await db
    .selectFrom('conversations')
    .select(['id', 'customer_id', 'assignee_id', 'queue_key', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'open')
    .execute();
  // The customer's last agent: the assignee of their latest conversation that had one. Merges
  // move conversations to the known customer, so this follows merges (by customer id).
  const assigned = await db
    .selectFrom('conversations')
    .select(['customer_id', 'assignee_id', 'created_at', 'id'])
    .where('workspace_id', '=', workspaceId)
    .where('assignee_id', 'is not', null)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  const lastAgent = new Map<string, string>();
  for (const row of assigned) lastAgent.set(row.customer_id, row.assignee_id!);
  return {
    agents: agents.map((a) => ({
      id: a.id,
      status: a.status,
      capacity: Number(a.capacity),
      lastAssignedAt: a.last_assigned_at === null ? null : Number(a.last_assigned_at),
    })),
    conversations: open.map((c) => ({
      id: c.id,
      customerId: c.customer_id,
      assigneeId: c.assignee_id,
      // Rows from before 0006 queue in creation order.
      queuedAt: Number(c.queue_key ?? c.created_at),
    })),
    lastAgents: [...lastAgent].map(([customerId, agentId]) => ({ customerId, agentId })),
  };
}

/** The ids of the conversations and agents an event's effects touched, in order. */
function touched(effects: RoutingEffect[]): { conversations: string[]; agents: string[] } {
  const conversations = new Set<string>();
  const agents = new Set<string>();
  for (const effect of effects) {
    if (effect.type === 'refused') continue;
    conversations.add(effect.conversationId);
    if (effect.type === 'assigned') agents.add(effect.agentId);
  }
  return { conversations: [...conversations], agents: [...agents] };
}

async function nextSeq(trx: Transaction<Database>, workspaceId: string): Promise<number> {
  return takeSeqs(trx, workspaceId, 1);
}

/**
 * One routing write: lock the workspace's seqs, apply the direct change (status, slots), run the
 * routing event, then persist its effects: each touched conversation once (its assignee and queue
 * key as routing now has them, one seq), each assigned agent's clock (no seq: not synced).
 */
export function routingWrite(
  db: Kysely<Database>,
  input: RoutingWriteInput,
): Promise<RoutingWriteResult> {
  const { workspaceId } = input;
  return writeTransaction<RoutingWriteResult>(db, async (trx, abort) => {
    // Seq lock first (an update of 0 seqs locks the row on Postgres until commit).
    await takeSeqs(trx, workspaceId, 0).catch((error: unknown) => {
      if (error instanceof UnknownWorkspaceError) return abort({ status: 'not_found' });
      throw error;
    });
    const changes: Change[] = [];
    let conversation: Conversation | null = null;
    let agent: Agent | null = null;
    const statusPatch: { status?: 'open' | 'closed' } = {};

    if (input.conversation) {
      const row = await trx
        .selectFrom('conversations')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', input.conversation.id)
        .executeTakeFirst();
      if (!row) return abort({ status: 'not_found' });
      conversation = toConversation(row);
      if (row.status === input.conversation.status)
        return abort({ status: 'unchanged', conversation, agent: null });
      statusPatch.status = input.conversation.status;
      conversation = { ...conversation, status: input.conversation.status };
    }
    if (input.agent) {
      const { id, chosenStatus, capacity, ifStatus } = input.agent;
      const row = await trx
        .selectFrom('agents')
        .select([...AGENT_COLUMNS, 'chosen_status'])
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return abort({ status: 'not_found' });
      if (ifStatus !== undefined && row.status !== ifStatus)
        return abort({ status: 'unchanged', conversation: null, agent: toAgent(row) });
      const chosen = row.chosen_status ?? (row.status === 'offline' ? 'online' : row.status);
      const status = input.agent.status === 'chosen' ? chosen : input.agent.status;
      const synced =
        (status !== undefined && status !== row.status) ||
        (capacity !== undefined && capacity !== Number(row.capacity));
      if (chosenStatus !== undefined && chosenStatus !== row.chosen_status) {
        await trx
          .updateTable('agents')
          .set({ chosen_status: chosenStatus })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', id)
          .execute();
      }
      if (!synced) {
        // A chosen status that equals the current one still counts (it stops automatic changes).
        return { status: 'unchanged', conversation: null, agent: toAgent(row) };
      }
      const seq = await nextSeq(trx, workspaceId);
      const updated = await trx
        .updateTable('agents')
        .set({
          ...(status !== undefined ? { status } : {}),
          ...(capacity !== undefined ? { capacity } : {}),
          seq,
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .returning(AGENT_COLUMNS)
        .executeTakeFirstOrThrow();
      agent = toAgent(updated);
      changes.push(change(seq, 'agent', agent));
    }

    const effects = input.route({ conversation, agent });
    const refusal = effects.find((e) => e.type === 'refused');
    if (refusal?.type === 'refused')
      return abort({ status: 'refused', code: refusal.code, message: refusal.message });

    const ids = touched(effects);
    if (conversation && !ids.conversations.includes(conversation.id))
      ids.conversations.unshift(conversation.id);
    const conversations: Conversation[] = [];
    for (const id of ids.conversations) {
      const placed = input.view.conversation(id);
      const seq = await nextSeq(trx, workspaceId);
      const row = await trx
        .updateTable('conversations')
        .set({
          ...(id === conversation?.id ? statusPatch : {}),
          // A closed conversation keeps its last assignee (history, the customer's last agent).
          ...(placed ? { assignee_id: placed.assigneeId, queue_key: placed.queueKey } : {}),
          seq,
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const model = toConversation(row);
      conversations.push(model);
      changes.push(change(seq, 'conversation', model));
    }
    for (const agentId of ids.agents) {
      await trx
        .updateTable('agents')
        .set({ last_assigned_at: input.view.lastAssignedAt(agentId) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', agentId)
        .execute();
    }
    return { status: 'done', effects, conversations, agent, changes };
  });
}
