import type { Page } from 'playwright-core';

/** What the extension's IndexedDB holds about sync, read with the raw API in one of its pages. */
export interface StoredSync {
  dbName: string | null;
  cursor: number | null;
  progress: { applied: number; total: number; syncing: boolean } | null;
}

export function readStoredSync(page: Page): Promise<StoredSync> {
  return page.evaluate(async () => {
    const open = (name: string) =>
      new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const get = <T>(db: IDBDatabase, store: string, key: string) =>
      new Promise<T | undefined>((resolve, reject) => {
        if (!db.objectStoreNames.contains(store)) return resolve(undefined);
        const request = db.transaction(store).objectStore(store).get(key);
        request.onsuccess = () => resolve(request.result as T | undefined);
        request.onerror = () => reject(request.error);
      });
    const meta = await open('rapport-meta');
    const session = await get<{ dbName: string }>(meta, 'state', 'session');
    const progress = await get<{ applied: number; total: number; syncing: boolean }>(
      meta,
      'state',
      'sync',
    );
    meta.close();
    if (!session) return { dbName: null, cursor: null, progress: progress ?? null };
    const data = await open(session.dbName);
    const cursor = await get<{ seq: number }>(data, 'sync', 'cursor');
    data.close();
    return { dbName: session.dbName, cursor: cursor?.seq ?? null, progress: progress ?? null };
  });
}
