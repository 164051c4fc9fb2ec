import { MAX_MESSAGE_LENGTH } from '../../protocol/version';

export type DraftCheck =
  { kind: 'empty' } | { kind: 'too_long'; message: string } | { kind: 'ok'; text: string };

/** Check composer text as the server will (trimmed, 1..MAX_MESSAGE_LENGTH characters). */
export function checkDraft(value: string): DraftCheck {
  const text = value.trim();
  if (text === '') return { kind: 'empty' };
  if (text.length > MAX_MESSAGE_LENGTH) {
    return {
      kind: 'too_long',
      message: `Messages can be at most ${MAX_MESSAGE_LENGTH} characters long (this one has ${text.length}). Shorten it, or send it in parts.`,
    };
  }
  return { kind: 'ok', text };
}
