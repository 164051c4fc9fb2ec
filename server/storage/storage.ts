import type {
  Agent,
  AgentStatus,
  Conversation,
  Customer,
  Message,
  Workspace,
} from '../../protocol';

// The one storage interface. Callers never see SQL or a dialect: SQLite implements it today
// (sqlite.ts), Postgres next, both through the dialect-agnostic Kysely implementation.
// Every read and write is scoped to a workspace id. Every write method is one transaction.

export interface NewAgent {
  workspaceId: string;
  email: string;
  name: string;
  role: Agent['role'];
  passwordHash: string;
  now: number;
}

export interface AgentCredentials {
  agent: Agent;
  passwordHash: string;
}

export interface SessionRecord {
  agentId: string;
  workspaceId: string;
  expiresAt: number;
}

export interface NewSession extends SessionRecord {
  tokenHash: string;
  now: number;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

export interface AgentMessageInput {
  workspaceId: string;
  conversationId: string;
  agent: { id: string; name: string };
  clientId: string;
  text: string;
  now: number;
}

export interface CustomerMessageInput {
  workspaceId: string;
  customerId: string;
  clientId: string;
  text: string;
  now: number;
}

/** The outcome of appending a message; `duplicate` means the client id was already stored. */
export type AppendResult =
  | {
      status: 'created';
      message: Message;
      conversation: Conversation;
      /** True when this message opened a new conversation. */
      conversationCreated: boolean;
    }
  | { status: 'duplicate'; message: Message }
  /** The client id belongs to another author's message: the client must generate a new one. */
  | { status: 'client_id_taken' }
  | { status: 'not_found' }
  | { status: 'closed' };

export interface RapportStorage {
  createWorkspace(input: { id?: string; name: string; now: number }): Promise<Workspace>;
  getWorkspace(id: string): Promise<Workspace | null>;

  createAgent(input: NewAgent): Promise<Agent>;
  /** Emails are unique across workspaces; pass them lower-cased. */
  findAgentByEmail(email: string): Promise<AgentCredentials | null>;
  getAgent(workspaceId: string, agentId: string): Promise<Agent | null>;
  setAgentStatus(workspaceId: string, agentId: string, status: AgentStatus): Promise<Agent | null>;

  createSession(input: NewSession): Promise<void>;
  findSession(tokenHash: string): Promise<SessionRecord | null>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteExpiredSessions(now: number): Promise<number>;

  createCustomer(input: {
    workspaceId: string;
    visitorTokenHash: string;
    now: number;
  }): Promise<Customer>;
  findCustomerByVisitorToken(workspaceId: string, tokenHash: string): Promise<Customer | null>;
  getCustomer(workspaceId: string, customerId: string): Promise<Customer | null>;

  /** Open conversations and the `closedLimit` latest closed ones, newest activity first. */
  listConversations(
    workspaceId: string,
    options: { closedLimit: number },
  ): Promise<{ conversations: Conversation[]; customers: Customer[] }>;
  getConversation(workspaceId: string, conversationId: string): Promise<Conversation | null>;
  /** The customer's most recently created conversation, open or closed. */
  findLatestConversation(workspaceId: string, customerId: string): Promise<Conversation | null>;
  setConversationStatus(
    workspaceId: string,
    conversationId: string,
    status: Conversation['status'],
  ): Promise<Conversation | null>;
  markConversationRead(workspaceId: string, conversationId: string): Promise<Conversation | null>;

  /** Messages oldest first; `before` is a createdAt (exclusive) to page back in time. */
  listMessages(
    workspaceId: string,
    conversationId: string,
    options: { before?: number; limit: number },
  ): Promise<MessagePage>;
  /** Store an agent's reply; assigns the conversation to the agent when it has no assignee. */
  appendAgentMessage(input: AgentMessageInput): Promise<AppendResult>;
  /** Store a customer's message in their open conversation, opening one when there is none. */
  appendCustomerMessage(input: CustomerMessageInput): Promise<AppendResult>;

  close(): Promise<void>;
}
