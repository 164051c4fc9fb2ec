import Dexie, { type EntityTable, type Table } from 'dexie';
import type {
  Agent,
  Conversation,
  Customer,
  CustomerConversation,
  Message,
  PageView,
} from '../protocol';
import type { Macro, MacroPins } from '../protocol/macros';

// Two kinds of IndexedDB database, both written only by the background service worker and read
// by extension pages through Dexie `liveQuery`:
//  - the META database ('rapport-meta'): who is signed in, the connection, sync progress;
//  - one DATA database per account (server + workspace + agent): the cached conversations,
//    messages, customers, agents, macros and pins, the sync cursor and the outbox. Sign-out
//    deletes it.

/** What the side panel and popup show about the link to the server. */
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

/** The signed-in agent; no row when signed out. */
export interface SessionState {
  key: 'session';
  agentId: string;
  workspaceId: string;
  workspaceName: string;
  serverUrl: string;
  /** Name of this account's DATA database (see accountDbName). */
  dbName: string;
}

/** Progress of a pull from the server, for the side panel's progress bar. */
export interface SyncProgressState {
  key: 'sync';
  /** True while pages are being pulled (initial sync or catch-up after a gap). */
  syncing: boolean;
  /** Changes applied so far in this pull, and the server's head when it started (for a ratio). */
  applied: number;
  total: number;
  /** A sentence when the cache cannot be written (e.g. the disk is full); null otherwise. */
  storageError: string | null;
  updatedAt: number;
}

/**
 * The DATA database of a session that ended (401, expiry) rather than being signed out: kept so
 * its outbox is sent after the same agent signs in again, deleted when another account signs in.
 */
export interface EndedSessionState {
  key: 'ended';
  dbName: string;
}

export type MetaRow = ConnectionState | SessionState | SyncProgressState | EndedSessionState;

export class MetaDb extends Dexie {
  state!: Table<MetaRow, MetaRow['key']>;

  constructor(name = 'rapport-meta') {
    super(name);
    this.version(1).stores({ state: 'key' });
  }
}

/** A message as cached: the server's fields, plus local delivery state for the agent's own sends. */
export interface CachedMessage extends Message {
  /** 'sent' once the server acknowledged it (or it came from the server). */
  delivery: 'sent' | 'pending' | 'failed';
  /** Why the server refused it, when delivery is 'failed'. */
  failure?: string;
  /**
   * 1 on the agent's pending and failed rows, absent on every sent row: a SPARSE index, so
   * IndexedDB indexes only the few unsent rows, not the ~100k synced ones (version 3).
   */
  unsent?: 1;
}

/** A write waiting to reach the server, in order. */
export type OutboxWrite =
  | { kind: 'message.send'; conversationId: string; text: string }
  | { kind: 'conversation.read'; conversationId: string }
  | { kind: 'conversation.assign'; conversationId: string; assigneeId: string | null }
  /** Routing writes (R4–R6): a refusal (e.g. the target is full) is kept as failed with its reason. */
  | { kind: 'conversation.transfer'; conversationId: string; toAgentId: string }
  | { kind: 'conversation.close'; conversationId: string }
  | { kind: 'conversation.reopen'; conversationId: string }
  /** One insertion of a macro, counted once by the server (S15). */
  | { kind: 'macro.use'; macroId: string };

/**
 * A macro as cached. `legacy` (version 5) marks a row fetched over REST before macros were in
 * the sync log: the first complete pull puts every macro the agent sees again (without it) and
 * then deletes the rows still marked, which the server deleted meanwhile (S17).
 */
export interface CachedMacro extends Macro {
  legacy?: 1;
}

export type OutboxEntry = OutboxWrite & {
  /** UUIDv7 made when the agent acted; the server deduplicates on it. */
  clientId: string;
  /** Local order of creation (auto-incremented). */
  order?: number;
  status: 'pending' | 'failed';
  failure?: string;
  createdAt: number;
};

/** The sync cursor, stored in the same database (and transaction) as the data it describes. */
export interface CursorRow {
  key: 'cursor';
  /** Highest server sequence number applied. */
  seq: number;
  /** The server's sync epoch for this workspace; a different one means resync from 0. */
  epoch: string;
}

/** A conversation whose older messages were fetched down to here (for scroll-up paging). */
export interface HistoryRow {
  conversationId: string;
  /** createdAt of the oldest cached message, and whether the server has older ones. */
  oldestCreatedAt: number | null;
  hasMore: boolean;
}

/**
 * A customer's profile as the server last answered it (GET /api/customers/:id), keyed on the id
 * the side panel asked for (a merged visitor's id gives the customer it merged into). Only the
 * background writes it, when the card asks; the customer row itself comes from sync.
 */
export interface CustomerProfileRow {
  customerId: string;
  customer: Customer;
  /** Newest first, with the name of the agent each is assigned to. */
  conversations: CustomerConversation[];
  /** Newest first. */
  pages: PageView[];
  fetchedAt: number;
}

export class RapportDb extends Dexie {
  conversations!: EntityTable<Conversation, 'id'>;
  messages!: EntityTable<CachedMessage, 'id'>;
  customers!: EntityTable<Customer, 'id'>;
  agents!: EntityTable<Agent, 'id'>;
  outbox!: Table<OutboxEntry, number>;
  sync!: Table<CursorRow, 'cursor'>;
  history!: EntityTable<HistoryRow, 'conversationId'>;
  macros!: EntityTable<CachedMacro, 'id'>;
  /** The signed-in agent's pins (one row, keyed on the agent's id), from the sync log. */
  macroPins!: EntityTable<MacroPins, 'id'>;
  customerProfiles!: EntityTable<CustomerProfileRow, 'customerId'>;

  constructor(name: string) {
    super(name);
    // Version 1 (issue 2): the first cache.
    this.version(1).stores({
      conversations: 'id, lastActivityAt, status',
      messages: 'id, [conversationId+createdAt], clientId',
      customers: 'id',
      agents: 'id',
      state: 'key',
    });
    // Version 2: sync cursor, outbox, history paging; messages carry their delivery state;
    // connection/session moved to the meta database.
    this.version(2)
      .stores({
        conversations: 'id, lastActivityAt, status',
        messages: 'id, [conversationId+createdAt], clientId, delivery',
        customers: 'id',
        agents: 'id',
        state: null,
        outbox: '++order, &clientId, status',
        sync: 'key',
        history: 'conversationId',
      })
      .upgrade(async (tx) => {
        await tx
          .table('messages')
          .toCollection()
          .modify((message: Partial<CachedMessage>) => {
            message.delivery ??= 'sent';
          });
      });
    // Version 3: bulk writes of synced messages maintain one index, not three. `delivery` and
    // `clientId` are no longer indexed (a pending row's id IS its client id); unsent rows are
    // found through the sparse `unsent` index.
    this.version(3)
      .stores({ messages: 'id, [conversationId+createdAt], unsent' })
      .upgrade(async (tx) => {
        await tx
          .table('messages')
          .filter((message: CachedMessage) => message.delivery !== 'sent')
          .modify((message: CachedMessage) => {
            message.unsent = 1;
          });
      });
    // Version 4: the agent's macros (team + own personal), fetched from the server for offline use.
    this.version(4).stores({ macros: 'id, shortcut' });
    // Version 5: macros and the agent's pins come from the sync log (S14, S17). The cursor is
    // kept (server migration 0004 numbers every macro after the head of any older cache, so the
    // next pull brings them all); the REST-fetched rows stay usable offline until then, marked
    // `legacy` in a sparse index so that pull can drop the ones the server no longer has.
    this.version(5)
      .stores({ macros: 'id, shortcut, legacy', macroPins: 'id' })
      .upgrade(async (tx) => {
        await tx
          .table('macros')
          .toCollection()
          .modify((macro: CachedMacro) => {
            macro.legacy = 1;
          });
      });
    // Version 6 (issue 5): the customer card. Conversations are indexed by customer (a customer's
    // earlier conversations, "returning customer"); profiles fetched over REST are cached for
    // offline reading. Adding an index and a table needs no data change.
    this.version(6).stores({
      conversations: 'id, lastActivityAt, status, customerId',
      customerProfiles: 'customerId',
    });
  }
}

/** The DATA database name of one account: a different server, workspace or agent gets its own. */
export function accountDbName(serverUrl: string, workspaceId: string, agentId: string): string {
  let hash = 0x811c9dc5;
  for (const char of new URL(serverUrl).origin) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  }
  return `rapport-data-${hash.toString(36)}-${workspaceId}-${agentId}`;
}

let meta: MetaDb | undefined;
let active: RapportDb | undefined;
/** Every DATA database this module opened, so resetDb() can delete them all (tests). */
const opened = new Set<string>();

export function getMetaDb(): MetaDb {
  meta ??= new MetaDb();
  return meta;
}

/** Make `name` the account database that getDb() returns (closing a different one). */
export function activateDb(name: string): RapportDb {
  if (active?.name !== name) {
    active?.close();
    active = new RapportDb(name);
    opened.add(name);
  }
  return active;
}

/**
 * Close and delete an account database (sign-out). When it is the active one, getDb() goes back
 * to the empty placeholder. Other pages' connections to it are closed by Dexie's versionchange.
 */
export async function deleteAccountDb(name: string): Promise<void> {
  if (active?.name === name) {
    active.close();
    active = undefined;
  }
  await Dexie.delete(name);
}

/** The single cache database of issue-2 builds, before one database per account (S12). */
export const LEGACY_DB_NAME = 'rapport';

/** Delete the issue-2 cache (other people's messages stay on disk otherwise), if it exists. */
export async function deleteLegacyDb(): Promise<void> {
  if (await Dexie.exists(LEGACY_DB_NAME)) await Dexie.delete(LEGACY_DB_NAME);
}

/**
 * The active account's DATA database. Pages call `openActiveDb()` before mounting; the background
 * calls activateDb() on sign-in and at start. Before any account is active it is an empty
 * placeholder database named 'rapport-data-none' that nothing writes.
 */
export function getDb(): RapportDb {
  active ??= new RapportDb('rapport-data-none');
  return active;
}

/** For pages: activate the signed-in account's database (from the meta session row), if any. */
export async function openActiveDb(): Promise<SessionState | undefined> {
  const session = await getMetaDb().state.get('session');
  if (session?.key !== 'session') return undefined;
  activateDb(session.dbName);
  return session;
}

/** For tests: close and delete every database this module opened. */
export async function resetDb(): Promise<void> {
  for (const db of [active, meta]) {
    if (!db) continue;
    db.close();
    await db.delete();
  }
  for (const name of opened) await Dexie.delete(name);
  opened.clear();
  active = undefined;
  meta = undefined;
}
