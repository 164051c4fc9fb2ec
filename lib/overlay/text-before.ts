// The text just before a collapsed caret in a contenteditable element, read from the DOM text
// nodes backwards and stopping at line boundaries (a block element or <br>), with a way back
// from an offset in that text to a DOM position (to build a Range over it).

/** Elements that start a new line: walking back, the text before one is on another line. */
const BLOCKS = new Set(
  'ADDRESS ARTICLE ASIDE BLOCKQUOTE BR DD DIV DL DT FIELDSET FIGURE FOOTER FORM H1 H2 H3 H4 H5 H6 HEADER HR IMG LI MAIN NAV OL P PRE SECTION TABLE TD TH TR UL'.split(
    ' ',
  ),
);

function isBoundary(node: Node): boolean {
  if (node.nodeType !== 1) return false;
  const element = node as Element;
  return BLOCKS.has(element.tagName) || element.getAttribute('contenteditable') === 'false';
}

/** A piece of one text node: `node.data.slice(start, end)`. */
interface Piece {
  node: Text;
  start: number;
  end: number;
}

export interface TextBefore {
  /** Up to `max` characters before the caret, on the caret's line. */
  text: string;
  /** The DOM position of `text[offset]` (offset may be text.length: the caret). */
  position(offset: number): { node: Node; offset: number };
}

/** The nearest line-starting ancestor of `node` inside `host` (or the host). */
function lineOf(node: Node, host: Node): Node {
  for (let n = node.parentNode; n && n !== host; n = n.parentNode) if (isBoundary(n)) return n;
  return host;
}

/** The last node at or inside `node` in document order. */
function deepestLast(node: Node): Node {
  while (node.lastChild && !isBoundary(node)) node = node.lastChild;
  return node;
}

/**
 * Read up to `max` characters before the caret at (`container`, `offset`) inside `host`.
 * Caret positions between elements are resolved to the text nodes before them.
 */
export function textBefore(host: Node, container: Node, offset: number, max: number): TextBefore {
  const pieces: Piece[] = [];
  let length = 0;
  let start: Node | null;
  if (container.nodeType === 3) {
    const text = container as Text;
    pieces.push({ node: text, start: 0, end: offset });
    length = offset;
    start = container;
  } else {
    const child = container.childNodes[offset - 1];
    if (!child) {
      // At the start of an element: of a line, or of an inline element (walk back from it).
      start = container === host || isBoundary(container) ? null : container;
    } else {
      start = deepestLast(child);
      if (isBoundary(start)) start = null;
      else if (start.nodeType === 3) {
        const text = start as Text;
        pieces.push({ node: text, start: 0, end: text.data.length });
        length = text.data.length;
      }
    }
  }
  const line = start ? lineOf(start, host) : null;
  const doc = host.ownerDocument ?? document;
  const walker = doc.createTreeWalker(host, 5 /* SHOW_ELEMENT | SHOW_TEXT */);
  if (start && start !== host) walker.currentNode = start;
  while (start && start !== host && length < max) {
    const node = walker.previousNode();
    if (!node || isBoundary(node)) break;
    if (node.nodeType !== 3) continue;
    // Entering a previous block from its end: that text is on another line.
    if (lineOf(node, host) !== line) break;
    const text = node as Text;
    pieces.push({ node: text, start: 0, end: text.data.length });
    length += text.data.length;
  }
  pieces.reverse();
  const text = pieces.map((p) => p.node.data.slice(p.start, p.end)).join('');
  const cut = Math.max(0, text.length - max);
  return {
    text: text.slice(cut),
    position(at) {
      let remaining = at + cut;
      for (const piece of pieces) {
        const size = piece.end - piece.start;
        if (remaining < size) return { node: piece.node, offset: piece.start + remaining };
        remaining -= size;
      }
      return { node: container, offset };
    },
  };
}
