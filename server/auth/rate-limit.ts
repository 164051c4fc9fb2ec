/** How many failed sign-ins are allowed per account and per IP address within one window. */
export interface LoginLimits {
  perAccount: number;
  perIp: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAccount: 5,
  perIp: 20,
  windowMs: 15 * 60 * 1000,
};

/**
 * Counts failed sign-ins in memory (a sliding window of failure times per key). One process only;
 * a shared store (Redis) can replace it behind the same three methods when there are several.
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {}

  /** Seconds to wait before another attempt for this account/IP, or 0 when one is allowed. */
  retryAfterSeconds(email: string, ip: string, now: number): number {
    const waits = [
      this.wait(`account:${email}`, this.limits.perAccount, now),
      this.wait(`ip:${ip}`, this.limits.perIp, now),
    ];
    return Math.max(...waits);
  }

  recordFailure(email: string, ip: string, now: number): void {
    for (const key of [`account:${email}`, `ip:${ip}`]) {
      const times = this.recent(key, now);
      times.push(now);
      this.failures.set(key, times);
    }
    if (this.failures.size > 10_000) this.prune(now);
  }

  /**
   * A successful sign-in clears the account's failures and takes back the one attempt recorded
   * at `at` for the IP (attempts are recorded before the slow password check, so parallel
   * guesses cannot all slip in under the limit).
   */
  recordSuccess(email: string, ip: string, at: number): void {
    this.failures.delete(`account:${email}`);
    const times = this.failures.get(`ip:${ip}`);
    const index = times?.lastIndexOf(at) ?? -1;
    if (times && index >= 0) times.splice(index, 1);
  }

  private wait(key: string, limit: number, now: number): number {
    const times = this.recent(key, now);
    if (times.length < limit) return 0;
    // The attempt becomes possible when enough old failures leave the window.
    const freeAt = times[times.length - limit]! + this.limits.windowMs;
    return Math.max(1, Math.ceil((freeAt - now) / 1000));
  }

  private recent(key: string, now: number): number[] {
    const since = now - this.limits.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  private prune(now: number): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key, now).length === 0) this.failures.delete(key);
    }
  }
}
