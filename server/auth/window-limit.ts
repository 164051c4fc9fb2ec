/** At most `limit` events per key within `windowMs`. */
export interface WindowLimits {
  limit: number;
  windowMs: number;
}

/** New anonymous visitors per IP address: generous for an office behind one address. */
export const DEFAULT_NEW_VISITOR_LIMITS: WindowLimits = { limit: 60, windowMs: 10 * 60 * 1000 };

/**
 * Counts events per key in a sliding window, in memory (one process; a shared store can replace it
 * behind `take`). Used to stop one address from creating customers without end.
 */
export class WindowLimiter {
  private readonly events = new Map<string, number[]>();

  constructor(private readonly limits: WindowLimits) {}

  /** Record one event for `key` and return 0, or return the seconds to wait when over the limit. */
  take(key: string, now: number): number {
    const times = (this.events.get(key) ?? []).filter((t) => t > now - this.limits.windowMs);
    if (times.length >= this.limits.limit) {
      this.events.set(key, times);
      const freeAt = times[times.length - this.limits.limit]! + this.limits.windowMs;
      return Math.max(1, Math.ceil((freeAt - now) / 1000));
    }
    times.push(now);
    this.events.set(key, times);
    if (this.events.size > 10_000) this.prune(now);
    return 0;
  }

  private prune(now: number): void {
    for (const [key, times] of this.events) {
      if (times.every((t) => t <= now - this.limits.windowMs)) this.events.delete(key);
    }
  }
}
