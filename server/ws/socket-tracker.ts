import type { WebSocket } from 'ws';

/** Close code for "the server is restarting; reconnect later". */
export const SERVICE_RESTART_CLOSE_CODE = 1012;

/**
 * Every open socket and every frame still being handled, so shutdown can let in-flight writes
 * commit and acknowledge before the sockets close.
 */
export class SocketTracker {
  private readonly sockets = new Set<WebSocket>();
  private readonly pending = new Set<Promise<unknown>>();
  private closingFlag = false;

  get closing(): boolean {
    return this.closingFlag;
  }

  add(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  /** Keep `work` in the shutdown wait list until it settles. */
  track(work: Promise<unknown>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work)).catch(() => {});
  }

  /** Stop taking frames, wait for the ones in flight, then close every socket with 1012. */
  async closeAll(graceMs = 5000): Promise<void> {
    this.closingFlag = true;
    await Promise.allSettled([...this.pending]);
    const closed = [...this.sockets].map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === socket.CLOSED) return resolve();
          const timer = setTimeout(() => {
            socket.terminate();
            resolve();
          }, graceMs);
          socket.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          socket.close(SERVICE_RESTART_CLOSE_CODE, 'server restarting');
        }),
    );
    await Promise.all(closed);
  }
}
