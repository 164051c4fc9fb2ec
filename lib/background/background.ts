import { ApiClient, type FetchLike } from '../api';
import type { Failure } from '../messages';
import { clearSession, loadSession, type AuthSession } from './auth-store';
import { updateBadge } from './badge';
import { CacheWriter } from './cache-writer';
import { Connection } from './connection';
import { applyFrame } from './frames';
import type { SocketConstructor } from './socket';
import { syncAfterWelcome } from './sync';
import { PanelVisibility } from './visibility';

export const SESSION_ENDED = 'Your session ended. Sign in again on the options page.';

export const NOT_SIGNED_IN: Failure = {
  ok: false,
  code: 'not_signed_in',
  message: 'You are not signed in. Sign in on the options page first.',
};

/** What can be swapped in tests: the network. Defaults are the globals at call time. */
export interface BackgroundDeps {
  fetch?: FetchLike;
  WebSocket?: SocketConstructor;
  random?: () => number;
}

/** The background's state: the session, the one connection, the cache writer. */
export class Background {
  readonly cache = new CacheWriter(() => updateBadge());
  readonly visibility = new PanelVisibility();
  readonly connection: Connection;
  session: AuthSession | null = null;
  /** The sync started by the latest welcome (tests await it). */
  syncing: Promise<void> = Promise.resolve();
  /** Resolves once the stored session has been read (and the connection started, if any). */
  readonly ready: Promise<void>;

  constructor(private readonly deps: BackgroundDeps = {}) {
    this.connection = new Connection({
      WebSocket: deps.WebSocket,
      random: deps.random,
      onState: (update) => void this.cache.writeConnection(update),
      onWelcome: (welcome) => {
        const api = this.api();
        if (api) this.syncing = syncAfterWelcome(api, this.cache, welcome);
      },
      onFrame: (frame) => applyFrame(frame, this.cache, this.visibility),
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

  /** Close the connection, forget the session and wipe the cache; `error` is shown to the agent. */
  async endSession(error: string | null): Promise<void> {
    this.connection.stop();
    this.session = null;
    await clearSession();
    await this.cache.wipe(error);
  }

  /** A REST answer of 401 means the token is no longer valid: sign out with a clear message. */
  async checkAuthorized<T extends { ok: boolean }>(result: T): Promise<T> {
    if (!result.ok && (result as unknown as Failure).code === 'unauthorized') {
      await this.endSession(SESSION_ENDED);
    }
    return result;
  }

  stop(): void {
    this.connection.stop();
  }

  private async resume(): Promise<void> {
    const session = await loadSession();
    if (!session) {
      await this.cache.writeConnection({ status: 'signed_out', error: null, retryAt: null });
      await updateBadge();
      return;
    }
    this.session = session;
    this.connection.start({ serverUrl: session.serverUrl, token: session.token });
  }
}
