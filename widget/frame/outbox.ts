import { MAX_MESSAGE_LENGTH } from '../../protocol/version';
import type { KeyValueStore } from './storage';

/** A customer message not yet acknowledged, kept so it survives a page change or reload. */
export interface OutboxEntry {
  clientId: string;
  text: string;
  createdAt: number;
}

/** The stored shape is versioned; anything else under the key is ignored. */
const VERSION = 1;
export const MAX_OUTBOX_ENTRIES = 20;
const MAX_CLIENT_ID_LENGTH = 64;

export function outboxKey(workspaceId: string): string {
  return `rapport.outbox.${workspaceId}`;
}

/**
 * The unsent messages of one workspace in the frame's store, oldest first. Every change reads the
 * store afresh, so two tabs of the same shop don't erase each other's entries. Storage is
 * best effort: unreadable or corrupt data reads as empty, a failed write is ignored.
 */
export class Outbox {
  private readonly key: string;

  constructor(
    private readonly store: KeyValueStore,
    workspaceId: string,
  ) {
    this.key = outboxKey(workspaceId);
  }

  load(): OutboxEntry[] {
    let raw: string | null;
    try {
      raw = this.store.getItem(this.key);
    } catch {
      return [];
    }
    if (raw === null) return [];
    try {
      const value = JSON.parse(raw) as unknown;
      if (typeof value !== 'object' || value === null) return [];
      const { v, entries } = value as Record<string, unknown>;
      if (v !== VERSION || !Array.isArray(entries)) return [];
      return entries.filter(isOutboxEntry).slice(0, MAX_OUTBOX_ENTRIES);
    } catch {
      return [];
    }
  }

  /** Keep an entry (once per client id); past MAX_OUTBOX_ENTRIES the newest is not stored. */
  add(entry: OutboxEntry): void {
    const entries = this.load();
    if (!isOutboxEntry(entry) || entries.some((e) => e.clientId === entry.clientId)) return;
    if (entries.length >= MAX_OUTBOX_ENTRIES) return;
    const { clientId, text, createdAt } = entry;
    this.save([...entries, { clientId, text, createdAt }]);
  }

  /** Forget the entries with these client ids (delivered or discarded). */
  remove(clientIds: Iterable<string>): void {
    const drop = new Set(clientIds);
    const entries = this.load();
    const kept = entries.filter((entry) => !drop.has(entry.clientId));
    if (kept.length !== entries.length) this.save(kept);
  }

  private save(entries: OutboxEntry[]): void {
    try {
      if (entries.length === 0) this.store.removeItem(this.key);
      else this.store.setItem(this.key, JSON.stringify({ v: VERSION, entries }));
    } catch {
      // Storage full or blocked: the messages still live in memory for this page.
    }
  }
}

function isOutboxEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.clientId === 'string' &&
    entry.clientId.length > 0 &&
    entry.clientId.length <= MAX_CLIENT_ID_LENGTH &&
    typeof entry.text === 'string' &&
    entry.text.trim().length > 0 &&
    entry.text.length <= MAX_MESSAGE_LENGTH &&
    typeof entry.createdAt === 'number' &&
    Number.isFinite(entry.createdAt)
  );
}
