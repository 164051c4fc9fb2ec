/**
 * Messages the chat frame posts to the page that embeds it (the loader). The loader accepts them
 * only from the frame's own window and the server's origin; the frame posts them only to the
 * host page's origin (never '*'), so other windows can neither send nor read them.
 */
export type FrameToHostMessage = { rapport: 'widget'; type: 'layout'; open: boolean };

export function isFrameToHostMessage(data: unknown): data is FrameToHostMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Record<string, unknown>;
  return (
    message.rapport === 'widget' && message.type === 'layout' && typeof message.open === 'boolean'
  );
}

/** The iframe's id on the host page; also the guard against including the script twice. */
export const FRAME_ELEMENT_ID = 'rapport-widget-frame';
