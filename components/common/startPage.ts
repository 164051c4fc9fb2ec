import { liveQuery, type Subscription } from 'dexie';
import { createPinia } from 'pinia';
import { createApp, type Component } from 'vue';
import { getMetaDb, openActiveDb } from '../../lib/db';

export interface StartOptions {
  /** Where to mount; '#app' in the extension pages. */
  target?: string | Element;
  /** How to start over; the page's `location.reload()` unless a test passes a spy. */
  reload?: () => void;
}

/**
 * Call `reload` once when the signed-in account's DATA database is no longer `openedDbName`
 * (sign-in to another account, sign-out, or a first sign-in). Returns a function that stops.
 */
export function reloadOnAccountChange(
  openedDbName: string | undefined,
  reload: () => void,
): () => void {
  let done = false;
  const subscription: Subscription = liveQuery(() => getMetaDb().state.get('session')).subscribe({
    next(row) {
      const dbName = row?.key === 'session' ? row.dbName : undefined;
      if (done || dbName === openedDbName) return;
      done = true;
      reload();
    },
  });
  return () => subscription.unsubscribe();
}

/**
 * Start an extension page: activate the signed-in account's database (so `getDb()` reads it),
 * mount the app, and start over when the account changes. Returns a function that unmounts it.
 */
export async function startPage(app: Component, options: StartOptions = {}): Promise<() => void> {
  const reload = options.reload ?? (() => location.reload());
  let opened: { dbName: string | undefined } | undefined;
  try {
    opened = { dbName: (await openActiveDb())?.dbName };
  } catch {
    // IndexedDB refused: mount anyway and show what can be shown; do not reload in a loop.
  }
  const vueApp = createApp(app).use(createPinia());
  vueApp.mount(options.target ?? '#app');
  const stopWatching = opened ? reloadOnAccountChange(opened.dbName, reload) : () => {};
  return () => {
    stopWatching();
    vueApp.unmount();
  };
}
