import type { AuthorKind, Message } from '../../protocol/models';
import type { OutboxEntry } from './outbox';

export type MessageStatus = 'pending' | 'sent' | 'failed';

/** One bubble in the chat: a message the server has, or one of ours not yet acknowledged. */
export interface ChatEntry {
  clientId: string;
  /** The server's id; null until acknowledged. */
  id: string | null;
  authorKind: AuthorKind;
  authorName: string | null;
  text: string;
  createdAt: number;
  status: MessageStatus;
  /** Why sending failed (status 'failed'). */
  error: string | null;
}

function fromMessage(message: Message): ChatEntry {
  return {
    clientId: message.clientId,
    id: message.id,
    authorKind: message.authorKind,
    authorName: message.authorName,
    text: message.text,
    createdAt: message.createdAt,
    status: 'sent',
    error: null,
  };
}

/**
 * The visitor's conversation as the frame shows it. Server messages are deduplicated on both id
 * and client id, so our own message is not doubled whether its ack or its message.created comes first.
 */
export class ConversationModel {
  private entries: ChatEntry[] = [];

  list(): readonly ChatEntry[] {
    return this.entries;
  }

  /** Take the server's list as the truth; keep our unsent messages (pending, failed) after it. */
  reset(messages: readonly Message[]): void {
    const known = new Set(messages.map((message) => message.clientId));
    const unsent = this.entries.filter(
      (entry) => entry.status !== 'sent' && !known.has(entry.clientId),
    );
    this.entries = [...messages.map(fromMessage), ...unsent];
  }

  /** Forget everything, unsent messages too (the visitor signed out). */
  clear(): void {
    this.entries = [];
  }

  addPending(clientId: string, text: string, now: number): ChatEntry {
    const entry: ChatEntry = {
      clientId,
      id: null,
      authorKind: 'customer',
      authorName: null,
      text,
      createdAt: now,
      status: 'pending',
      error: null,
    };
    this.entries.push(entry);
    return entry;
  }

  /** Messages kept from an earlier page: add as pending, after the list, those not already here. */
  restore(saved: readonly OutboxEntry[]): void {
    for (const { clientId, text, createdAt } of saved) {
      if (!this.find(clientId)) this.addPending(clientId, text, createdAt);
    }
  }

  /** A server message (ack or message.created): mark ours as sent, or add it. */
  receive(message: Message): void {
    const index = this.entries.findIndex(
      (entry) => entry.id === message.id || entry.clientId === message.clientId,
    );
    if (index === -1) this.entries.push(fromMessage(message));
    else this.entries[index] = fromMessage(message);
  }

  fail(clientId: string, reason: string): ChatEntry | undefined {
    const entry = this.find(clientId);
    if (!entry || entry.status === 'sent') return undefined;
    entry.status = 'failed';
    entry.error = reason;
    return entry;
  }

  /** Put a failed message back in the queue; returns it, or undefined if it was not failed. */
  retry(clientId: string): ChatEntry | undefined {
    const entry = this.find(clientId);
    if (!entry || entry.status !== 'failed') return undefined;
    entry.status = 'pending';
    entry.error = null;
    return entry;
  }

  /** Drop a failed message the customer gave up on; false if it was not failed. */
  discard(clientId: string): boolean {
    const index = this.entries.findIndex(
      (entry) => entry.clientId === clientId && entry.status === 'failed',
    );
    if (index === -1) return false;
    this.entries.splice(index, 1);
    return true;
  }

  /** A failed message with exactly this text (the customer sending it again is a retry). */
  failedWithText(text: string): ChatEntry | undefined {
    return this.entries.find((entry) => entry.status === 'failed' && entry.text === text);
  }

  /** Messages waiting to be sent, oldest first. */
  pending(): ChatEntry[] {
    return this.entries.filter((entry) => entry.status === 'pending');
  }

  private find(clientId: string): ChatEntry | undefined {
    return this.entries.find((entry) => entry.clientId === clientId);
  }
}
