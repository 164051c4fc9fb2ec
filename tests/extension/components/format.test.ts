import { describe, expect, it } from 'vitest';
import { customerDisplayName, relativeTime } from '../../../components/format';
import { customer } from './helpers';

describe('customerDisplayName', () => {
  it('prefers the name, then the email, then "Visitor" and the id’s last 4 characters', () => {
    expect(
      customerDisplayName(customer('c_1234', { name: 'Ann', email: 'a@x.io' }), 'c_1234'),
    ).toBe('Ann');
    expect(customerDisplayName(customer('c_1234', { email: 'a@x.io' }), 'c_1234')).toBe('a@x.io');
    expect(customerDisplayName(customer('c_1234', { name: '  ' }), 'c_1234')).toBe('Visitor 1234');
    expect(customerDisplayName(undefined, 'cust_abcd')).toBe('Visitor abcd');
  });
});

describe('relativeTime', () => {
  const now = Date.UTC(2025, 5, 15, 12);
  it('counts minutes, hours and days', () => {
    expect(relativeTime(now - 10_000, now)).toBe('now');
    expect(relativeTime(now - 5 * 60_000, now)).toBe('5m');
    expect(relativeTime(now - 3 * 3_600_000, now)).toBe('3h');
    expect(relativeTime(now - 2 * 86_400_000, now)).toBe('2d');
    expect(relativeTime(now + 60_000, now)).toBe('now');
  });
});
