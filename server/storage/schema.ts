import type { Generated } from 'kysely';

// Kysely table types. Timestamps are milliseconds since the Unix epoch (bigint columns).
// `seq` is the entity's latest sync sequence number (S1), dense per workspace.

export interface WorkspaceTable {
  id: string;
  name: string;
  created_at: number;
  /** The latest seq given out in this workspace (0 before the first change). */
  last_seq: number;
  /** Changes when the workspace's history is replaced: clients with another epoch resync. */
  sync_epoch: string;
}

export interface AgentTable {
  id: string;
  workspace_id: string;
  email: string;
  name: string;
  role: 'admin' | 'agent';
  status: 'online' | 'away' | 'offline';
  password_hash: string;
  created_at: number;
  seq: number;
  // Routing (0006).
  /** Chat slots. */
  capacity: Generated<number>;
  /** The status the agent chose (online | away); NULL before 0006: read `status`. */
  chosen_status: 'online' | 'away' | null;
  /** Routing's logical clock of the latest assignment; NULL: never assigned. */
  last_assigned_at: number | null;
}

export interface SessionTable {
  token_hash: string;
  agent_id: string;
  workspace_id: string;
  created_at: number;
  expires_at: number;
}

export interface CustomerTable {
  id: string;
  workspace_id: string;
  name: string | null;
  email: string | null;
  visitor_token_hash: string;
  created_at: number;
  seq: number;
  // Profile (0005). NULL in rows from before it: read as empty.
  /** The site's user id from a verified identify; unique per workspace. */
  external_id: string | null;
  phone: string | null;
  notes: string | null;
  /** JSON array of strings. */
  tags: string | null;
  /** JSON array of CustomerIdentity (claims from identify, verified or not). */
  identities: string | null;
  first_seen_at: number | null;
  last_seen_at: number | null;
  /** JSON PageView: the page reported last. */
  last_page: string | null;
  /** Set on a visitor merged into a known customer (who now has its conversations and pages). */
  merged_into_id: string | null;
}

/** A workspace's key for identify hashes (HMAC-SHA256 of the site's user id). */
export interface IdentitySecretTable {
  workspace_id: string;
  secret: string;
  rotated_at: number;
}

/** A visitor token that now stands for another customer than the one it created. */
export interface VisitorTokenTable {
  workspace_id: string;
  token_hash: string;
  customer_id: string;
  created_at: number;
}

/** A page the widget reported; the latest PAGES_KEPT_PER_CUSTOMER are kept per customer. */
export interface CustomerPageTable {
  id: string;
  workspace_id: string;
  customer_id: string;
  url: string;
  title: string;
  visited_at: number;
}

export interface ConversationTable {
  id: string;
  workspace_id: string;
  customer_id: string;
  status: 'open' | 'closed';
  assignee_id: string | null;
  created_at: number;
  last_activity_at: number;
  last_message_preview: string;
  unread_count: number;
  seq: number;
  /** Routing's queue key (0006): the logical clock of the arrival or reopen; NULL before it. */
  queue_key: number | null;
}

export interface MessageTable {
  id: string;
  workspace_id: string;
  conversation_id: string;
  author_kind: 'customer' | 'agent' | 'system';
  author_id: string | null;
  author_name: string | null;
  text: string;
  created_at: number;
  client_id: string;
  seq: number;
}

export interface MacroTable {
  id: string;
  workspace_id: string;
  scope: 'team' | 'personal';
  /** The owning agent of a personal macro; null for team macros. */
  owner_id: string | null;
  /** '' for team macros, owner_id for personal ones: the NOT NULL key of the unique index. */
  owner_key: string;
  shortcut: string;
  title: string;
  body: string;
  /** JSON array of strings. */
  tags: string;
  usage_count: number;
  created_at: number;
  updated_at: number;
  seq: number;
}

/** A macro deleted (or hidden from an audience) at `seq`; `owner_id` NULL: everyone saw it. */
export interface MacroTombstoneTable {
  macro_id: string;
  workspace_id: string;
  owner_id: string | null;
  seq: number;
}

/** One agent's pinned macros: a JSON array of {slot, macroId}, by slot. */
export interface AgentMacroPinsTable {
  agent_id: string;
  workspace_id: string;
  pins: string;
  updated_at: number;
  seq: number;
}

/** A counted `macro.use` write, kept so a retry with the same client id counts once. */
export interface MacroUseTable {
  workspace_id: string;
  client_id: string;
  macro_id: string;
  agent_id: string;
  created_at: number;
}

export interface Database {
  workspaces: WorkspaceTable;
  agents: AgentTable;
  sessions: SessionTable;
  customers: CustomerTable;
  conversations: ConversationTable;
  messages: MessageTable;
  macros: MacroTable;
  identity_secrets: IdentitySecretTable;
  visitor_tokens: VisitorTokenTable;
  customer_pages: CustomerPageTable;
  macro_tombstones: MacroTombstoneTable;
  agent_macro_pins: AgentMacroPinsTable;
  macro_uses: MacroUseTable;
}
