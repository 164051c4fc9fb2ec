import { describe, expect, it, vi } from 'vitest';
import { ShortcutLookups } from '../../../lib/overlay/lookups';

// The answers the Tab key is decided on: found / missing / unknown, for recent tokens only.

describe('shortcut lookups', () => {
  it('asks after a short pause, once per token, ignoring case', async () => {
    const ask = vi.fn(async (shortcut: string) => shortcut === 'thx');
    const lookups = new ShortcutLookups(ask, { debounceMs: 5 });
    lookups.typed('t');
    lookups.typed('th');
    lookups.typed('THX');
    expect(lookups.state('thx')).toBe('unknown');
    await vi.waitFor(() => expect(lookups.state('thx')).toBe('found'));
    expect(ask.mock.calls).toEqual([['thx']]);
    lookups.typed('Thx');
    expect(await lookups.resolve('thx')).toBe(true);
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it('resolve() asks at once and shares the question in flight', async () => {
    let answer!: (found: boolean) => void;
    const ask = vi.fn(() => new Promise<boolean>((resolve) => (answer = resolve)));
    const lookups = new ShortcutLookups(ask, { debounceMs: 1_000 });
    lookups.typed('nope');
    const first = lookups.resolve('nope');
    const second = lookups.resolve('NOPE');
    answer(false);
    expect(await first).toBe(false);
    expect(await second).toBe(false);
    expect(ask).toHaveBeenCalledTimes(1);
    expect(lookups.state('nope')).toBe('missing');
  });

  it('keeps only the last few answers, each for a limited time', async () => {
    let now = 0;
    const lookups = new ShortcutLookups(async () => true, { size: 2, ttlMs: 100, now: () => now });
    for (const token of ['a', 'b', 'c']) await lookups.resolve(token);
    expect(['a', 'b', 'c'].map((t) => lookups.state(t))).toEqual(['unknown', 'found', 'found']);
    now = 101;
    expect(lookups.state('c')).toBe('unknown');
  });

  it('no answer (background gone) counts as not found', async () => {
    const lookups = new ShortcutLookups(async () => undefined);
    expect(await lookups.resolve('thx')).toBe(false);
    expect(lookups.state('thx')).toBe('missing');
    const failing = new ShortcutLookups(() => Promise.reject(new Error('gone')));
    expect(await failing.resolve('thx')).toBe(false);
  });

  it('clear() forgets answers, and an answer asked before it is not kept', async () => {
    let answer!: (found: boolean) => void;
    const lookups = new ShortcutLookups(() => new Promise<boolean>((r) => (answer = r)));
    const pending = lookups.resolve('thx');
    lookups.clear();
    answer(true);
    expect(await pending).toBe(true);
    expect(lookups.state('thx')).toBe('unknown');
  });
});
