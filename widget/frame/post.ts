import type { FrameToHostMessage } from '../shared/messages';

export interface PostTarget {
  postMessage(message: unknown, targetOrigin: string): void;
}

/** Post to the host page, addressed to its origin only (never '*'); a no-op without a valid one. */
export function postToHost(
  target: PostTarget,
  hostOrigin: string | null,
  message: FrameToHostMessage,
): void {
  if (hostOrigin) target.postMessage(message, hostOrigin);
}
