import type { Change, Customer, Message } from '../../protocol';
import type { AgentAuth } from '../auth/sessions';
import { ClientIdTakenError, ConversationClosedError, NotFoundError } from '../errors';
import type { AppendResult, CustomerMessageInput, RapportStorage } from '../storage/storage';
import type { Hub, HubEvent } from '../ws/hub';
import type { RoutingService } from './routing-service';

/** A committed write: acknowledge it to the writer, then call fanOut() (S6, then S4). */
export interface Committed {
  fanOut(): Promise<void>;
}

/** A stored message; call fanOut() after acknowledging it to the sender. */
export interface SentMessage extends Committed {
  message: Message;
}

export interface ChatDeps {
  storage: RapportStorage;
  hub: Hub;
  now: () => number;
  /** Routing (R3): new conversations are routed in the transaction that opens them. */
  routing?: () => RoutingService;
}

const NOTHING: Committed = { fanOut: () => Promise.resolve() };

/**
 * The writes agents and visitors make, shared by REST routes and WebSocket handlers: store first
 * (one transaction, with its seqs), then publish. Agents get each commit's changes as one
 * `sync.changes` frame; visitors get `message.created` for their own conversation. A duplicate
 * (retried client id) or a write that changes nothing is answered but not published again.
 */
export class ChatService {
  constructor(private readonly deps: ChatDeps) {}

  /**
   * Publish one commit's changes (all its seqs, in order) to every agent socket of the workspace;
   * each socket drops what its agent may not see (S14) but keeps the range.
   */
  async publishChanges(workspaceId: string, changes: Change[]): Promise<void> {
    if (changes.length === 0) return;
    const from = changes[0]!.seq;
    const to = changes.at(-1)!.seq;
    await this.deps.hub.publish(workspaceId, {
      to: 'agents',
      frame: { type: 'sync.changes', from, to, changes },
    });
  }

  async sendAgentMessage(
    auth: AgentAuth,
    input: { conversationId: string; clientId: string; text: string },
  ): Promise<SentMessage> {
    const append = () =>
      this.deps.storage.appendAgentMessage({
        workspaceId: auth.workspace.id,
        conversationId: input.conversationId,
        agent: { id: auth.agent.id, name: auth.agent.name },
        clientId: input.clientId,
        text: input.text,
        now: this.deps.now(),
      });
    // A reply to a queued conversation takes it (the agent's choice, beyond routing's slots).
    const routing = this.deps.routing?.();
    const result = routing
      ? await routing.outside(
          auth.workspace.id,
          append,
          (r, state) =>
            r.status === 'created' &&
            state.conversations.get(input.conversationId)?.state === 'queued',
        )
      : await append();
    return this.sent(auth.workspace.id, result, (message, customerId) => ({
      to: 'customer',
      customerId,
      frame: { type: 'message.created', message },
    }));
  }

  async sendCustomerMessage(
    customer: Customer,
    input: { clientId: string; text: string },
    connectionId?: string,
  ): Promise<SentMessage> {
    const append = (routeNew?: CustomerMessageInput['routeNew']) =>
      this.deps.storage.appendCustomerMessage({
        workspaceId: customer.workspaceId,
        customerId: customer.id,
        clientId: input.clientId,
        text: input.text,
        now: this.deps.now(),
        ...(routeNew ? { routeNew } : {}),
      });
    const routing = this.deps.routing?.();
    const result = routing ? await routing.arrival(customer.workspaceId, append) : await append();
    return this.sent(customer.workspaceId, result, (message) => ({
      to: 'customer',
      customerId: customer.id,
      frame: { type: 'message.created', message },
      ...(connectionId ? { exceptConnectionId: connectionId } : {}),
    }));
  }

  async markRead(auth: AgentAuth, conversationId: string): Promise<Committed> {
    const written = await this.deps.storage.markConversationRead(auth.workspace.id, conversationId);
    if (!written) throw new NotFoundError('The conversation');
    return this.committed(auth.workspace.id, written.changes);
  }

  async assign(
    auth: AgentAuth,
    conversationId: string,
    assigneeId: string | null,
  ): Promise<Committed> {
    const write = () =>
      this.deps.storage.assignConversation(auth.workspace.id, conversationId, assigneeId);
    const routing = this.deps.routing?.();
    const result = routing
      ? await routing.outside(
          auth.workspace.id,
          write,
          (r) => r.status === 'assigned' && r.changes.length > 0,
        )
      : await write();
    if (result.status === 'not_found') throw new NotFoundError('The conversation');
    if (result.status === 'assignee_not_found') {
      throw new NotFoundError('The agent to assign (in this workspace)');
    }
    return this.committed(auth.workspace.id, result.changes);
  }

  private committed(workspaceId: string, changes: Change[]): Committed {
    return changes.length === 0
      ? NOTHING
      : { fanOut: () => this.publishChanges(workspaceId, changes) };
  }

  private sent(
    workspaceId: string,
    result: AppendResult,
    toVisitor: (message: Message, customerId: string) => HubEvent,
  ): SentMessage {
    switch (result.status) {
      case 'not_found':
        throw new NotFoundError('The conversation');
      case 'closed':
        throw new ConversationClosedError();
      case 'client_id_taken':
        throw new ClientIdTakenError();
      case 'duplicate':
        return { message: result.message, ...NOTHING };
      case 'created': {
        const { message, conversation, changes } = result;
        return {
          message,
          fanOut: async () => {
            await this.publishChanges(workspaceId, changes);
            await this.deps.hub.publish(workspaceId, toVisitor(message, conversation.customerId));
          },
        };
      }
    }
  }
}
