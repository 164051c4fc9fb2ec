import { MessageTextSchema, type AgentClientFrame, type Message } from '../../protocol';
import type { CachedMessage, OutboxEntry, OutboxWrite, RapportDb } from '../db';
import type { Failure } from '../messages';
import { asSent, dropLocalCopies } from './apply-changes';
import { backoffDelay } from './backoff';

/** Without an answer this long, the socket is taken for dead and the write is sent again later. */
export const ACK_TIMEOUT_MS = 15_000;

/**
 * Error codes that say the server could not handle a write right now, not that it refuses it:
 * the entry stays pending and is sent again after a backoff. Every other code is a refusal.
 */
const TRANSIENT_CODES = new Set<string>(['internal', 'rate_limited']);

export function isTransientError(code: string): boolean {
  return TRANSIENT_CODES.has(code);
}

export type Outcome =
  | { kind: 'ack'; message?: Message }
  | { kind: 'error'; code: string; reason: string }
  | { kind: 'down' }
  | { kind: 'timeout' };

export interface OutboxOptions {
  db: RapportDb;
  /** Send a frame on the welcomed socket; false when it is not open. */
  send(frame: AgentClientFrame): boolean;
  /** No answer in time: reconnect (the entry is sent again after the next welcome). */
  stalled(): void;
  ackTimeoutMs?: number;
  random?: () => number;
}

/** The text as it will be sent (trimmed), or why it cannot be sent (the UI keeps the draft). */
export function checkMessageText(text: string): string | Failure {
  const parsed = MessageTextSchema.safeParse(text);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    code: issue?.code === 'too_big' ? 'message_too_long' : 'invalid_request',
    message: issue?.message ?? 'This message cannot be sent. Change it and send it again.',
  };
}

export function toFrame(entry: OutboxEntry): AgentClientFrame {
  const { clientId } = entry;
  switch (entry.kind) {
    case 'message.send':
      return {
        type: 'message.send',
        clientId,
        conversationId: entry.conversationId,
        text: entry.text,
      };
    case 'conversation.read':
      return { type: 'conversation.read', clientId, conversationId: entry.conversationId };
    case 'conversation.assign': {
      const { conversationId, assigneeId } = entry;
      return { type: 'conversation.assign', clientId, conversationId, assigneeId };
    }
    case 'macro.use':
      return { type: 'macro.use', clientId, macroId: entry.macroId };
    case 'conversation.transfer': {
      const { conversationId, toAgentId } = entry;
      return { type: 'conversation.transfer', clientId, conversationId, toAgentId };
    }
    case 'conversation.close':
    case 'conversation.reopen':
      return { type: entry.kind, clientId, conversationId: entry.conversationId };
  }
}

/**
 * The outbox's sender (S9): entries are sent in `order`, one at a time, only while the socket is
 * welcomed and the first pull is done. An entry leaves IndexedDB only when acknowledged; a
 * refused one stays as failed; after a disconnect or timeout the same entry (same client id) is
 * sent again. Everything it needs is in IndexedDB, so a restarted worker carries on.
 */
export class OutboxSender {
  private ready = false;
  private stopped = false;
  private dirty = false;
  private flushing: Promise<void> | null = null;
  private inFlight: { clientId: string; settle(outcome: Outcome): void } | null = null;
  /** Frames sent past the outbox (it could not be stored), waiting for their answer. */
  private direct = new Map<string, (outcome: Outcome) => void>();
  private acknowledging = new Set<string>();
  /** Set while a transiently failed entry waits for its backoff before it is sent again. */
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retries = 0;

  constructor(private readonly options: OutboxOptions) {}

  get sending(): string | null {
    return this.inFlight?.clientId ?? null;
  }

  /** Resolves when the current flush is over (tests). */
  idle(): Promise<void> {
    return this.flushing ?? Promise.resolve();
  }

  /** Welcomed and synced (true), or disconnected (false). */
  setReady(ready: boolean): void {
    this.ready = ready;
    if (ready) {
      this.clearRetry(); // a new socket: no reason to wait any longer
      this.kick();
    } else {
      this.inFlight?.settle({ kind: 'down' });
      for (const settle of this.direct.values()) settle({ kind: 'down' });
    }
  }

  stop(): void {
    this.stopped = true;
    this.clearRetry();
    this.setReady(false);
  }

  /** Something was queued or retried: send it when possible. */
  kick(): void {
    this.dirty = true;
    if (this.flushing || !this.ready || this.stopped || this.retryTimer) return;
    this.flushing = this.flush()
      .catch((error: unknown) => console.warn('Rapport could not send its outbox:', error))
      .finally(() => {
        this.flushing = null;
        if (this.dirty && this.ready) this.kick();
      });
  }

  /**
   * Writes the server acknowledged whose entries are still being removed from IndexedDB: a change
   * that arrives meanwhile already includes them (S15), so it must not count them again.
   */
  get acknowledged(): ReadonlySet<string> {
    return this.acknowledging;
  }

  /** message.ack / ack from the server. */
  onAck(clientId: string, message?: Message): void {
    this.acknowledging.add(clientId);
    const direct = this.direct.get(clientId);
    if (direct) direct({ kind: 'ack', message });
    else if (this.inFlight?.clientId === clientId) this.inFlight.settle({ kind: 'ack', message });
    else void this.acked(clientId, message).catch(() => undefined); // a late ack
  }

  /** An error frame that answers a write. */
  onError(clientId: string, code: string, reason: string): void {
    const direct = this.direct.get(clientId);
    if (direct) direct({ kind: 'error', code, reason });
    else if (this.inFlight?.clientId === clientId) {
      this.inFlight.settle({ kind: 'error', code, reason });
    }
  }

  /**
   * Send a frame now, past the outbox (it could not be stored, e.g. the disk is full), and wait
   * for its answer. An ack stores the server's message if the cache can take it.
   */
  async sendNow(clientId: string, frame: AgentClientFrame): Promise<Outcome> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = new Promise<Outcome>((resolve) => {
      this.direct.set(clientId, resolve);
      timer = setTimeout(
        () => resolve({ kind: 'timeout' }),
        this.options.ackTimeoutMs ?? ACK_TIMEOUT_MS,
      );
    });
    if (!this.options.send(frame)) this.direct.get(clientId)?.({ kind: 'down' });
    const result = await outcome;
    clearTimeout(timer);
    this.direct.delete(clientId);
    if (result.kind === 'ack') await this.acked(clientId, result.message).catch(() => undefined);
    return result;
  }

  private clearRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** A transient server error: keep the entry pending and send it again after a backoff. */
  private retryLater(): void {
    const delay = backoffDelay(this.retries++, this.options.random);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, delay);
  }

  private async flush(): Promise<void> {
    const { db } = this.options;
    while (this.ready && !this.stopped) {
      this.dirty = false;
      const entry = await db.outbox.where('status').equals('pending').first();
      if (!entry) {
        if (this.dirty) continue;
        return;
      }
      const outcome = await this.deliver(entry);
      if (outcome.kind === 'ack') {
        this.retries = 0;
        await this.acked(entry.clientId, outcome.message);
      } else if (outcome.kind === 'error' && isTransientError(outcome.code)) {
        this.retryLater(); // the entry stays pending and first in line
        return;
      } else if (outcome.kind === 'error') {
        this.retries = 0;
        await this.refused(entry, outcome.reason);
      } else {
        if (outcome.kind === 'timeout') this.options.stalled();
        return;
      }
    }
  }

  private async deliver(entry: OutboxEntry): Promise<Outcome> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = new Promise<Outcome>((resolve) => {
      this.inFlight = { clientId: entry.clientId, settle: resolve };
      timer = setTimeout(
        () => resolve({ kind: 'timeout' }),
        this.options.ackTimeoutMs ?? ACK_TIMEOUT_MS,
      );
    });
    if (!this.options.send(toFrame(entry))) this.inFlight?.settle({ kind: 'down' });
    const result = await outcome;
    clearTimeout(timer);
    this.inFlight = null;
    return result;
  }

  /** Acknowledged: the entry leaves the outbox; a message replaces its pending row. */
  private async acked(clientId: string, message?: Message): Promise<void> {
    const { db } = this.options;
    try {
      await db.transaction('rw', [db.outbox, db.messages], async () => {
        await db.outbox.where('clientId').equals(clientId).delete();
        if (!message) return;
        await dropLocalCopies(db, [message]);
        await db.messages.bulkPut(asSent([message]));
      });
    } finally {
      this.acknowledging.delete(clientId);
    }
  }

  /**
   * Refused: kept as failed with the server's reason, for the agent to retry or discard. A
   * refused macro use is dropped instead: there is nothing to show or retry about a count.
   */
  private refused(entry: OutboxEntry, failure: string): Promise<void> {
    const { db } = this.options;
    if (entry.kind === 'macro.use') return db.outbox.delete(entry.order!);
    return db.transaction('rw', [db.outbox, db.messages], async () => {
      await db.outbox.update(entry.order!, { status: 'failed', failure });
      if (entry.kind === 'message.send') {
        await db.messages.update(entry.clientId, { delivery: 'failed', failure, unsent: 1 });
      }
    });
  }
}

/**
 * Store a write in the outbox, with its optimistic effect in the same transaction: the pending
 * message row of a send, a read or an assignment on the conversation, a use in the macro's count.
 */
export async function queueWrite(
  db: RapportDb,
  clientId: string,
  write: OutboxWrite,
  row?: CachedMessage,
): Promise<void> {
  const entry: OutboxEntry = { ...write, clientId, status: 'pending', createdAt: Date.now() };
  const tables = [db.outbox, db.messages, db.conversations, db.macros];
  await db.transaction('rw', tables, async () => {
    if (await db.outbox.where('clientId').equals(clientId).count()) return; // sent twice
    await db.outbox.add(entry);
    if (row) await db.messages.put(row);
    if (write.kind === 'conversation.read') {
      await db.conversations.update(write.conversationId, { unreadCount: 0 });
    } else if (write.kind === 'conversation.assign') {
      // optimistic, like a read: the server's change overwrites it once the write is applied
      await db.conversations.update(write.conversationId, { assigneeId: write.assigneeId });
    } else if (write.kind === 'conversation.close') {
      // optimistic; a transfer waits for the server (it may be refused), a reopen for routing
      await db.conversations.update(write.conversationId, { status: 'closed' });
    } else if (write.kind === 'macro.use') {
      // kept over incoming changes while pending (apply-changes.ts), like a read
      await db.macros.update(write.macroId, (macro) => {
        macro.usageCount += 1;
      });
    }
  });
}
