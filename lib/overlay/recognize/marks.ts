import type { RecognizedCustomer } from '../protocol';

// Marks without touching the page's DOM: ranges in the CSS Custom Highlight API registry, styled
// by a constructed stylesheet in `document.adoptedStyleSheets` (not a node; allowed under any
// style-src CSP), and in the `adoptedStyleSheets` of each open shadow root holding a mark (styles
// do not cross into shadow trees; the one sheet is shared). Hover hit-testing goes from the point
// to the text node under it (marks in shadow trees, which that lookup does not reach, by their
// boxes).

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

/** Style the marks in `doc` and in these shadow roots of it. */
function adoptStyle(doc: Document, roots: Iterable<ShadowRoot>): void {
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
    for (const target of [doc, ...roots]) {
      if (!target.adoptedStyleSheets.includes(sheet)) {
        target.adoptedStyleSheets = [...target.adoptedStyleSheets, sheet];
      }
    }
  } catch {
    // No constructable stylesheets: the marks are registered but not styled.
  }
}

/** The shadow root holding the range, if it is in one. */
export function shadowRootOf(range: Range): ShadowRoot | null {
  const root = range.startContainer.getRootNode();
  return root.nodeType === 11 /* DOCUMENT_FRAGMENT_NODE */ && 'host' in root
    ? (root as ShadowRoot)
    : null;
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
    const roots = new Set<ShadowRoot>();
    for (const range of ranges) {
      const root = shadowRootOf(range);
      if (root) roots.add(root);
    }
    adoptStyle(doc, roots);
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
  const mark = marks?.find((mark) => contains(mark.range, x, y));
  if (mark) return mark;
  // The point lookup stops at shadow hosts: try the marks inside shadow trees by their boxes.
  for (const [node, marks] of byNode) {
    if (node.getRootNode() === doc) continue;
    const inShadow = marks.find((mark) => contains(mark.range, x, y));
    if (inShadow) return inShadow;
  }
  return null;
}

/** Whether the mark ends at or after the range's start; false when they are in different trees. */
function endsAfter(mark: Mark, range: Range): boolean {
  try {
    return mark.range.compareBoundaryPoints(1 /* START_TO_END */, range) >= 0;
  } catch {
    return false; // a mark in a shadow tree cannot be compared with a selection outside it
  }
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
    const after = marks.find((mark) => endsAfter(mark, at));
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
