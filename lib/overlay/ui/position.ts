/** Where an overlay panel goes: next to the caret, inside the viewport. */
export interface Placement {
  left: number;
  /** Set when the panel opens below the caret (it grows downwards). */
  top?: number;
  /** Set when the panel opens above the caret (it grows upwards). */
  bottom?: number;
  width: number;
  maxHeight: number;
}

export const MARGIN = 8;
const GAP = 4;
/** Below this much room the panel would be useless: it overlaps the caret instead. */
const MIN_HEIGHT = 120;

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Number.isFinite(value) ? value : min));
}

/**
 * Below the caret when the panel fits there (or there is more room below than above), else
 * above it; left-aligned with the caret and kept inside the viewport.
 */
export function place(
  anchor: Pick<DOMRect, 'left' | 'top' | 'bottom'>,
  viewport: { width: number; height: number },
  want: { width: number; height: number },
): Placement {
  const width = Math.max(0, Math.min(want.width, viewport.width - 2 * MARGIN));
  const left = clamp(anchor.left, MARGIN, viewport.width - MARGIN - width);
  const roomBelow = viewport.height - anchor.bottom - GAP - MARGIN;
  const roomAbove = anchor.top - GAP - MARGIN;
  if (roomBelow >= want.height || roomBelow >= roomAbove) {
    const top = clamp(anchor.bottom + GAP, MARGIN, viewport.height - MARGIN - MIN_HEIGHT);
    return { left, top, width, maxHeight: Math.min(want.height, viewport.height - MARGIN - top) };
  }
  const bottom = clamp(
    viewport.height - anchor.top + GAP,
    MARGIN,
    viewport.height - MARGIN - MIN_HEIGHT,
  );
  return {
    left,
    bottom,
    width,
    maxHeight: Math.min(want.height, viewport.height - MARGIN - bottom),
  };
}
