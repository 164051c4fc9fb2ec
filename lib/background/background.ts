import { ApiClient, type FetchLike } from '../api';
import { deleteLegacyDb } from '../db';
import type { Failure } from '../messages';
import { notifyOverlayTabs } from '../overlay/messaging';
import { Account, sessionDbName } from './account';
import { clearSession, loadSession, type AuthSession } from './auth-store';
import { updateBadge } from './badge';
import { Connection } from './connection';
import { MetaWriter } from './meta';
import type { SocketConstructor } from './socket';
import { PanelVisibility } from './visibility';

export const SESSION_ENDED = 'Your session ended. Sign in again on the options page.';

export const NOT_SIGNED_IN: Failure = {
  ok: false,
  code: 'not_signed_in',
  message: 'You are not signed in. Sign in on the options page first.',
};

/** What can be swapped in tests: the network, randomness and limits. */
export interface BackgroundDeps {
  fetch?: FetchLike;
  WebSocket?: SocketConstructor;
  random?: () => number;
  /** Retention limit of cached messages (S13); MAX_CACHED_MESSAGES by default. */
  maxCachedMessages?: number;
  ackTimeoutMs?: number;
  pullTimeoutMs?: number;
}

/** The background's state: the session, its account (database, sync, outbox), the connection. */
export class Background {
  readonly meta = new MetaWriter();
  readonly visibility = new PanelVisibility();
  readonly connection: Connection;
  session: AuthSession | null = null;
  account: Account | null = null;
  /** The conversation the side panel opened last (macros on web pages fill in its customer). */
  openConversationId: string | null = null;
  /** Resolves once the stored session has been read (and the connection started, if any). */
  readonly ready: Promise<void>;

  constructor(private readonly deps: BackgroundDeps = {}) {
    this.connection = new Connection({
      WebSocket: deps.WebSocket,
      random: deps.random,
      onState: (update) => void this.meta.writeConnection(update),
      onWelcome: (welcome) => {
        void this.meta.readSession().then((row) => {
          const name = welcome.workspace.name;
          if (row && row.dbName === this.account?.db.name && row.workspaceName !== name) {
            return this.meta.writeSession({ ...row, workspaceName: name });
          }
        });
        this.account?.onWelcome(welcome);
      },
      onFrame: (frame) => this.account?.onFrame(frame),
      onDown: () => this.account?.onDown(),
      onUnauthorized: () => this.endSession(SESSION_ENDED),
    });
    this.ready = this.resume();
  }

  /** A REST client for a server, or for the current session when called without arguments. */
  api(): ApiClient | null;
  api(serverUrl: string, token?: string | null, timeoutMs?: number): ApiClient;
  api(serverUrl?: string, token?: string | null, timeoutMs?: number): ApiClient | null {
    if (serverUrl === undefined) {
      if (!this.session) return null;
      return this.api(this.session.serverUrl, this.session.token);
    }
    return new ApiClient({ serverUrl, token, fetch: this.deps.fetch, timeoutMs });
  }

  /** Start working for a session: its database (S12), then the connection. */
  begin(session: AuthSession): Account {
    this.session = session;
    const account: Account = new Account(session, {
      connection: this.connection,
      meta: this.meta,
      visibility: this.visibility,
      maxCachedMessages: this.deps.maxCachedMessages,
      ackTimeoutMs: this.deps.ackTimeoutMs,
      pullTimeoutMs: this.deps.pullTimeoutMs,
      random: this.deps.random,
    });
    this.account = account;
    this.connection.start({ serverUrl: session.serverUrl, token: session.token });
    void notifyOverlayTabs(); // macros on web pages work from now on
    return this.account;
  }

  /**
   * Close the connection and forget the session; `error` is shown to the agent. With
   * `deleteData` (sign-out, another account) the account's database is deleted (S12); a session
   * that merely ended keeps it, so its outbox is sent after the agent signs in again.
   */
  async endSession(error: string | null, deleteData = false): Promise<void> {
    this.connection.stop();
    const account = this.account;
    this.account = null;
    this.session = null;
    this.openConversationId = null;
    void notifyOverlayTabs(); // macros on web pages stop
    if (account) {
      if (deleteData) await account.destroy();
      else {
        account.stop();
        await this.meta.writeEnded(account.db.name);
      }
    }
    await clearSession();
    await this.meta.signedOut(error);
    await updateBadge(null);
  }

  /** A REST answer of 401 means the token is no longer valid: sign out with a clear message. */
  async checkAuthorized<T extends { ok: boolean }>(result: T): Promise<T> {
    if (!result.ok && (result as unknown as Failure).code === 'unauthorized') {
      await this.endSession(SESSION_ENDED);
    }
    return result;
  }

  /** Resolves when the account's queued sync work and outbox flush are over (tests). */
  async idle(): Promise<void> {
    await this.account?.idle();
    await this.meta.idle();
  }

  stop(): void {
    this.connection.stop();
    this.account?.stop();
  }

  /** S11: at every start, reopen the stored session's database and reconnect. */
  private async resume(): Promise<void> {
    await deleteLegacyDb().catch((error: unknown) => {
      console.warn('Rapport could not delete its old cache database:', error);
    });
    const session = await loadSession();
    if (!session) {
      await this.meta.signedOut(null);
      await updateBadge(null);
      return;
    }
    const row = await this.meta.readSession();
    if (!row || row.dbName !== sessionDbName(session)) {
      await this.meta.writeSession({
        agentId: session.agentId,
        workspaceId: session.workspaceId,
        workspaceName: row?.workspaceName ?? '',
        serverUrl: session.serverUrl,
        dbName: sessionDbName(session),
      });
    }
    this.begin(session);
  }
}
