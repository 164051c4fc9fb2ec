import Dexie, { type EntityTable, type Table } from 'dexie';
import type { Agent, Conversation, Customer, Message } from '../protocol';

/** What the side panel and popup show about the link to the server. Written only by the background. */
export type ConnectionStatus = 'signed_out' | 'connecting' | 'online' | 'offline';

export interface ConnectionState {
  key: 'connection';
  status: ConnectionStatus;
  /** A sentence for the agent when something is wrong (e.g. "Server unreachable, retrying in 4 s"). */
  error: string | null;
  /** When the last connection attempt failed, when the next is planned (ms epoch), else null. */
  retryAt: number | null;
  updatedAt: number;
}

/** The signed-in agent as the background knows it; null row when signed out. */
export interface SessionState {
  key: 'session';
  agentId: string;
  workspaceId: string;
  workspaceName: string;
  serverUrl: string;
}

export type StateRow = ConnectionState | SessionState;

/**
 * The extension's IndexedDB cache. The background service worker is its only writer;
 * extension pages read it through Dexie `liveQuery`.
 */
export class RapportDb extends Dexie {
  conversations!: EntityTable<Conversation, 'id'>;
  messages!: EntityTable<Message, 'id'>;
  customers!: EntityTable<Customer, 'id'>;
  agents!: EntityTable<Agent, 'id'>;
  // A plain Table: Dexie's insert type for EntityTable does not spread over the StateRow union.
  state!: Table<StateRow, StateRow['key']>;

  constructor(name = 'rapport') {
    super(name);
    this.version(1).stores({
      conversations: 'id, lastActivityAt, status',
      messages: 'id, [conversationId+createdAt], clientId',
      customers: 'id',
      agents: 'id',
      state: 'key',
    });
  }
}

let shared: RapportDb | undefined;

/** The one cache database of this extension (tests may close and reset it with `resetDb`). */
export function getDb(): RapportDb {
  shared ??= new RapportDb();
  return shared;
}

/** For tests: drop the shared instance and delete its data. */
export async function resetDb(): Promise<void> {
  if (shared) {
    shared.close();
    await shared.delete();
  }
  shared = undefined;
}
