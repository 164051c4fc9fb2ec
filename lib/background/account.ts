import type { AgentServerFrame } from '../../protocol';
import { accountDbName, activateDb, deleteAccountDb, type RapportDb } from '../db';
import type { ApplyResult } from './apply-changes';
import type { AuthSession } from './auth-store';
import { updateBadge } from './badge';
import type { Connection, WelcomeFrame } from './connection';
import type { MetaWriter } from './meta';
import { notifyNewConversation } from './notifications';
import { OutboxSender } from './outbox';
import { SyncClient } from './sync-client';
import type { PanelVisibility } from './visibility';

export interface AccountOptions {
  connection: Connection;
  meta: MetaWriter;
  visibility: PanelVisibility;
  maxCachedMessages?: number;
  ackTimeoutMs?: number;
  pullTimeoutMs?: number;
  random?: () => number;
}

/** The database name of a signed-in session (S12). */
export function sessionDbName(session: Pick<AuthSession, 'serverUrl' | 'workspaceId' | 'agentId'>) {
  return accountDbName(session.serverUrl, session.workspaceId, session.agentId);
}

/** Activity reports sent at most this often (the server's idle time is minutes). */
export const ACTIVITY_EVERY_MS = 25_000;

/**
 * One signed-in account: its DATA database (S12), its sync client and its outbox sender. The
 * background routes the socket's frames here.
 */
export class Account {
  readonly db: RapportDb;
  readonly sync: SyncClient;
  readonly outbox: OutboxSender;

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
      // Macros and pins come with the changes (S14), so nothing more is fetched after a pull.
      synced: () => this.outbox.setReady(true),
      stalled: () => options.connection.reconnect(),
      acknowledged: () => this.outbox.acknowledged,
      maxCachedMessages: options.maxCachedMessages,
      pullTimeoutMs: options.pullTimeoutMs,
      random: options.random,
    });
  }

  private lastActivityAt = 0;

  /**
   * Tell the server the agent is at the desk (R2), at most once per ACTIVITY_EVERY_MS: the side
   * panel and the popup report what the agent does (typing, selecting a conversation, opening the
   * popup) through 'agent.activity'. Lost when offline, which is fine.
   */
  activity(now = Date.now()): void {
    if (!this.online || now - this.lastActivityAt < ACTIVITY_EVERY_MS) return;
    this.lastActivityAt = now;
    this.options.connection.send({ type: 'agent.activity' });
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
        return this.sync.onChanges(frame);
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
