/**
 * Frames for a socket that subscribed before its welcome was sent: they are held until `start()`
 * (right after the welcome), so a commit between reading the state and subscribing is neither lost
 * nor delivered before the welcome.
 */
export function holdUntilStarted<F>(send: (frame: F) => void): {
  deliver(frame: F): void;
  start(): void;
} {
  let held: F[] | null = [];
  return {
    deliver(frame) {
      if (held) held.push(frame);
      else send(frame);
    },
    start() {
      const frames = held ?? [];
      held = null;
      for (const frame of frames) send(frame);
    },
  };
}
