// Light structural checks for what the server sends. The zod schemas in protocol/ are the
// contract; the frame checks only the fields it reads, so zod stays out of the widget bundle.
import type { VisitorServerFrame } from '../../protocol/frames';
import type { Message } from '../../protocol/models';

type Loose = Record<string, unknown>;

const AUTHOR_KINDS: readonly unknown[] = ['customer', 'agent', 'system'];

export function isMessage(value: unknown): value is Message {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Loose;
  return (
    typeof message.id === 'string' &&
    typeof message.clientId === 'string' &&
    typeof message.text === 'string' &&
    typeof message.createdAt === 'number' &&
    AUTHOR_KINDS.includes(message.authorKind) &&
    (message.authorName === null || typeof message.authorName === 'string')
  );
}

/** Parse one socket frame; null for anything the visitor socket does not send. */
export function parseServerFrame(data: unknown): VisitorServerFrame | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const frame = value as Loose;
  switch (frame.type) {
    case 'welcome':
      return Array.isArray(frame.messages) && frame.messages.every(isMessage)
        ? (value as VisitorServerFrame)
        : null;
    case 'message.ack':
      return typeof frame.clientId === 'string' && isMessage(frame.message)
        ? (value as VisitorServerFrame)
        : null;
    case 'message.created':
      return isMessage(frame.message) ? (value as VisitorServerFrame) : null;
    case 'error':
      return typeof frame.message === 'string' ? (value as VisitorServerFrame) : null;
    case 'queue.position':
      return frame.position === null ||
        (typeof frame.position === 'number' && Number.isInteger(frame.position))
        ? (value as VisitorServerFrame)
        : null;
    case 'agent.joined':
      return typeof frame.agentName === 'string' ? (value as VisitorServerFrame) : null;
    case 'pong':
      return value as VisitorServerFrame;
    default:
      return null;
  }
}
