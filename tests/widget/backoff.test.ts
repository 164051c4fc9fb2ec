import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelay } from '../../widget/frame/backoff';

describe('full-jitter backoff', () => {
  it('stays within [0, min(cap, base * 2^attempt)) for every attempt', () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
      for (const random of [0, 0.25, 0.5, 0.999999, Math.random()]) {
        const delay = backoffDelay(attempt, () => random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it('uses base 1 s doubling per attempt up to the 30 s cap', () => {
    const nearlyOne = () => 0.999999;
    expect(backoffDelay(0, nearlyOne)).toBe(999);
    expect(backoffDelay(3, nearlyOne)).toBe(7_999);
    expect(backoffDelay(5, nearlyOne)).toBe(29_999);
    expect(backoffDelay(50, nearlyOne)).toBe(29_999);
    expect(backoffDelay(4, () => 0)).toBe(0);
  });
});
