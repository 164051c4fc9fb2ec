import { describe, expect, it } from 'vitest';
import { LoginRateLimiter } from '../../server/auth/rate-limit';

describe('LoginRateLimiter', () => {
  const limits = { perAccount: 2, perIp: 3, windowMs: 60_000 };

  it('blocks an account after its limit until failures leave the window', () => {
    const limiter = new LoginRateLimiter(limits);
    limiter.recordFailure('a@x', '1.1.1.1', 0);
    expect(limiter.retryAfterSeconds('a@x', '1.1.1.1', 1000)).toBe(0);
    limiter.recordFailure('a@x', '1.1.1.1', 10_000);
    expect(limiter.retryAfterSeconds('a@x', '1.1.1.1', 10_000)).toBe(50);
    expect(limiter.retryAfterSeconds('a@x', '2.2.2.2', 10_000)).toBe(50);
    expect(limiter.retryAfterSeconds('a@x', '1.1.1.1', 60_001)).toBe(0);
  });

  it('blocks an IP address across accounts', () => {
    const limiter = new LoginRateLimiter(limits);
    for (const email of ['a@x', 'b@x', 'c@x']) limiter.recordFailure(email, '1.1.1.1', 0);
    expect(limiter.retryAfterSeconds('d@x', '1.1.1.1', 0)).toBe(60);
    expect(limiter.retryAfterSeconds('d@x', '9.9.9.9', 0)).toBe(0);
  });

  it('forgets the account failures and the successful attempt on success', () => {
    const limiter = new LoginRateLimiter(limits);
    limiter.recordFailure('a@x', '1.1.1.1', 0);
    limiter.recordFailure('a@x', '1.1.1.1', 5);
    limiter.recordSuccess('a@x', '1.1.1.1', 5);
    expect(limiter.retryAfterSeconds('a@x', '1.1.1.1', 10)).toBe(0);
    limiter.recordFailure('b@x', '1.1.1.1', 10);
    limiter.recordFailure('c@x', '1.1.1.1', 10);
    // The IP now has 3 recorded failures (0, 10, 10): blocked.
    expect(limiter.retryAfterSeconds('z@x', '1.1.1.1', 20)).toBeGreaterThan(0);
  });
});
