// The incremental search (reusing the previous keystroke's matches, scores and positions) must
// give exactly what a fresh index gives for the same query.
import { describe, expect, it } from 'vitest';
import { generateMacros } from '../../../bench/macro-search';
import { createMacroIndex } from '../../../lib/macros/search';
import { prepareMacro, prepareQuery } from '../../../lib/macros/search-prepare';
import { scoreMacro } from '../../../lib/macros/search-score';

const macros = generateMacros(1500, 7);

function prefixes(query: string): string[] {
  return [...query].map((_, i) => query.slice(0, i + 1));
}

function summary(index: ReturnType<typeof createMacroIndex>, query: string, limit = 20) {
  return index.search(query, limit).map((hit) => `${hit.macro.id}:${hit.score}`);
}

describe('incremental search', () => {
  it('matches a fresh index at every keystroke, through typing, backspace and new words', () => {
    const typed = createMacroIndex(macros);
    const sequence = [
      ...prefixes('order status'),
      'order statu',
      'order stat',
      'order s',
      'order ',
      ...prefixes('order number refund').slice(6),
      ...prefixes('pwd reset'),
      ...prefixes('reference'),
      ...prefixes('thanks for your patience'),
      ...prefixes('cafe voucher'),
      'café vouch',
      ...prefixes('zz top'),
    ];
    for (const query of sequence) {
      expect(summary(typed, query), query).toEqual(summary(createMacroIndex(macros), query));
    }
  });

  it('matches a fresh index with a small limit, where most body scans are skipped', () => {
    const typed = createMacroIndex(macros);
    for (const query of [...prefixes('order s'), ...prefixes('refund eu'), 'patience']) {
      expect(summary(typed, query, 3), query).toEqual(summary(createMacroIndex(macros), query, 3));
    }
  });

  it('scores one-letter terms from masks exactly as the general scorer does', () => {
    const prepared = macros.slice(0, 300).map(prepareMacro);
    for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
      for (const query of [letter, `order ${letter}`]) {
        const fast = prepareQuery(query);
        const general = prepareQuery(query, false);
        for (const macro of prepared) {
          expect(scoreMacro(macro, fast), query).toBe(scoreMacro(macro, general));
        }
      }
    }
  });
});
