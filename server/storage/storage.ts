import type {
  Agent,
  AgentStatus,
  Change,
  Conversation,
  Customer,
  Macro,
  MacroPin,
  MacroPins,
  MacroScope,
  Message,
  SyncPage,
  Workspace,
} from '../../protocol';
import type { RoutingSnapshot } from '../routing';
import type { CustomerStorageMethods } from './customer-storage';
import type { RoutingWriteInput, RoutingWriteResult } from './kysely-routing';

// The one storage interface. Callers never see SQL or a dialect: SQLite (sqlite.ts) and Postgres
// (postgres.ts) implement it through the same dialect-agnostic Kysely implementation.
// Every read and write is scoped to a workspace id. Every write method is one transaction.
// Writes that change a synced entity (agent, customer, conversation, message, macro, macro
// tombstone, an agent's pins) give it the
// workspace's next seq in that transaction (SPEC S1) and return the committed `changes`, in seq
// order, for the caller to fan out after commit (S4).

/** A committed write: its result and the changes it made (empty when nothing changed). */
export type Written<T> = T & { changes: Change[] };

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
  /**
   * Called inside the transaction when this message opens a new conversation: routing's decision
   * (R3), written with the conversation. Without it the conversation starts unassigned.
   */
  routeNew?: (
    conversationId: string,
    customerId: string,
  ) => { assigneeId: string | null; queueKey: number; lastAssignedAt: number | null };
}

/** The outcome of appending a message; `duplicate` means the client id was already stored. */
export type AppendResult =
  | {
      status: 'created';
      message: Message;
      conversation: Conversation;
      /** True when this message opened a new conversation. */
      conversationCreated: boolean;
      /** The message's change, then the conversation's: two consecutive seqs. */
      changes: Change[];
    }
  | { status: 'duplicate'; message: Message }
  /** The client id belongs to another author's message: the client must generate a new one. */
  | { status: 'client_id_taken' }
  | { status: 'not_found' }
  | { status: 'closed' };

export type AssignResult =
  | Written<{ status: 'assigned'; conversation: Conversation }>
  | { status: 'not_found' }
  | { status: 'assignee_not_found' };

/** A page of changes (S2), or the refusal of a cursor ahead of the workspace (S3). */
export type PullResult =
  | ({ status: 'page' } & SyncPage)
  | { status: 'cursor_invalid'; headSeq: number }
  | { status: 'not_found' };

export interface SyncHead {
  epoch: string;
  headSeq: number;
}

/** A macro's content and owner: `ownerId` is the agent for a personal macro, null for a team one. */
export interface MacroDraft {
  scope: MacroScope;
  ownerId: string | null;
  shortcut: string;
  title: string;
  body: string;
  tags: string[];
}

/** A macro write: saved, refused because `other` has the shortcut in that scope, or not found. */
export type MacroWrite =
  | Written<{ status: 'saved'; macro: Macro }>
  | { status: 'conflict'; other: Macro }
  | { status: 'not_found' };

/** All drafts imported, or none: `conflicts` holds each refused draft's index and the holder. */
export type MacroImportResult =
  | Written<{ status: 'imported'; macros: Macro[] }>
  | { status: 'conflicts'; conflicts: { index: number; other: Macro }[] };

/** One use counted; or its client id was counted already; or no visible macro has that id. */
export type MacroUseResult =
  Written<{ status: 'counted'; macro: Macro }> | { status: 'duplicate' } | { status: 'not_found' };

/** Pins saved (no change when they were the same), or refused: these macros are not visible. */
export type MacroPinsWrite =
  Written<{ status: 'saved'; pins: MacroPins }> | { status: 'not_found'; macroIds: string[] };

export interface RapportStorage {
  createWorkspace(input: { id?: string; name: string; now: number }): Promise<Workspace>;
  getWorkspace(id: string): Promise<Workspace | null>;

  createAgent(input: NewAgent): Promise<Agent>;
  /** Emails are unique across workspaces; pass them lower-cased. */
  findAgentByEmail(email: string): Promise<AgentCredentials | null>;
  getAgent(workspaceId: string, agentId: string): Promise<Agent | null>;
  /** No change (and no seq) when the agent already has this status. */
  setAgentStatus(
    workspaceId: string,
    agentId: string,
    status: AgentStatus,
  ): Promise<Written<{ agent: Agent }> | null>;

  createSession(input: NewSession): Promise<void>;
  findSession(tokenHash: string): Promise<SessionRecord | null>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteExpiredSessions(now: number): Promise<number>;

  createCustomer(input: {
    workspaceId: string;
    visitorTokenHash: string;
    now: number;
  }): Promise<Written<{ customer: Customer }>>;
  /** The customer a visitor token stands for (following a merge), or null. */
  findCustomerByVisitorToken(workspaceId: string, tokenHash: string): Promise<Customer | null>;
  getCustomer(workspaceId: string, customerId: string): Promise<Customer | null>;
  // Identity secret, identify, page reports and profiles: see customer-storage.ts.
  getIdentitySecret: CustomerStorageMethods['getIdentitySecret'];
  rotateIdentitySecret: CustomerStorageMethods['rotateIdentitySecret'];
  identifyCustomer: CustomerStorageMethods['identifyCustomer'];
  recordPageView: CustomerStorageMethods['recordPageView'];
  getCustomerProfile: CustomerStorageMethods['getCustomerProfile'];
  updateCustomer: CustomerStorageMethods['updateCustomer'];

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
  ): Promise<Written<{ conversation: Conversation }> | null>;
  /** Unread count to 0; a change only when it was not 0 already (idempotent, S5). */
  markConversationRead(
    workspaceId: string,
    conversationId: string,
  ): Promise<Written<{ conversation: Conversation }> | null>;
  /** The assignee must be an agent of the workspace; null unassigns. Idempotent (S5). */
  assignConversation(
    workspaceId: string,
    conversationId: string,
    assigneeId: string | null,
  ): Promise<AssignResult>;

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

  /** The workspace's epoch and latest seq, or null for an unknown workspace. */
  getSyncHead(workspaceId: string): Promise<SyncHead | null>;
  /**
   * Changes after `since`, oldest first, at most `limit`, read from one snapshot (S2, S3), as
   * `agentId` may see them (S14): without an agent, no personal macro, tombstone or pins.
   */
  pullChanges(
    workspaceId: string,
    options: { since: number; limit: number; agentId?: string },
  ): Promise<PullResult>;

  // Macros. "Visible to an agent" means a team macro or that agent's own personal one; the others
  // do not exist for them (null / not_found). Every macro write is in the sync log (S14).
  /** Visible macros, by shortcut. */
  listMacros(workspaceId: string, agentId: string): Promise<Macro[]>;
  getMacro(workspaceId: string, agentId: string, macroId: string): Promise<Macro | null>;
  createMacro(input: { workspaceId: string; draft: MacroDraft; now: number }): Promise<MacroWrite>;
  /** Replace a visible macro's content, scope and owner. */
  updateMacro(input: {
    workspaceId: string;
    agentId: string;
    macroId: string;
    draft: MacroDraft;
    now: number;
  }): Promise<MacroWrite>;
  /** Delete a visible macro, leaving its tombstone and unpinning it; null when there is none. */
  deleteMacro(input: {
    workspaceId: string;
    agentId: string;
    macroId: string;
    now: number;
  }): Promise<Written<object> | null>;
  /** Usage count + 1 on a visible macro, once per `clientId` (S15; null: count every call). */
  useMacro(input: {
    workspaceId: string;
    agentId: string;
    macroId: string;
    clientId: string | null;
    now: number;
  }): Promise<MacroUseResult>;
  /** Create every draft in one transaction, or none of them. */
  importMacros(input: {
    workspaceId: string;
    drafts: MacroDraft[];
    now: number;
  }): Promise<MacroImportResult>;
  /** The agent's pins, by slot (none yet: an empty list, updatedAt 0). */
  getMacroPins(workspaceId: string, agentId: string): Promise<MacroPins>;
  /** Replace the agent's pins; every pinned macro must be visible to them (S16). */
  setMacroPins(input: {
    workspaceId: string;
    agentId: string;
    pins: MacroPin[];
    now: number;
  }): Promise<MacroPinsWrite>;

  // Routing (SPEC R1–R8): what rebuilds a workspace's routing state, and one routing write.
  loadRoutingSnapshot(workspaceId: string): Promise<RoutingSnapshot>;
  routingWrite(input: RoutingWriteInput): Promise<RoutingWriteResult>;

  close(): Promise<void>;
}
