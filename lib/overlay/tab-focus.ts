// When a Tab was held back for a shortcut lookup and the shortcut is no macro, the Tab the agent
// pressed must still move the focus on. A held-back (cancelled) key cannot be replayed, so the
// usual sequential navigation is approximated: the next tab stop after the field in document
// order (positive tabindex first, as browsers do), leaving open shadow roots through their host.
// Tab stops inside another component's shadow root or in a child frame are not entered.

const CANDIDATES =
  'a[href],area[href],button,input,select,textarea,iframe,summary,[tabindex],[contenteditable]';

function isTabStop(element: HTMLElement, from: Element): boolean {
  if (element.tabIndex < 0 || from.contains(element)) return false;
  if ((element as { disabled?: boolean }).disabled) return false;
  if (element instanceof element.ownerDocument.defaultView!.HTMLInputElement) {
    if (element.type === 'hidden') return false;
  }
  // Inside an editor (not its host), or hidden: not a tab stop.
  if (element.parentElement?.isContentEditable) return false;
  if (element.closest('[inert]')) return false;
  return element.getClientRects().length > 0;
}

const follows = (a: Node, b: Node): boolean =>
  (b.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;

/** The tab stop after `after` among `root`'s elements, or null when `after` is the last. */
function nextIn(root: Document | ShadowRoot, after: Element, from: Element): HTMLElement | null {
  const stops = Array.from(root.querySelectorAll<HTMLElement>(CANDIDATES)).filter((element) =>
    isTabStop(element, from),
  );
  const index = (after as HTMLElement).tabIndex ?? 0;
  const positive = stops.filter((e) => e.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex);
  const zero = stops.filter((e) => e.tabIndex === 0);
  if (index > 0) {
    const later = positive.find(
      (e) => e.tabIndex > index || (e.tabIndex === index && follows(e, after)),
    );
    return later ?? zero[0] ?? null;
  }
  return zero.find((e) => follows(e, after)) ?? null;
}

/** Move the focus from `from` to the next tab stop; false when there is none on the page. */
export function focusNextTabStop(from: Element): boolean {
  let after: Element = from;
  let root = from.getRootNode() as Document | ShadowRoot;
  for (;;) {
    const next = nextIn(root, after, from);
    if (next) {
      next.focus();
      return true;
    }
    if (!('host' in root)) return false;
    after = root.host;
    root = after.getRootNode() as Document | ShadowRoot;
  }
}
