import { describe, expect, it } from 'vitest';
import { splitLinks } from '../../protocol';

describe('splitLinks', () => {
  it('makes http(s) and www links clickable and leaves the rest as text', () => {
    expect(splitLinks('See https://shop.example/orders/42, or www.example.com.')).toEqual([
      { kind: 'text', text: 'See ' },
      {
        kind: 'link',
        text: 'https://shop.example/orders/42',
        href: 'https://shop.example/orders/42',
      },
      { kind: 'text', text: ', or ' },
      { kind: 'link', text: 'www.example.com', href: 'https://www.example.com/' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('never turns javascript: or HTML into a link', () => {
    const text = 'javascript:alert(1) <a href="x">x</a>';
    expect(splitLinks(text)).toEqual([{ kind: 'text', text }]);
  });

  it('returns no parts for empty text', () => {
    expect(splitLinks('')).toEqual([]);
  });
});
