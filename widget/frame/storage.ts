/** The part of `Storage` the frame uses; tests pass their own. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * The frame's localStorage, or an in-memory store when the browser blocks storage in third-party
 * frames (reading `localStorage` then throws). Without storage the chat still works for this page.
 */
export function frameStorage(win: Window): KeyValueStore {
  try {
    const storage = win.localStorage;
    const probe = 'rapport.probe';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return memoryStore();
  }
}

export function memoryStore(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}
