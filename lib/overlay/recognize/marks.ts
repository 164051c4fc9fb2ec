import type { RecognizedCustomer } from '../protocol';

// Marks without touching the page's DOM: ranges in the CSS Custom Highlight API registry, styled
// by a constructed stylesheet in `document.adoptedStyleSheets` (not a node; allowed under any
// style-src CSP). Hover hit-testing goes from the point to the text node under it.

export const HIGHLIGHT_NAME = 'rapport-known';
const MARK_CSS = `::highlight(${HIGHLIGHT_NAME}){background-color:rgba(250,204,21,.4);text-decoration:underline dotted #b45309}`;

/** A known customer's identifier at one place in the page's text. */
export interface Mark {
  range: Range;
  customer: RecognizedCustomer;
}

/** Paint these marks (replacing the previous ones); the default uses CSS.highlights. */
export type Painter = (ranges: Range[]) => void;

type HighlightWindow = Window & {
  Highlight?: new (...ranges: Range[]) => unknown;
  CSS?: { highlights?: Map<string, unknown> };
};

const sheets = new WeakMap<Document, CSSStyleSheet>();

function adoptStyle(doc: Document): void {
  const view = doc.defaultView as (Window & { CSSStyleSheet?: typeof CSSStyleSheet }) | null;
  if (!view?.CSSStyleSheet) return;
  let sheet = sheets.get(doc);
  try {
    if (!sheet) {
      sheet = new view.CSSStyleSheet();
      sheet.replaceSync(MARK_CSS);
      sheets.set(doc, sheet);
    }
    // The page may replace its own adopted sheets: put ours back when it is gone.
    if (!doc.adoptedStyleSheets.includes(sheet)) {
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    }
  } catch {
    // No constructable stylesheets: the marks are registered but not styled.
  }
}

export function highlightPainter(doc: Document): Painter {
  const view = doc.defaultView as HighlightWindow | null;
  return (ranges) => {
    const registry = view?.CSS?.highlights;
    if (!view?.Highlight || !registry) return;
    if (ranges.length === 0) {
      registry.delete(HIGHLIGHT_NAME);
      return;
    }
    adoptStyle(doc);
    registry.set(HIGHLIGHT_NAME, new view.Highlight(...ranges));
  };
}

type CaretDocument = Document & {
  caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  caretRangeFromPoint?: (x: number, y: number) => Range | null;
};

function nodeAt(doc: CaretDocument, x: number, y: number): Node | null {
  if (typeof doc.caretPositionFromPoint === 'function') {
    return doc.caretPositionFromPoint(x, y)?.offsetNode ?? null;
  }
  if (typeof doc.caretRangeFromPoint === 'function') {
    return doc.caretRangeFromPoint(x, y)?.startContainer ?? null;
  }
  return null;
}

function contains(range: Range, x: number, y: number): boolean {
  for (const rect of range.getClientRects()) {
    if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) return true;
  }
  return false;
}

/** The mark under the point (viewport coordinates), if any. */
export function markAt(
  doc: Document,
  byNode: ReadonlyMap<Node, Mark[]>,
  x: number,
  y: number,
): Mark | null {
  const node = nodeAt(doc, x, y);
  const marks = node ? byNode.get(node) : undefined;
  return marks?.find((mark) => contains(mark.range, x, y)) ?? null;
}

/**
 * For the keyboard shortcut (marks in document order): the mark at or after the selection, else
 * the first in view, else the first.
 */
export function markNearSelection(doc: Document, marks: readonly Mark[]): Mark | null {
  const selection = doc.getSelection();
  if (selection && selection.rangeCount > 0) {
    const at = selection.getRangeAt(0);
    // The first mark (document order) that ends at or after the selection's start.
    const after = marks.find((mark) => mark.range.compareBoundaryPoints(1, at) >= 0);
    if (after) return after;
  }
  const height = doc.defaultView?.innerHeight ?? Infinity;
  return (
    marks.find((mark) => {
      const rect = mark.range.getBoundingClientRect();
      return rect.bottom >= 0 && rect.top <= height;
    }) ??
    marks[0] ??
    null
  );
}
