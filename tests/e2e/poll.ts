/**
 * Call `read` until `accept` takes its value (or time runs out, then throw with the last value).
 * Plain code, not vitest's expect.poll, so the benchmarks can use the same flows outside vitest.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}; last: ${String(value)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
