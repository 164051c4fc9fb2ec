import { describe, expect, it } from 'vitest';
import { place } from '../../../lib/overlay/ui/position';

const VIEWPORT = { width: 1000, height: 800 };
const WANT = { width: 420, height: 360 };
const caret = (left: number, top: number) => ({ left, top, bottom: top + 18 });

describe('overlay placement next to the caret', () => {
  it('opens below the caret when it fits there', () => {
    expect(place(caret(100, 100), VIEWPORT, WANT)).toEqual({
      left: 100,
      top: 122,
      width: 420,
      maxHeight: 360,
    });
  });

  it('opens above the caret near the bottom of the viewport, growing upwards', () => {
    expect(place(caret(100, 700), VIEWPORT, WANT)).toEqual({
      left: 100,
      bottom: 104,
      width: 420,
      maxHeight: 360,
    });
  });

  it('stays inside the viewport at the right edge and in a narrow frame', () => {
    expect(place(caret(950, 100), VIEWPORT, WANT).left).toBe(1000 - 8 - 420);
    expect(place(caret(50, 20), { width: 300, height: 150 }, WANT)).toMatchObject({
      left: 8,
      width: 284,
    });
  });

  it('uses the side with more room when neither fits, never smaller than usable', () => {
    const short = { width: 1000, height: 500 };
    expect(place(caret(10, 150), short, WANT)).toMatchObject({ top: 172, maxHeight: 320 });
    expect(place(caret(10, 300), short, WANT)).toMatchObject({ bottom: 204, maxHeight: 288 });
    const offscreen = place(caret(10, 2000), VIEWPORT, WANT);
    expect(offscreen.bottom).toBeLessThanOrEqual(800 - 8 - 120);
    expect(offscreen.maxHeight).toBeGreaterThanOrEqual(120);
  });
});
