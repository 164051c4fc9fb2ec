import type { Agent, AgentStatus, Conversation, Customer, Message } from '../../protocol';
import type { AgentAuth } from '../auth/sessions';
import { ClientIdTakenError, ConversationClosedError, NotFoundError } from '../errors';
import type { AppendResult, RapportStorage } from '../storage/storage';
import type { Hub, HubEvent } from '../ws/hub';

/** A stored message; call fanOut() after acknowledging it to the sender. */
export interface SentMessage {
  message: Message;
  fanOut(): Promise<void>;
}

export interface ChatDeps {
  storage: RapportStorage;
  hub: Hub;
  now: () => number;
}

/**
 * The writes agents and visitors make, shared by REST routes and WebSocket handlers: store first,
 * then publish to the workspace. A duplicate (retried client id) is answered with the stored
 * message and not published again.
 */
export class ChatService {
  constructor(private readonly deps: ChatDeps) {}

  async sendAgentMessage(
    auth: AgentAuth,
    input: { conversationId: string; clientId: string; text: string },
  ): Promise<SentMessage> {
    const result = await this.deps.storage.appendAgentMessage({
      workspaceId: auth.workspace.id,
      conversationId: input.conversationId,
      agent: { id: auth.agent.id, name: auth.agent.name },
      clientId: input.clientId,
      text: input.text,
      now: this.deps.now(),
    });
    return this.sent(auth.workspace.id, result, (message, conversation) => [
      { to: 'agents', frame: { type: 'conversation.updated', conversation } },
      { to: 'agents', frame: { type: 'message.created', message } },
      {
        to: 'customer',
        customerId: conversation.customerId,
        frame: { type: 'message.created', message },
      },
    ]);
  }

  async sendCustomerMessage(
    customer: Customer,
    input: { clientId: string; text: string },
    connectionId?: string,
  ): Promise<SentMessage> {
    const result = await this.deps.storage.appendCustomerMessage({
      workspaceId: customer.workspaceId,
      customerId: customer.id,
      clientId: input.clientId,
      text: input.text,
      now: this.deps.now(),
    });
    const newConversation = result.status === 'created' && result.conversationCreated;
    return this.sent(customer.workspaceId, result, (message, conversation) => [
      ...(newConversation
        ? [{ to: 'agents' as const, frame: { type: 'customer.updated' as const, customer } }]
        : []),
      { to: 'agents', frame: { type: 'conversation.updated', conversation } },
      { to: 'agents', frame: { type: 'message.created', message } },
      {
        to: 'customer',
        customerId: customer.id,
        frame: { type: 'message.created', message },
        exceptConnectionId: connectionId,
      },
    ]);
  }

  async markRead(auth: AgentAuth, conversationId: string): Promise<Conversation> {
    const conversation = await this.deps.storage.markConversationRead(
      auth.workspace.id,
      conversationId,
    );
    if (!conversation) throw new NotFoundError('The conversation');
    await this.deps.hub.publish(auth.workspace.id, {
      to: 'agents',
      frame: { type: 'conversation.updated', conversation },
    });
    return conversation;
  }

  async setStatus(auth: AgentAuth, status: AgentStatus): Promise<Agent> {
    const agent = await this.deps.storage.setAgentStatus(auth.workspace.id, auth.agent.id, status);
    if (!agent) throw new NotFoundError('Your agent account');
    await this.deps.hub.publish(auth.workspace.id, {
      to: 'agents',
      frame: { type: 'agent.updated', agent },
    });
    return agent;
  }

  private sent(
    workspaceId: string,
    result: AppendResult,
    events: (message: Message, conversation: Conversation) => HubEvent[],
  ): SentMessage {
    switch (result.status) {
      case 'not_found':
        throw new NotFoundError('The conversation');
      case 'closed':
        throw new ConversationClosedError();
      case 'client_id_taken':
        throw new ClientIdTakenError();
      case 'duplicate':
        return { message: result.message, fanOut: () => Promise.resolve() };
      case 'created': {
        const { message, conversation } = result;
        const hub = this.deps.hub;
        return {
          message,
          async fanOut() {
            for (const event of events(message, conversation))
              await hub.publish(workspaceId, event);
          },
        };
      }
    }
  }
}
