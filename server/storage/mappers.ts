import type { Selectable } from 'kysely';
import type { Agent, Conversation, Customer, Message, Workspace } from '../../protocol';
import {
  CUSTOMER_PROFILE_COLUMNS,
  customerProfile,
  type CustomerProfileRow,
} from './customer-fields';
import type {
  AgentTable,
  ConversationTable,
  CustomerTable,
  MessageTable,
  WorkspaceTable,
} from './schema';

// Rows to protocol models. Number() because some drivers (pg) return bigint columns as strings.
// The column lists select what a model needs and never a secret (password or token hash).

export const AGENT_COLUMNS = [
  'id',
  'workspace_id',
  'email',
  'name',
  'role',
  'status',
  'capacity',
  'seq',
] as const satisfies readonly (keyof AgentTable)[];
const CUSTOMER_BASE_COLUMNS = [
  'id',
  'workspace_id',
  'name',
  'email',
  'created_at',
  'seq',
] as const satisfies readonly (keyof CustomerTable)[];
export const CUSTOMER_COLUMNS = [...CUSTOMER_BASE_COLUMNS, ...CUSTOMER_PROFILE_COLUMNS] as const;

type Row<T, K extends readonly (keyof T)[]> = Pick<
  Selectable<T>,
  Extract<K[number], keyof Selectable<T>>
>;

export function toWorkspace(row: Pick<Selectable<WorkspaceTable>, 'id' | 'name'>): Workspace {
  return { id: row.id, name: row.name };
}

export function toAgent(row: Row<AgentTable, typeof AGENT_COLUMNS>): Agent {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.status,
    capacity: Number(row.capacity),
  };
}

/** Rows without the profile columns (a customer just created) read as an empty profile. */
export function toCustomer(
  row: Row<CustomerTable, typeof CUSTOMER_BASE_COLUMNS> & CustomerProfileRow,
): Customer {
  const createdAt = Number(row.created_at);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    email: row.email,
    createdAt,
    ...customerProfile(row, createdAt),
  };
}

export function toConversation(row: Selectable<ConversationTable>): Conversation {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    customerId: row.customer_id,
    status: row.status,
    assigneeId: row.assignee_id,
    createdAt: Number(row.created_at),
    lastActivityAt: Number(row.last_activity_at),
    lastMessagePreview: row.last_message_preview,
    unreadCount: Number(row.unread_count),
    queued: row.status === 'open' && row.assignee_id === null && row.queue_key !== null,
  };
}

export function toMessage(row: Selectable<MessageTable>): Message {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    conversationId: row.conversation_id,
    authorKind: row.author_kind,
    authorId: row.author_id,
    authorName: row.author_name,
    text: row.text,
    createdAt: Number(row.created_at),
    clientId: row.client_id,
  };
}

/** Characters of the latest message kept on a conversation for lists. */
export const PREVIEW_LENGTH = 140;

export function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat;
}

/** True for a unique-constraint violation in SQLite (better-sqlite3) or Postgres (pg). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = (error as { code: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
