import { OVERLAY_HOST_TAG } from '../host-tag';
import { forEachIdentifier } from './patterns';

// The page side of recognition: the text of the page's text nodes, searched for emails and phone
// numbers, in batches that yield to the event loop so typing stays smooth on big pages. The
// text is joined with `\n` per batch (neither pattern crosses a line), one regex pass per batch,
// and each hit mapped back to its text node by binary search: close to a bare regex pass.
// Open shadow roots (web components) are walked where their host stands, so candidates come in
// composed-tree order; closed ones (and the overlay's own host) stay out.

/** Text directly inside these is never page text a person reads. */
const SKIP_PARENTS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEXTAREA', 'TITLE', 'TEMPLATE']);
/** Shorter text holds no address (`a@b.co`) and no E.164 number. */
const MIN_TEXT = 6;
const BATCH_CHARS = 64 * 1024;
const OVERLAY_HOST = OVERLAY_HOST_TAG.toUpperCase();

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
  /** Called with each open shadow root the scan walks into (to watch it for changes). */
  onShadowRoot?: (root: ShadowRoot) => void;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Every candidate in `root`'s text nodes and in its open shadow roots' (in composed-tree order),
 * or null when `shouldStop` said so between slices.
 */
export async function scanText(root: Node, options: ScanOptions = {}): Promise<Candidate[] | null> {
  const doc = root.ownerDocument ?? (root as Document);
  const sliceMs = options.sliceMs ?? 8;
  const walk = (from: Node) => doc.createTreeWalker(from, 5 /* SHOW_ELEMENT | SHOW_TEXT */);
  /** The walk of the light tree, then of each open shadow root being walked (innermost last). */
  const walkers = [walk(root)];
  const found: Candidate[] = [];
  let nodes: Text[] = [];
  let starts: number[] = [];
  let parts: string[] = [];
  let length = 0;

  function search(): void {
    if (nodes.length === 0) return;
    const batch = nodes;
    const at = starts;
    const hits: { index: number; candidate: Candidate }[] = [];
    forEachIdentifier(parts.join('\n'), (identifier, index, size) => {
      let lo = 0;
      let hi = at.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (at[mid]! <= index) lo = mid;
        else hi = mid - 1;
      }
      const start = index - at[lo]!;
      hits.push({ index, candidate: { identifier, node: batch[lo]!, start, end: start + size } });
    });
    // Emails, then phones: in text order again, so candidates come in composed-tree order.
    hits.sort((a, b) => a.index - b.index);
    for (const hit of hits) found.push(hit.candidate);
    nodes = [];
    starts = [];
    parts = [];
    length = 0;
  }

  let sliceStart = performance.now();
  while (walkers.length > 0) {
    const node = walkers[walkers.length - 1]!.nextNode();
    if (!node) {
      walkers.pop(); // this shadow root is done: back to its host's tree
      continue;
    }
    if (node.nodeType === 1 /* ELEMENT_NODE */) {
      const shadow = (node as Element).shadowRoot;
      if (shadow && node.nodeName !== OVERLAY_HOST) {
        options.onShadowRoot?.(shadow);
        walkers.push(walk(shadow));
      }
      continue;
    }
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
    // Text right inside a shadow root is as visible as the root's host.
    const element = node.parentElement ?? (node.parentNode as ShadowRoot | null)?.host;
    if (!element) return false;
    let visible = seen.get(element);
    if (visible === undefined) seen.set(element, (visible = isVisible(element)));
    return visible;
  });
}
