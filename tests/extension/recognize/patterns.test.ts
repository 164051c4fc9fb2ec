import { describe, expect, it } from 'vitest';
import {
  emailPattern,
  forEachIdentifier,
  normalizeEmail,
  normalizePhone,
} from '../../../lib/overlay/recognize/patterns';

// What counts as the same email or phone number on a page and in a customer's profile.

const found = (text: string): string[] => {
  const out: string[] = [];
  forEachIdentifier(text, (identifier, index, length) => {
    out.push(identifier);
    expect(text.slice(index, index + length)).not.toMatch(/^\s|\s$/);
  });
  return out;
};

describe('recognition: normalization', () => {
  it.each([
    ['  Ann.Lee@Example.COM ', 'ann.lee@example.com'],
    ['grace+shop@mail.example.co.uk', 'grace+shop@mail.example.co.uk'],
    ['not-an-address', null],
    ['a@b', null],
    ['a@@b.com', null],
    ['', null],
    [null, null],
  ])('email %j → %j', (raw, normalized) => {
    expect(normalizeEmail(raw)).toBe(normalized);
  });

  it.each([
    ['+1 415 555 0100', '+14155550100'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['+1.415.555.0100', '+14155550100'],
    ['+44 (0)20 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['+49-30-1234567', '+49301234567'],
    ['  +33 1 23 45 67 89 ', '+33123456789'],
    // No country code: no default region exists, so it is no E.164 number.
    ['020 7946 0958', null],
    ['(415) 555-0100', null],
    ['+1 555', null],
    ['+1234567890123456', null],
    ['+1 415 555 0100 ext', null],
    [undefined, null],
  ])('phone %j → %j', (raw, normalized) => {
    expect(normalizePhone(raw)).toBe(normalized);
  });
});

describe('recognition: candidates in text', () => {
  it('finds emails and international phone numbers in running text', () => {
    const text =
      'Write to Ann.Lee@Example.com or call +1 (415) 555-0100; Bob (bob@shop.io), 0044 20 7946 0958.';
    expect(found(text).sort()).toEqual(
      ['ann.lee@example.com', 'bob@shop.io', '+14155550100', '+442079460958'].sort(),
    );
  });

  it('ignores national numbers, dates, prices and numbers glued to words', () => {
    expect(
      found('Order 12345678, 2024-05-01, €1.234.567, call 020 7946 0958, id x+14155550100y'),
    ).toEqual([]);
  });

  it('does not take a number out of an address', () => {
    expect(found('mail 00441234567890@example.com')).toEqual(['00441234567890@example.com']);
  });

  it('finds exactly what the email pattern finds (it starts from each @ instead)', () => {
    const texts = [
      'a@b.com.x@c.com',
      'a@b@c.com and @d.com, x@y, x@y.z, x@y.zz',
      'mail: first.last+tag@sub-domain.example.travel; second@example.com.',
      '@@@ a.@b.co ..@..@x.io user@localhost user@host.c0m',
      'Ann@Example.COM<br>bob@shop.io>',
    ];
    for (const text of texts) {
      const mine: string[] = [];
      forEachIdentifier(text, (identifier, index, length) => {
        if (identifier.includes('@')) mine.push(`${index}:${text.slice(index, index + length)}`);
      });
      const regex = [...text.matchAll(emailPattern())].map((m) => `${m.index}:${m[0]}`);
      expect(mine).toEqual(regex);
    }
  });
});
