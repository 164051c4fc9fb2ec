import { MessageTextSchema, type Message } from '../../protocol';
import type { Failure, Result } from '../messages';

export const ACK_TIMEOUT_MS = 15_000;

export type SendResult = Result<{ message: Message }>;

interface Pending {
  resolve: (result: SendResult) => void;
  timer: ReturnType<typeof setTimeout>;
}

export const OFFLINE: Failure = {
  ok: false,
  code: 'network',
  message: "You're offline: the message was not sent. It is kept in the composer.",
};

/** The text as it will be sent (trimmed), or why it cannot be sent. */
export function checkMessageText(text: string): string | Failure {
  const parsed = MessageTextSchema.safeParse(text);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    code: issue?.code === 'too_big' ? 'message_too_long' : 'invalid_request',
    message: issue?.message ?? 'This message cannot be sent.',
  };
}

export const NOT_CONFIRMED: Failure = {
  ok: false,
  code: 'network',
  message:
    'The server did not confirm the message in time, so it may not have been sent. It is kept in the composer: send it again.',
};

export const DROPPED: Failure = {
  ok: false,
  code: 'network',
  message:
    'The connection dropped before the server confirmed the message. It is kept in the composer: send it again.',
};

/** Writes waiting for the server's answer, keyed on their client id. */
export class PendingAcks {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly timeoutMs = ACK_TIMEOUT_MS) {}

  /** Wait for the answer to the write `clientId`; fails after the timeout. */
  wait(clientId: string): Promise<SendResult> {
    this.settle(clientId, NOT_CONFIRMED);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(clientId, NOT_CONFIRMED), this.timeoutMs);
      this.pending.set(clientId, { resolve, timer });
    });
  }

  has(clientId: string): boolean {
    return this.pending.has(clientId);
  }

  /** Answer the write `clientId`; false when nobody was waiting for it. */
  settle(clientId: string, result: SendResult): boolean {
    const entry = this.pending.get(clientId);
    if (!entry) return false;
    clearTimeout(entry.timer);
    this.pending.delete(clientId);
    entry.resolve(result);
    return true;
  }

  /** Fail every waiting write (the socket closed). */
  failAll(failure: Failure = DROPPED): void {
    for (const clientId of [...this.pending.keys()]) this.settle(clientId, failure);
  }
}
