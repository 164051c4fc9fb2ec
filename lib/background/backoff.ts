/** Reconnect delays: full jitter (AWS architecture blog), base 1 s, cap 30 s. */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 30_000;

/** The ceiling of the delay before retry number `attempt` (0-based). */
export function backoffCeiling(attempt: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 30));
}

/** A delay drawn uniformly from [0, backoffCeiling(attempt)). */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeiling(attempt));
}
