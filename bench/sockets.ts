import WebSocket from 'ws';

/** Open a WebSocket and resolve once it is open. */
export function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolve with the first frame (parsed JSON) that matches. */
export function nextFrame<T = Record<string, unknown>>(
  socket: WebSocket,
  matches: (frame: Record<string, unknown>) => boolean,
): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(String(data)) as Record<string, unknown>;
      if (!matches(frame)) return;
      socket.off('message', onMessage);
      resolve(frame as T);
    };
    socket.on('message', onMessage);
  });
}

export interface Timing {
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
}

/** Run `once` n times in sequence and summarise the durations. */
export async function timeSequential(
  n: number,
  once: (i: number) => Promise<void>,
): Promise<Timing> {
  const durations: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await once(i);
    durations.push(performance.now() - start);
  }
  durations.sort((a, b) => a - b);
  const at = (q: number) =>
    durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]!;
  return {
    meanMs: durations.reduce((sum, d) => sum + d, 0) / durations.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
  };
}
