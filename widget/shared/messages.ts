/**
 * Messages between the page that embeds the widget (the loader) and the chat frame. The loader
 * accepts frame messages only from the frame's own window and the server's origin, and posts to
 * the frame only at the server's origin; the frame accepts host messages only from its parent
 * window and the host page's origin, and posts only to that origin (never '*').
 */
export type FrameToHostMessage =
  | { rapport: 'widget'; type: 'layout'; open: boolean }
  /** The frame listens: the loader may post identify and page messages now. */
  | { rapport: 'widget'; type: 'ready' }
  /** The server's answer to an identify: verified or not, or why it was refused. */
  | {
      rapport: 'widget';
      type: 'identify.result';
      id: string;
      verified: boolean;
      hashGiven: boolean;
      error: string | null;
    };

/** What the site said about its signed-in user (checked by the loader, see identify.ts). */
export interface IdentifyUser {
  id: string;
  email?: string;
  name?: string;
  hash?: string;
}

export type HostToFrameMessage =
  | { rapport: 'host'; type: 'identify'; user: IdentifyUser }
  | { rapport: 'host'; type: 'page'; url: string; title: string }
  /** The user signed out: forget this browser's visitor and start an anonymous one. */
  | { rapport: 'host'; type: 'reset' };

type Loose = Record<string, unknown>;

const optionalString = (value: unknown) => value === undefined || typeof value === 'string';

export function isFrameToHostMessage(data: unknown): data is FrameToHostMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Loose;
  if (message.rapport !== 'widget') return false;
  switch (message.type) {
    case 'layout':
      return typeof message.open === 'boolean';
    case 'ready':
      return true;
    case 'identify.result':
      return (
        typeof message.id === 'string' &&
        typeof message.verified === 'boolean' &&
        typeof message.hashGiven === 'boolean' &&
        (message.error === null || typeof message.error === 'string')
      );
    default:
      return false;
  }
}

function isIdentifyUser(value: unknown): value is IdentifyUser {
  if (typeof value !== 'object' || value === null) return false;
  const user = value as Loose;
  return (
    typeof user.id === 'string' &&
    optionalString(user.email) &&
    optionalString(user.name) &&
    optionalString(user.hash)
  );
}

export function isHostToFrameMessage(data: unknown): data is HostToFrameMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Loose;
  if (message.rapport !== 'host') return false;
  switch (message.type) {
    case 'identify':
      return isIdentifyUser(message.user);
    case 'page':
      return typeof message.url === 'string' && typeof message.title === 'string';
    case 'reset':
      return true;
    default:
      return false;
  }
}

/** The iframe's id on the host page; also the guard against including the script twice. */
export const FRAME_ELEMENT_ID = 'rapport-widget-frame';
