import type { Agent, AgentStatus } from '../../protocol';
import type { AgentAuth } from '../auth/sessions';
import { NotFoundError, RequestError, RoutingRefusedError } from '../errors';
import { validateCapacity } from '../routing';
import type { RoutingWriteResult } from '../storage/kysely-routing';
import type { Presence } from './presence';
import type { RoutingService } from './routing-service';

// The agents' routing writes (SPEC R4–R6): close, reopen, transfer, status and chat slots. Each
// is one routing write (routing-service.ts); a refusal comes back as a RoutingRefusedError whose
// `reason` is the routing code and whose message the side panel shows as is.

/** Throw the refusal (or not-found) a routing write came back with; otherwise nothing. */
async function check(
  result: RoutingWriteResult,
  what: string,
  nameOf: (id: string) => Promise<string | null>,
  targetId?: string,
): Promise<void> {
  if (result.status === 'not_found') throw new NotFoundError(what);
  if (result.status !== 'refused') return;
  let message = result.message;
  const name = targetId ? await nameOf(targetId) : null;
  if (name)
    message = message.replace(/^That agent/, name).replace(/with that agent/, `with ${name}`);
  throw new RoutingRefusedError(result.code, message);
}

export class RoutingWrites {
  constructor(
    private readonly routing: RoutingService,
    private readonly presence: Presence,
    private readonly agentName: (workspaceId: string, id: string) => Promise<string | null>,
  ) {}

  /** Close: frees the slot (the queue's head or a familiar customer takes it) or the place in line. */
  async close(auth: AgentAuth, conversationId: string): Promise<void> {
    const result = await this.routing.write(
      auth.workspace.id,
      { conversation: { id: conversationId, status: 'closed' } },
      (_current, state) =>
        state.conversations.has(conversationId)
          ? { type: 'conversation.closed', conversationId }
          : null,
    );
    await check(result, 'The conversation', (id) => this.agentName(auth.workspace.id, id));
  }

  /** Reopen: routed like a new conversation (familiar agent first, R3). */
  async reopen(auth: AgentAuth, conversationId: string): Promise<void> {
    const result = await this.routing.write(
      auth.workspace.id,
      { conversation: { id: conversationId, status: 'open' } },
      (current) =>
        current.conversation
          ? {
              type: 'conversation.reopened',
              conversationId,
              customerId: current.conversation.customerId,
            }
          : null,
    );
    await check(result, 'The conversation', (id) => this.agentName(auth.workspace.id, id));
  }

  /** Transfer to an online agent with a free slot; refused with the reason otherwise (R6). */
  async transfer(auth: AgentAuth, conversationId: string, toAgentId: string): Promise<void> {
    const result = await this.routing.write(
      auth.workspace.id,
      {},
      () => ({ type: 'conversation.transferred', conversationId, toAgentId }),
      [toAgentId],
    );
    await check(
      result,
      'The conversation',
      (id) => this.agentName(auth.workspace.id, id),
      toAgentId,
    );
  }

  /** The status the agent chose (popup, `agent.status`); automatic away ends (R2). */
  async setStatus(auth: AgentAuth, status: AgentStatus): Promise<Agent> {
    this.presence.chose(auth.workspace.id, auth.agent.id);
    const result = await this.routing.write(
      auth.workspace.id,
      { agent: { id: auth.agent.id, status, chosenStatus: status } },
      () => ({ type: 'agent.status', agentId: auth.agent.id, status }),
    );
    if (result.status === 'done' || result.status === 'unchanged') {
      if (result.agent) return result.agent;
    }
    throw new NotFoundError('Your agent account');
  }

  /** An admin sets an agent's chat slots: a whole number from 1 to 100 (R5). */
  async setCapacity(workspaceId: string, agentId: string, capacity: unknown): Promise<Agent> {
    const valid = validateCapacity(capacity);
    if (!valid.ok)
      throw new RequestError('invalid_request', valid.message, 400, { reason: 'invalid_capacity' });
    const result = await this.routing.write(
      workspaceId,
      { agent: { id: agentId, capacity: valid.capacity } },
      () => ({ type: 'agent.capacity', agentId, capacity: valid.capacity }),
    );
    if (result.status === 'done' || result.status === 'unchanged') {
      if (result.agent) return result.agent;
    }
    throw new NotFoundError('The agent (in your workspace)');
  }
}
