import type { AgentServerFrame } from '../../protocol';
import type { ApiClient } from '../api';
import { accountDbName, activateDb, deleteAccountDb, type RapportDb } from '../db';
import type { ApplyResult } from './apply-changes';
import type { AuthSession } from './auth-store';
import { updateBadge } from './badge';
import type { Connection, WelcomeFrame } from './connection';
import { refreshMacros } from './macros';
import type { MetaWriter } from './meta';
import { notifyNewConversation } from './notifications';
import { OutboxSender } from './outbox';
import { SyncClient } from './sync-client';
import type { PanelVisibility } from './visibility';

export interface AccountOptions {
  connection: Connection;
  meta: MetaWriter;
  visibility: PanelVisibility;
  /** The REST client of this session (macros are fetched over REST after each sync). */
  api: () => ApiClient | null;
  maxCachedMessages?: number;
  ackTimeoutMs?: number;
  pullTimeoutMs?: number;
  random?: () => number;
}

/** The database name of a signed-in session (S12). */
export function sessionDbName(session: Pick<AuthSession, 'serverUrl' | 'workspaceId' | 'agentId'>) {
  return accountDbName(session.serverUrl, session.workspaceId, session.agentId);
}

/**
 * One signed-in account: its DATA database (S12), its sync client and its outbox sender. The
 * background routes the socket's frames here.
 */
export class Account {
  readonly db: RapportDb;
  readonly sync: SyncClient;
  readonly outbox: OutboxSender;
  /** The macro fetch started after the latest sync, if any (idle() waits for it). */
  private macrosFetch: Promise<void> = Promise.resolve();

  constructor(
    readonly session: AuthSession,
    private readonly options: AccountOptions,
  ) {
    this.db = activateDb(sessionDbName(session));
    const send = options.connection.send.bind(options.connection);
    this.outbox = new OutboxSender({
      db: this.db,
      send,
      stalled: () => options.connection.reconnect(),
      ackTimeoutMs: options.ackTimeoutMs,
      random: options.random,
    });
    this.sync = new SyncClient({
      db: this.db,
      send,
      progress: (update) => options.meta.writeSync(update),
      applied: (result, live) => this.applied(result, live),
      pulled: () => updateBadge(this.db),
      synced: () => {
        this.outbox.setReady(true);
        this.macrosFetch = this.refreshMacrosAfterSync();
      },
      stalled: () => options.connection.reconnect(),
      maxCachedMessages: options.maxCachedMessages,
      pullTimeoutMs: options.pullTimeoutMs,
      random: options.random,
    });
  }

  /** Whether the socket is welcomed (frames can be sent past the outbox). */
  get online(): boolean {
    return this.options.connection.online;
  }

  onWelcome(welcome: WelcomeFrame): void {
    this.outbox.setReady(false);
    this.sync.onWelcome(welcome);
  }

  onFrame(frame: AgentServerFrame): void {
    switch (frame.type) {
      case 'sync.page':
        return this.sync.onPage(frame);
      case 'sync.changes':
        return this.sync.onChanges(frame.changes);
      case 'message.ack':
        return this.outbox.onAck(frame.clientId, frame.message);
      case 'ack':
        return this.outbox.onAck(frame.clientId);
      case 'error':
        if (frame.clientId) return this.outbox.onError(frame.clientId, frame.code, frame.message);
        if (frame.code === 'cursor_invalid') return this.sync.onCursorInvalid();
        return this.sync.onServerError(frame.code, frame.message);
      default:
        return; // welcome and pong are the connection's business
    }
  }

  onDown(): void {
    this.sync.disconnect();
    this.outbox.setReady(false);
  }

  /** Resolves when queued sync work and the current outbox flush are over (tests). */
  async idle(): Promise<void> {
    await this.sync.idle();
    await this.outbox.idle();
    await this.macrosFetch;
  }

  stop(): void {
    this.sync.disconnect();
    this.outbox.stop();
  }

  /** Sign-out (S12): stop, close and delete this account's database. */
  async destroy(): Promise<void> {
    this.stop();
    await deleteAccountDb(this.db.name);
  }

  /**
   * After each welcome and its first pull: refresh the cached macros, best effort. A failure is
   * only logged and the cached macros stay, so they keep working offline.
   */
  private async refreshMacrosAfterSync(): Promise<void> {
    const api = this.options.api();
    if (!api) return;
    try {
      const result = await refreshMacros(this.db, api);
      if (!result.ok) console.warn(result.message);
    } catch (error) {
      if ((error as Error).name === 'DatabaseClosedError') return; // signed out meanwhile
      console.warn('Rapport could not refresh its macros:', error);
    }
  }

  private async applied(result: ApplyResult, live: boolean): Promise<void> {
    if (!live) return; // a cold pull: no notifications, the badge is counted when it ends
    if (result.conversationsChanged) await updateBadge(this.db);
    if (this.options.visibility.inView()) return;
    for (const conversation of result.newOpenConversations) {
      const customer = await this.db.customers.get(conversation.customerId);
      await notifyNewConversation(conversation, customer);
    }
  }
}
