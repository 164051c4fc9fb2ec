import type { CustomerCard, OverlayUi } from '../load-ui';
import { onOverlayCommand, sendOverlay } from '../messaging';
import { MAX_RECOGNIZE_CANDIDATES, type RecognizedCustomer } from '../protocol';
import { highlightPainter, markAt, markNearSelection, type Mark, type Painter } from './marks';
import { scanText, visibleCandidates, type Candidate } from './scan';

/** At most one scan per this many ms while the page's DOM keeps changing (trailing). */
export const COALESCE_MS = 250;
/** Hover hit-testing runs at most this often. */
const HOVER_MS = 80;
/** The card closes this long after the pointer left both the mark and the card. */
const LEAVE_MS = 400;
/**
 * Answers are reused this long, then asked again at the next scan (customers synced since, or
 * merged, show up without a reload; a page that does not change is not scanned again).
 */
const ANSWERS_TTL_MS = 60_000;
/** Distinct new identifiers asked per scan (in requests of MAX_RECOGNIZE_CANDIDATES). */
const MAX_ASKED_PER_SCAN = 4 * MAX_RECOGNIZE_CANDIDATES;

export interface RecognitionOptions {
  loadUi: () => Promise<OverlayUi>;
  send?: typeof sendOverlay;
  window?: Window;
  /** How the marks are shown (default: the CSS Custom Highlight API). */
  paint?: Painter;
  /** Tests only: jsdom cannot create trusted events. */
  isTrusted?: (event: Event) => boolean;
  /** Work per slice before yielding to the page (ms). */
  sliceMs?: number;
}

export interface RunningRecognition {
  /** Ask the background whether recognition is on here; scans when it is. */
  refresh(): Promise<void>;
  /** Resolves when no scan is running (a scheduled one may follow). */
  idle(): Promise<void>;
  /** How many scans started (tests, benchmark). */
  scans(): number;
  marks(): readonly Mark[];
  stop(): void;
}

/**
 * Recognize known customers in the page's visible text: find emails and phone numbers, ask the
 * background which are known customers' (only normalized identifiers leave the page's process,
 * and only to the extension), mark those without touching the DOM, and show a card on hover or
 * Alt+Shift+K (the mark at or after the selection, else the first in view).
 */
export function startRecognition(options: RecognitionOptions): RunningRecognition {
  const win = options.window ?? window;
  const doc = win.document;
  const send = options.send ?? sendOverlay;
  const paint = options.paint ?? highlightPainter(doc);
  const trusted = options.isTrusted ?? ((event: Event) => event.isTrusted);
  let enabled = false;
  let stopped = false;
  let observing = false;
  /** A scan is wanted (DOM changed, or the tab was hidden when one was due). */
  let dirty = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let scanning: Promise<void> | null = null;
  let scanCount = 0;
  /** Answers so far: the customer, or null for "not a known customer". */
  const known = new Map<string, RecognizedCustomer | null>();
  let knownSince = 0;
  let marks: Mark[] = [];
  let byNode = new Map<Node, Mark[]>();
  let card: { mark: Mark; card: CustomerCard } | null = null;
  /** The mark whose card is shown or loading. */
  let wanted: Mark | null = null;
  let leaveTimer: ReturnType<typeof setTimeout> | undefined;
  let lastHover = 0;

  // One observer for the document and every open shadow root a scan walked into: changes in
  // any of them coalesce into the same scan.
  const observer = new MutationObserver((records) => {
    if (records.some((record) => !isOurs(record))) request();
  });
  let observedRoots = new WeakSet<ShadowRoot>();

  function observe(target: Node): void {
    observer.observe(target, { childList: true, subtree: true, characterData: true });
  }

  function observeShadowRoot(root: ShadowRoot): void {
    if (!observing || observedRoots.has(root)) return;
    observedRoots.add(root);
    observe(root);
  }

  function request(delay = COALESCE_MS): void {
    dirty = true;
    if (!enabled || stopped || timer !== undefined || scanning) return;
    timer = setTimeout(run, delay);
  }

  function run(): void {
    timer = undefined;
    if (!enabled || stopped || doc.visibilityState === 'hidden') return; // resumes on visibility
    dirty = false;
    scanCount++;
    scanning = scan()
      .catch((error: unknown) => console.warn('Rapport could not scan the page:', error))
      .finally(() => {
        scanning = null;
        if (dirty) request();
      });
  }

  async function scan(): Promise<void> {
    if (!doc.body) return;
    const found = await scanText(doc.body, {
      sliceMs: options.sliceMs,
      onShadowRoot: observeShadowRoot,
      shouldStop: () => stopped || !enabled || doc.visibilityState === 'hidden',
    });
    if (!found) {
      dirty = true;
      return;
    }
    const candidates = visibleCandidates(found);
    if (Date.now() - knownSince > ANSWERS_TTL_MS) {
      known.clear();
      knownSince = Date.now();
    }
    const unknown = [...new Set(candidates.map((c) => c.identifier))]
      .filter((identifier) => !known.has(identifier))
      .slice(0, MAX_ASKED_PER_SCAN);
    for (let i = 0; i < unknown.length; i += MAX_RECOGNIZE_CANDIDATES) {
      const batch = unknown.slice(i, i + MAX_RECOGNIZE_CANDIDATES);
      const answer = await send('recognize.match', { candidates: batch });
      if (!answer) return; // the extension was reloaded: nothing to ask any more
      if (!answer.ok) {
        if (answer.code === 'not_signed_in' || answer.code === 'site_off') switchOff();
        return;
      }
      for (const identifier of batch) known.set(identifier, null);
      for (const match of answer.matches) known.set(match.identifier, match);
    }
    if (!stopped && enabled) show(candidates);
  }

  function show(candidates: Candidate[]): void {
    const next: Mark[] = [];
    for (const candidate of candidates) {
      const customer = known.get(candidate.identifier);
      const { node, start, end } = candidate;
      if (!customer || !node.isConnected || end > node.length) continue;
      const range = doc.createRange();
      range.setStart(node, start);
      range.setEnd(node, end);
      next.push({ range, customer });
    }
    // In the scan's order: the composed tree's (ranges in different trees cannot be compared).
    marks = next;
    byNode = new Map();
    for (const mark of next) {
      const node = mark.range.startContainer;
      byNode.set(node, [...(byNode.get(node) ?? []), mark]);
    }
    paint(next.map((mark) => mark.range));
  }

  function switchOff(): void {
    enabled = false;
    clearTimeout(timer);
    timer = undefined;
    if (observing) observer.disconnect();
    observing = false;
    observedRoots = new WeakSet();
    closeCard();
    if (marks.length > 0) {
      marks = [];
      byNode = new Map();
      paint([]);
    }
  }

  async function refresh(): Promise<void> {
    const answer = await send('recognize.state');
    known.clear();
    if (answer?.enabled !== true || stopped) {
      switchOff();
      return;
    }
    enabled = true;
    if (!observing) {
      observe(doc.documentElement);
      observing = true;
    }
    request(0);
  }

  function closeCard(): void {
    clearTimeout(leaveTimer);
    card?.card.close();
    card = null;
    wanted = null;
  }

  function showCard(mark: Mark): void {
    if (wanted === mark) return;
    closeCard();
    wanted = mark;
    void options
      .loadUi()
      .then((ui) => {
        // The pointer may have moved on while the UI loaded.
        if (stopped || wanted !== mark || !marks.includes(mark)) return;
        if (!ui.showCustomerCard) return;
        const shown = ui.showCustomerCard({
          anchor: mark.range.getBoundingClientRect(),
          customer: mark.customer,
          open: async () => {
            const answer = await send('recognize.open', { customerId: mark.customer.customerId });
            if (!answer) throw new Error('Rapport was updated. Reload the page and try again.');
            if (!answer.ok) throw new Error(answer.message);
            return answer.opened;
          },
          onClose: () => {
            if (card?.card !== shown) return;
            card = null;
            wanted = null;
          },
        });
        card = { mark, card: shown };
      })
      .catch((error: unknown) => console.warn('Rapport could not show the customer card:', error));
  }

  function onMouseMove(event: MouseEvent): void {
    if (marks.length === 0 && !card) return;
    if (card?.card.contains(event)) {
      clearTimeout(leaveTimer);
      return;
    }
    const now = performance.now();
    if (now - lastHover < HOVER_MS) return;
    lastHover = now;
    const mark = markAt(doc, byNode, event.clientX, event.clientY);
    if (mark) {
      clearTimeout(leaveTimer);
      showCard(mark);
    } else if (card) {
      clearTimeout(leaveTimer);
      leaveTimer = setTimeout(closeCard, LEAVE_MS);
    }
  }

  function onKeydown(event: KeyboardEvent): void {
    if (!event.altKey || !event.shiftKey || event.code !== 'KeyK' || !trusted(event)) return;
    if (event.ctrlKey || event.metaKey || marks.length === 0) return;
    const mark = markNearSelection(doc, marks);
    if (!mark) return;
    event.preventDefault();
    showCard(mark);
  }

  function onVisibility(): void {
    if (doc.visibilityState === 'visible' && dirty) request(0);
  }

  const unlisten = onOverlayCommand((command) => {
    if (command.type === 'state.changed') void refresh();
  });
  win.addEventListener('mousemove', onMouseMove, { passive: true });
  win.addEventListener('keydown', onKeydown, true);
  doc.addEventListener('visibilitychange', onVisibility);

  return {
    refresh,
    idle: async () => {
      while (scanning) await scanning;
    },
    scans: () => scanCount,
    marks: () => marks,
    stop() {
      stopped = true;
      switchOff();
      unlisten();
      win.removeEventListener('mousemove', onMouseMove);
      win.removeEventListener('keydown', onKeydown, true);
      doc.removeEventListener('visibilitychange', onVisibility);
    },
  };
}

/** Mutations of the overlay's own host elements (the card) are not the page changing. */
function isOurs(record: MutationRecord): boolean {
  const ours = (node: Node): boolean => node.nodeName === 'RAPPORT-OVERLAY';
  if (ours(record.target)) return true;
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length > 0 && nodes.every(ours);
}
