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
  status: 'online' | 'away';
  password_hash: string;
  created_at: number;
  seq: number;
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
}

export interface Database {
  workspaces: WorkspaceTable;
  agents: AgentTable;
  sessions: SessionTable;
  customers: CustomerTable;
  conversations: ConversationTable;
  messages: MessageTable;
  macros: MacroTable;
}
