import type { HostToFrameMessage } from '../shared/messages';

/** Messages kept while the frame is loading; more are dropped (a page that loops). */
export const MAX_PENDING_MESSAGES = 20;

export interface FrameChannel {
  /** Post to the frame now, or once it said it is ready. */
  post(message: HostToFrameMessage): void;
  /** The frame said `ready`: send what waited, in order. */
  ready(): void;
}

/** Posts to the chat frame, addressed to the server's origin only. */
export function frameChannel(frame: HTMLIFrameElement, serverOrigin: string): FrameChannel {
  let isReady = false;
  const pending: HostToFrameMessage[] = [];
  const send = (message: HostToFrameMessage) =>
    frame.contentWindow?.postMessage(message, serverOrigin);
  return {
    post(message) {
      if (isReady && frame.contentWindow) send(message);
      else if (pending.length < MAX_PENDING_MESSAGES) pending.push(message);
    },
    ready() {
      isReady = true;
      for (const message of pending.splice(0)) send(message);
    },
  };
}
