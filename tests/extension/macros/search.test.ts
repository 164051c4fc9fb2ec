import { describe, expect, it } from 'vitest';
import { createMacroIndex, type MacroSummary } from '../../../lib/macros/search';

let nextId = 0;
function macro(fields: Partial<MacroSummary> & { shortcut: string }): MacroSummary {
  return {
    id: `m${nextId++}`,
    title: fields.shortcut,
    body: '',
    tags: [],
    usageCount: 0,
    ...fields,
  };
}

const macros = [
  macro({
    shortcut: 'refund',
    title: 'Refund issued',
    body: 'We have refunded your order.',
    usageCount: 3,
  }),
  macro({ shortcut: 'refund-eu', title: 'Refund policy (EU)', usageCount: 9 }),
  macro({ shortcut: 'ship', title: 'Shipping delay', tags: ['logistics'], usageCount: 5 }),
  macro({ shortcut: 'money', title: 'Money back', tags: ['refunds'], usageCount: 1 }),
  macro({ shortcut: 'rfd', title: 'Partial credit', usageCount: 0 }),
  macro({
    shortcut: 'thanks',
    title: 'Thank you',
    body: 'Happy to help with any refund.',
    usageCount: 50,
  }),
  macro({ shortcut: 'cafe', title: 'Café voucher', body: 'Enjoy a coffee on us.', usageCount: 2 }),
  macro({ shortcut: 'pwd', title: 'Password reset', tags: ['account'], usageCount: 7 }),
];

const shortcuts = (query: string, index = createMacroIndex(macros)) =>
  index.search(query).map((hit) => hit.macro.shortcut);

describe('createMacroIndex().search', () => {
  it('ranks exact shortcut > shortcut prefix > word prefix > fuzzy > body substring', () => {
    expect(shortcuts('refund')).toEqual([
      'refund', // exact shortcut
      'refund-eu', // shortcut prefix
      'money', // tag word prefix ("refunds")
      'thanks', // body substring, most used
    ]);
    expect(shortcuts('rfd')[0]).toBe('rfd');
    expect(shortcuts('rfnd')).toEqual(['refund-eu', 'refund']); // fuzzy only, most used first
  });

  it('prefers a tight fuzzy match to a scattered one', () => {
    const index = createMacroIndex([
      macro({ shortcut: 'a1', title: 'Order status update', usageCount: 10 }),
      macro({ shortcut: 'a2', title: 'Other daily stats', usageCount: 0 }),
    ]);
    const [first, second] = index.search('rstat');
    expect(first!.macro.shortcut).toBe('a1');
    expect(first!.score).toBeGreaterThan(second!.score);
  });

  it('matches every word of a multi-word query, in any field', () => {
    expect(shortcuts('pass reset')).toEqual(['pwd']);
    expect(shortcuts('shipping delay')).toEqual(['ship']);
    expect(shortcuts('refund order')).toEqual(['refund']); // title word + body substring
  });

  it('ignores separators when matching shortcuts', () => {
    expect(shortcuts('refund eu')[0]).toBe('refund-eu');
    expect(createMacroIndex(macros).search('refundeu')[0]!.score).toBe(1000);
  });

  it('ignores case and accents on both sides', () => {
    expect(shortcuts('CAFE VOUCH')).toEqual(['cafe']);
    expect(shortcuts('café')[0]).toBe('cafe');
    const index = createMacroIndex([
      macro({ shortcut: 'x', title: 'Crème brûlée', usageCount: 1 }),
    ]);
    expect(shortcuts('creme brulee', index)).toEqual(['x']);
    expect(shortcuts('CRÈME', index)).toEqual(['x']);
  });

  it('gives the most used first on an empty query, then by title', () => {
    const index = createMacroIndex([
      macro({ shortcut: 'b', title: 'Beta', usageCount: 2 }),
      macro({ shortcut: 'a', title: 'Zulu', usageCount: 2 }),
      macro({ shortcut: 'c', title: 'Alpha', usageCount: 2 }),
      macro({ shortcut: 'd', title: 'Delta', usageCount: 8 }),
    ]);
    expect(shortcuts('', index)).toEqual(['d', 'c', 'b', 'a']);
    expect(shortcuts('   ', index)).toEqual(['d', 'c', 'b', 'a']);
    expect(index.search('', 2)).toHaveLength(2);
  });

  it('breaks ties by usage, then by shortcut', () => {
    const index = createMacroIndex([
      macro({ shortcut: 'greet-c', title: 'Hello', usageCount: 1 }),
      macro({ shortcut: 'greet-b', title: 'Hello', usageCount: 4 }),
      macro({ shortcut: 'greet-a', title: 'Hello', usageCount: 1 }),
    ]);
    expect(shortcuts('hel', index)).toEqual(['greet-b', 'greet-a', 'greet-c']);
  });

  it('respects the limit and returns nothing when nothing matches', () => {
    expect(createMacroIndex(macros).search('e', 3)).toHaveLength(3);
    expect(createMacroIndex(macros).search('e', 1000).length).toBeLessThanOrEqual(macros.length);
    expect(createMacroIndex(macros).search('e', 2.5)).toHaveLength(2);
    expect(createMacroIndex([]).search('e')).toEqual([]);
    expect(shortcuts('zzzz')).toEqual([]);
  });

  it('gives highlight ranges in the original text, accents included', () => {
    const [hit] = createMacroIndex(macros).search('cafe vou');
    expect(hit!.matches).toEqual([
      { field: 'shortcut', ranges: [[0, 4]] },
      {
        field: 'title',
        ranges: [
          [0, 4],
          [5, 8],
        ],
      },
    ]);
    const [fuzzy] = createMacroIndex(macros).search('pwrst');
    expect(fuzzy!.matches?.find((m) => m.field === 'title')).toBeDefined();
  });

  it('lists pinned macros in slot order', () => {
    const index = createMacroIndex([
      macro({ shortcut: 'two', pinned: 2 }),
      macro({ shortcut: 'none', pinned: null }),
      macro({ shortcut: 'one', pinned: 1 }),
    ]);
    expect(index.pinned().map((m) => m.shortcut)).toEqual(['one', 'two']);
  });

  it('gives the same results typing keystroke by keystroke, with backspace, as a fresh index', () => {
    const typed = createMacroIndex(macros);
    const sequence = [
      'r',
      're',
      'ref',
      'refu',
      'ref',
      're',
      'rf',
      'rfd',
      '',
      'p',
      'pa',
      'pas',
      'pass ',
      'pass r',
      'pass re',
      '?',
      '?r',
      'café',
      'cafe v',
    ];
    for (const query of sequence) {
      expect(shortcuts(query, typed), query).toEqual(shortcuts(query));
    }
  });
});
