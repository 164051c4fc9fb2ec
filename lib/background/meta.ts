import { getMetaDb, type ConnectionState, type SessionState, type SyncProgressState } from '../db';

export type ConnectionUpdate = Omit<ConnectionState, 'key' | 'updatedAt'>;
export type SyncUpdate = Partial<Omit<SyncProgressState, 'key' | 'updatedAt'>>;

const IDLE_SYNC: Omit<SyncProgressState, 'updatedAt'> = {
  key: 'sync',
  syncing: false,
  applied: 0,
  total: 0,
  storageError: null,
};

/**
 * Writes the META database (connection, session, sync progress), one write after another in
 * call order, so the last state reported is the one stored. Failures are reported, not thrown.
 */
export class MetaWriter {
  private tail: Promise<unknown> = Promise.resolve();

  /** Resolves when every write queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  writeConnection(update: ConnectionUpdate): Promise<void> {
    const row: ConnectionState = { key: 'connection', ...update, updatedAt: Date.now() };
    return this.enqueue(async () => void (await getMetaDb().state.put(row)));
  }

  writeSession(session: Omit<SessionState, 'key'>): Promise<void> {
    return this.enqueue(
      async () => void (await getMetaDb().state.put({ key: 'session', ...session })),
    );
  }

  readSession(): Promise<SessionState | undefined> {
    return this.enqueue(async () => {
      const row = await getMetaDb().state.get('session');
      return row?.key === 'session' ? row : undefined;
    });
  }

  /** Remember the database of a session that ended without a sign-out. */
  writeEnded(dbName: string): Promise<void> {
    return this.enqueue(async () => void (await getMetaDb().state.put({ key: 'ended', dbName })));
  }

  /** The database of the session that ended last, if any, forgetting it. */
  takeEnded(): Promise<string | undefined> {
    return this.enqueue(async () => {
      const state = getMetaDb().state;
      const row = await state.get('ended');
      if (row?.key !== 'ended') return undefined;
      await state.delete('ended');
      return row.dbName;
    });
  }

  /** Merge an update into the sync row (progress, storage error). */
  writeSync(update: SyncUpdate): Promise<void> {
    return this.enqueue(async () => {
      const state = getMetaDb().state;
      const before = await state.get('sync');
      const base = before?.key === 'sync' ? before : IDLE_SYNC;
      await state.put({ ...base, ...update, key: 'sync', updatedAt: Date.now() });
    });
  }

  /** Signed out: no session, no sync progress, the connection row says why. */
  signedOut(error: string | null): Promise<void> {
    return this.enqueue(async () => {
      const state = getMetaDb().state;
      await state.bulkDelete(['session', 'sync']);
      await state.put({
        key: 'connection',
        status: 'signed_out',
        error,
        retryAt: null,
        updatedAt: Date.now(),
      });
    });
  }

  private enqueue<T>(write: () => Promise<T>): Promise<T> {
    const result = this.tail.then(write);
    this.tail = result.catch((error: unknown) => {
      console.warn('Rapport could not write its state database:', error);
    });
    return result;
  }
}
