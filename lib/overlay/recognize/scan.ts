import { forEachIdentifier } from './patterns';

// The page side of recognition: the text of the page's text nodes, searched for emails and phone
// numbers, in batches that yield to the event loop so typing stays smooth on big pages. The
// text is joined with `\n` per batch (neither pattern crosses a line), one regex pass per batch,
// and each hit mapped back to its text node by binary search: close to a bare regex pass.

/** Text directly inside these is never page text a person reads. */
const SKIP_PARENTS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEXTAREA', 'TITLE', 'TEMPLATE']);
/** Shorter text holds no address (`a@b.co`) and no E.164 number. */
const MIN_TEXT = 6;
const BATCH_CHARS = 64 * 1024;

/** One email or phone number in one text node. */
export interface Candidate {
  /** Normalized: lower-cased email or E.164 phone. */
  identifier: string;
  node: Text;
  start: number;
  end: number;
}

export interface ScanOptions {
  /** Work at most this long before yielding (default 8 ms). */
  sliceMs?: number;
  /** Checked after each yield: true abandons the scan (it returns null). */
  shouldStop?: () => boolean;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Every candidate in `root`'s text nodes, or null when `shouldStop` said so between slices. */
export async function scanText(root: Node, options: ScanOptions = {}): Promise<Candidate[] | null> {
  const doc = root.ownerDocument ?? (root as Document);
  const sliceMs = options.sliceMs ?? 8;
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const found: Candidate[] = [];
  let nodes: Text[] = [];
  let starts: number[] = [];
  let parts: string[] = [];
  let length = 0;

  function search(): void {
    if (nodes.length === 0) return;
    const batch = nodes;
    const at = starts;
    forEachIdentifier(parts.join('\n'), (identifier, index, size) => {
      let lo = 0;
      let hi = at.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (at[mid]! <= index) lo = mid;
        else hi = mid - 1;
      }
      const start = index - at[lo]!;
      found.push({ identifier, node: batch[lo]!, start, end: start + size });
    });
    nodes = [];
    starts = [];
    parts = [];
    length = 0;
  }

  let sliceStart = performance.now();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const data = (node as Text).data;
    if (data.length < MIN_TEXT || SKIP_PARENTS.has(node.parentNode?.nodeName ?? '')) continue;
    nodes.push(node as Text);
    starts.push(length);
    parts.push(data);
    length += data.length + 1;
    if (length < BATCH_CHARS) continue;
    search();
    if (performance.now() - sliceStart >= sliceMs) {
      await yieldToEventLoop();
      if (options.shouldStop?.()) return null;
      sliceStart = performance.now();
    }
  }
  search();
  return found;
}

/** Inside an editor or a form field: the agent's own typing, not page text. */
const EDITABLE = '[contenteditable]:not([contenteditable="false"]),input,textarea,select';

/** Rendered: not in an editor, not display:none, visibility:hidden or `hidden`. */
export function isVisibleText(element: Element): boolean {
  if (element.closest(EDITABLE)) return false;
  if (typeof element.checkVisibility === 'function') {
    return element.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true });
  }
  // Browsers without checkVisibility (and jsdom): computed display and visibility.
  const view = element.ownerDocument.defaultView;
  for (let e: Element | null = element; e; e = e.parentElement) {
    if ((e as HTMLElement).hidden) return false;
    const style = view?.getComputedStyle(e);
    if (style?.display === 'none' || style?.visibility === 'hidden') return false;
  }
  return true;
}

/** The candidates in rendered text (one check per element, not per candidate). */
export function visibleCandidates(
  candidates: Candidate[],
  isVisible: (element: Element) => boolean = isVisibleText,
): Candidate[] {
  const seen = new Map<Element, boolean>();
  return candidates.filter(({ node }) => {
    const element = node.parentElement;
    if (!element) return false;
    let visible = seen.get(element);
    if (visible === undefined) seen.set(element, (visible = isVisible(element)));
    return visible;
  });
}
