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

  describe('the one prepared expansion', () => {
    const expansion = (text: string) => ({ macroId: `m-${text}`, text, caret: text.length });
    const background = (shortcut: string) =>
      shortcut === 'ship'
        ? { found: true, hasPrompts: true }
        : shortcut === 'thx' || shortcut === 'hi'
          ? { found: true, hasPrompts: false, expansion: expansion(`${shortcut}!`) }
          : { found: false };

    it('O1: keeps the expansion of the token typed last only, and hands it out once', async () => {
      const lookups = new ShortcutLookups(async (s) => background(s), { debounceMs: 0 });
      lookups.typed('Thx');
      await vi.waitFor(() => expect(lookups.state('thx')).toBe('found'));
      expect(lookups.take('THX')).toEqual(expansion('thx!'));
      expect(lookups.take('thx')).toBeNull();
      // Another token: the answer for `thx` comes while `hi` is the latest: not kept.
      let release!: () => void;
      const slow = new ShortcutLookups(
        async (s) => {
          if (s === 'thx') await new Promise<void>((r) => (release = r));
          return background(s);
        },
        { debounceMs: 0 },
      );
      slow.typed('thx');
      await vi.waitFor(() => expect(release).toBeDefined());
      slow.typed('hi');
      await vi.waitFor(() => expect(slow.state('hi')).toBe('found'));
      release();
      await vi.waitFor(() => expect(slow.state('thx')).toBe('found'));
      expect(slow.take('thx')).toBeNull();
      expect(slow.take('hi')).toBeNull(); // taking another token drops it too
    });

    it('O1: drops it when the token changes, on drop() (blur) and on clear()', async () => {
      const lookups = new ShortcutLookups(async (s) => background(s), { debounceMs: 0 });
      const prepare = async () => {
        lookups.typed('thx');
        await vi.waitFor(() => expect(lookups['ready']).not.toBeNull());
      };
      await prepare();
      lookups.typed(null);
      expect(lookups.take('thx')).toBeNull();
      await prepare();
      lookups.drop();
      expect(lookups.take('thx')).toBeNull();
      await prepare();
      lookups.clear();
      expect(lookups.take('thx')).toBeNull();
    });

    it('is not used when old ({{date.now}}), and typing the token again renders it anew', async () => {
      let now = 0;
      const ask = vi.fn(async (s: string) => background(s));
      const lookups = new ShortcutLookups(ask, {
        debounceMs: 0,
        ttlMs: 60_000,
        expansionTtlMs: 30_000,
        now: () => now,
      });
      lookups.typed('thx');
      await vi.waitFor(() => expect(ask).toHaveBeenCalledTimes(1));
      await vi.waitFor(() => expect(lookups.state('thx')).toBe('found'));
      now = 30_001;
      expect(lookups.state('thx')).toBe('found');
      lookups.typed('thx');
      await vi.waitFor(() => expect(ask).toHaveBeenCalledTimes(2));
      now = 60_000;
      expect(lookups.take('thx')).toEqual(expansion('thx!'));
      lookups.typed('thx');
      now = 95_000;
      expect(lookups.take('thx')).toBeNull();
    });

    it('a macro with fill-in prompts is found, with nothing prepared and not asked again', async () => {
      const ask = vi.fn(async (s: string) => background(s));
      const lookups = new ShortcutLookups(ask, { debounceMs: 0 });
      lookups.typed('ship');
      await vi.waitFor(() => expect(lookups.state('ship')).toBe('found'));
      lookups.typed('ship');
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(ask).toHaveBeenCalledTimes(1);
      expect(lookups.take('ship')).toBeNull();
    });
  });
});
