import type { AgentClientFrame, AgentServerFrame, FrameOf, SyncPage } from '../../protocol';
import { SYNC_PAGE_MAX } from '../../protocol/version';
import type { CursorRow, RapportDb } from '../db';
import { applyChanges, wipeData, type ApplyResult } from './apply-changes';
import { backoffDelay } from './backoff';
import type { WelcomeFrame } from './connection';
import type { SyncUpdate } from './meta';
import { enforceRetention } from './retention';
import { isStorageError, STORAGE_ERROR } from './storage';

/**
 * Changes asked for per `sync.pull`: the server's maximum. Fewer, larger pages mean fewer
 * transactions, progress writes and round trips in a cold sync.
 */
export const SYNC_PULL_LIMIT = SYNC_PAGE_MAX;

/** A live commit: the seqs `from`…`to` and the changes of them this agent may see (S14). */
export type LiveFrame = Pick<FrameOf<AgentServerFrame, 'sync.changes'>, 'from' | 'to' | 'changes'>;

/** The socket closed while a pull was waiting for its page. */
class Disconnected extends Error {}
/** The server refused the cursor (S3): drop the cache and pull from 0. */
class CursorInvalid extends Error {}
/** The server answered a pull with another error (e.g. `internal`): pull again after a while. */
class PullFailed extends Error {}

/** A pull unanswered this long: the socket is taken for dead and reconnected. */
export const PULL_TIMEOUT_MS = 30_000;
/** A pull the server answered with an error is asked again this many times, then reconnect. */
export const PULL_RETRIES = 3;

export interface SyncClientOptions {
  db: RapportDb;
  /** Send a frame on the welcomed socket; false when it is not open. */
  send(frame: AgentClientFrame): boolean;
  progress(update: SyncUpdate): Promise<void>;
  /** A page or live frame was stored; `live` is false during a cold pull from 0. */
  applied(result: ApplyResult, live: boolean): Promise<void> | void;
  /** A pull is over (the badge is counted once then, not per page). */
  pulled(): Promise<void> | void;
  /** The first pull after a welcome is over: the outbox may send. */
  synced(): void;
  /** A pull got no answer in time, or kept failing: reconnect (the next welcome pulls again). */
  stalled(): void;
  /** Writes acknowledged but not yet out of the outbox (their effect is in the changes). */
  acknowledged?: () => ReadonlySet<string>;
  maxCachedMessages?: number;
  pullTimeoutMs?: number;
  random?: () => number;
}

/**
 * The client side of cursor sync (S7, S8, S3, S11). Every task (welcome, live frame, cursor
 * reset) runs one after another; a pull waits inside its task for its pages, so frames that
 * arrive meanwhile are checked against the cursor after it. Nothing lives only in memory: the
 * cursor is read from IndexedDB at every welcome.
 */
export class SyncClient {
  private tail: Promise<void> = Promise.resolve();
  /** Bumped on every welcome and disconnect: tasks of an older socket are skipped. */
  private generation = 0;
  private cursor: CursorRow | null = null;
  /** Pulls sent and not answered yet, oldest first: the server answers them in order. */
  private waiting: { resolve(page: SyncPage): void; reject(error: Error): void }[] = [];
  /** Whether the meta row may show a storage error (cleared after the next successful write). */
  private storageErrorShown = true;

  constructor(private readonly options: SyncClientOptions) {}

  /** Resolves when every queued task has finished (tests). */
  idle(): Promise<void> {
    return this.tail;
  }

  onWelcome(welcome: WelcomeFrame): void {
    this.disconnect();
    this.enqueue(() => this.start(welcome));
  }

  onChanges(frame: LiveFrame): void {
    this.enqueue(() => this.live(frame));
  }

  onPage(page: SyncPage): void {
    this.waiting.shift()?.resolve(page);
  }

  /**
   * An error frame without a client id other than cursor_invalid: the server answers pulls in
   * order, so it answers the oldest waiting pull, which is asked again after a backoff.
   */
  onServerError(code: string, message: string): void {
    const waiting = this.waiting.shift();
    if (waiting) waiting.reject(new PullFailed(`${code}: ${message}`));
    else console.warn(`Rapport server error (${code}): ${message}`);
  }

  onCursorInvalid(): void {
    const waiting = this.waiting.shift();
    if (waiting) waiting.reject(new CursorInvalid());
    else this.enqueue(() => this.pull());
  }

  /** The socket closed: stop waiting for pages and skip what was queued for it. */
  disconnect(): void {
    this.generation += 1;
    const waiting = this.waiting;
    this.waiting = [];
    for (const waiter of waiting) waiter.reject(new Disconnected());
  }

  private enqueue(task: () => Promise<void>): void {
    const generation = this.generation;
    this.tail = this.tail
      .then(() => (generation === this.generation ? task() : undefined))
      .catch((error: unknown) => this.failed(error));
  }

  private async failed(error: unknown): Promise<void> {
    // Disconnected: the next welcome pulls again; DatabaseClosedError: signed out meanwhile.
    if (error instanceof Disconnected || (error as Error).name === 'DatabaseClosedError') return;
    this.cursor = null; // read it again: a failed transaction changed nothing
    if (isStorageError(error)) {
      this.storageErrorShown = true;
      await this.options.progress({ syncing: false, storageError: STORAGE_ERROR });
    } else console.warn('Rapport could not sync:', error);
  }

  /** S11/S3: resume from the stored cursor, or from 0 when the epoch differs. */
  private async start(welcome: WelcomeFrame): Promise<void> {
    const { db } = this.options;
    const generation = this.generation;
    try {
      const stored = await db.sync.get('cursor');
      this.cursor =
        stored && stored.epoch === welcome.syncEpoch
          ? stored
          : await wipeData(db, welcome.syncEpoch);
      await db.agents.put(welcome.agent);
      await this.pull();
    } finally {
      if (generation === this.generation) this.options.synced();
    }
  }

  /**
   * S8: apply the next commit, ignore what is already applied, pull over a gap. The frame's range
   * moves the cursor even when it holds no change this agent may see (S14).
   */
  private async live(frame: LiveFrame): Promise<void> {
    const cursor = this.cursor ?? (await this.options.db.sync.get('cursor'));
    if (!cursor) return; // not welcomed yet: the pull after welcome brings these changes
    if (frame.to <= cursor.seq) return;
    if (frame.from > cursor.seq + 1) return this.pull();
    const changes = frame.changes.filter((change) => change.seq > cursor.seq);
    const next: CursorRow = { key: 'cursor', seq: frame.to, epoch: cursor.epoch };
    const result = await applyChanges(this.options.db, changes, next, {
      detectNew: true,
      acknowledged: this.options.acknowledged?.(),
    });
    this.cursor = next;
    await this.clearStorageError();
    await this.options.applied(result, true);
  }

  /**
   * S2/S7: pull pages from the cursor until the server has no more, each page in one
   * transaction. The next page is asked for before the current one is written, so the server and
   * the network work while IndexedDB does.
   */
  private async pull(): Promise<void> {
    const { db } = this.options;
    let cursor = this.cursor ?? (await db.sync.get('cursor')) ?? (await wipeData(db, ''));
    let start = cursor.seq;
    let applied = 0;
    let resets = 0;
    let failures = 0;
    const generation = this.generation;
    let ahead: Promise<SyncPage> | null = null;
    await this.options.progress({ syncing: true, applied: 0, total: 0 });
    try {
      for (;;) {
        let page: SyncPage;
        try {
          page = await (ahead ?? this.request(cursor.seq));
          ahead = null;
        } catch (error) {
          ahead = null;
          if (error instanceof PullFailed) {
            if (failures >= PULL_RETRIES) {
              this.options.stalled();
              throw new Disconnected();
            }
            await delay(backoffDelay(failures++, this.options.random));
            if (generation !== this.generation) throw new Disconnected();
            continue; // ask for the same page again
          }
          if (!(error instanceof CursorInvalid) || resets++ > 0) throw error;
          cursor = this.cursor = await wipeData(db, cursor.epoch);
          start = applied = 0;
          continue;
        }
        if (page.epoch !== cursor.epoch) {
          if (resets++ > 0) throw new Error('The server changed its sync epoch twice in a pull.');
          cursor = this.cursor = await wipeData(db, page.epoch);
          start = applied = 0;
          continue;
        }
        failures = 0;
        const next: CursorRow = { key: 'cursor', seq: page.cursor, epoch: page.epoch };
        if (page.hasMore) {
          ahead = this.request(page.cursor);
          ahead.catch(() => undefined); // awaited in the next round, or dropped on failure
        }
        const live = start > 0; // a pull from 0 is cold: no notifications, one badge count
        const result = await applyChanges(db, page.changes, next, {
          detectNew: live,
          complete: !page.hasMore,
          acknowledged: this.options.acknowledged?.(),
        });
        cursor = this.cursor = next;
        applied += page.changes.length;
        await this.options.progress({ syncing: true, applied, total: page.headSeq - start });
        await this.options.applied(result, live);
        if (!page.hasMore) break;
      }
    } finally {
      await this.options.progress({ syncing: false });
      await this.options.pulled();
    }
    await this.clearStorageError();
    await enforceRetention(db, this.options.maxCachedMessages);
  }

  /** Ask for a page; without an answer in time, reconnect (S10) and give up on it. */
  private request(since: number): Promise<SyncPage> {
    return new Promise((resolve, reject) => {
      if (!this.options.send({ type: 'sync.pull', since, limit: SYNC_PULL_LIMIT })) {
        reject(new Disconnected());
        return;
      }
      const waiter = {
        resolve: (page: SyncPage) => {
          clearTimeout(timer);
          resolve(page);
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(waiter);
        if (index < 0) return;
        this.options.stalled(); // closes the socket: disconnect() rejects every waiting pull
        if (this.waiting.includes(waiter)) {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          waiter.reject(new Disconnected());
        }
      }, this.options.pullTimeoutMs ?? PULL_TIMEOUT_MS);
      this.waiting.push(waiter);
    });
  }

  private async clearStorageError(): Promise<void> {
    if (!this.storageErrorShown) return;
    this.storageErrorShown = false;
    await this.options.progress({ storageError: null });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
