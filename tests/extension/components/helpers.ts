import { flushPromises } from '@vue/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Agent, Conversation, Customer } from '../../../protocol';
import type { Macro } from '../../../protocol/macros';
import {
  activateDb,
  getDb,
  getMetaDb,
  type CachedMessage,
  type ConnectionState,
  type ConnectionStatus,
  type HistoryRow,
  type SessionState,
  type SyncProgressState,
} from '../../../lib/db';
import type { BackgroundRequest, RequestData, ResponseData } from '../../../lib/messages';

export interface SentRequest {
  type: BackgroundRequest;
  data: unknown;
}

type Answers = {
  [K in BackgroundRequest]?: (data: RequestData<K>) => ResponseData<K> | Promise<ResponseData<K>>;
};

/**
 * Stand in for the background: answer the `{rapport: 1, type, data}` envelopes the pages send
 * (with `{ok: true}` unless `answers` says otherwise) and record every request.
 */
export function stubBackground(answers: Answers = {}): SentRequest[] {
  const sent: SentRequest[] = [];
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
    const { type, data } = message as { rapport: 1; type: BackgroundRequest; data: never };
    sent.push({ type, data });
    const answer = answers[type] as ((data: unknown) => unknown) | undefined;
    return answer ? await answer(data) : { ok: true };
  });
  return sent;
}

export function requestsOf(sent: SentRequest[], type: BackgroundRequest): unknown[] {
  return sent.filter((request) => request.type === type).map((request) => request.data);
}

export const WORKSPACE = 'ws_1';
export const AGENT: Agent = {
  id: 'agent_1',
  workspaceId: WORKSPACE,
  email: 'ada@example.com',
  name: 'Ada Agent',
  role: 'admin',
  status: 'online',
};

/** The account DATA database the tests use (what `openActiveDb()` would activate). */
export const TEST_DB = 'test-db';

/** Write the connection row (META database) as the background would. */
export async function putConnection(
  status: ConnectionStatus,
  error: string | null = null,
): Promise<void> {
  // A typed row first: Dexie's insert type for the MetaRow union rejects literal fields.
  const row: ConnectionState = { key: 'connection', status, error, retryAt: null, updatedAt: 1 };
  await getMetaDb().state.put(row);
}

/** Write the session row (META database) naming `dbName` as the account's DATA database. */
export async function putSession(dbName = TEST_DB): Promise<void> {
  const session: SessionState = {
    key: 'session',
    agentId: AGENT.id,
    workspaceId: WORKSPACE,
    workspaceName: 'Acme Shop',
    serverUrl: 'http://127.0.0.1:8787',
    dbName,
  };
  await getMetaDb().state.put(session);
}

/** Write the sync progress row (META database). */
export async function putSync(fields: Partial<SyncProgressState> = {}): Promise<void> {
  const row: SyncProgressState = {
    key: 'sync',
    syncing: false,
    applied: 0,
    total: 0,
    storageError: null,
    updatedAt: 1,
    ...fields,
  };
  await getMetaDb().state.put(row);
}

/**
 * A signed-in agent: connection and session rows in the META database, the account's DATA
 * database activated (as the pages' `openActiveDb()` does) and the agent's row in it.
 */
export async function seedSession(
  status: ConnectionStatus = 'online',
  error: string | null = null,
): Promise<void> {
  await putConnection(status, error);
  await putSession(TEST_DB);
  activateDb(TEST_DB);
  await getDb().agents.put(AGENT);
}

export async function putHistory(conversationId: string, hasMore: boolean): Promise<void> {
  const row: HistoryRow = { conversationId, oldestCreatedAt: null, hasMore };
  await getDb().history.put(row);
}

export function customer(id: string, fields: Partial<Customer> = {}): Customer {
  return { id, workspaceId: WORKSPACE, name: null, email: null, createdAt: 1_000, ...fields };
}

export function conversation(id: string, fields: Partial<Conversation> = {}): Conversation {
  return {
    id,
    workspaceId: WORKSPACE,
    customerId: `cust_${id}`,
    status: 'open',
    assigneeId: null,
    createdAt: 1_000,
    lastActivityAt: 1_000,
    lastMessagePreview: '',
    unreadCount: 0,
    ...fields,
  };
}

export function message(
  id: string,
  conversationId: string,
  fields: Partial<CachedMessage> = {},
): CachedMessage {
  return {
    id,
    workspaceId: WORKSPACE,
    conversationId,
    authorKind: 'customer',
    authorId: `cust_${conversationId}`,
    authorName: null,
    text: `text of ${id}`,
    createdAt: 1_000,
    clientId: `client_${id}`,
    delivery: 'sent',
    ...fields,
  };
}

/** Let liveQuery deliver: IndexedDB (fake-indexeddb) answers on timers, not microtasks. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** A team macro whose title and body default to its shortcut. */
export function macro(id: string, shortcut: string, fields: Partial<Macro> = {}): Macro {
  return {
    id,
    workspaceId: WORKSPACE,
    scope: 'team',
    ownerId: null,
    shortcut,
    title: shortcut,
    body: shortcut,
    tags: [],
    usageCount: 0,
    createdAt: 1_000,
    updatedAt: 1_000,
    ...fields,
  };
}
