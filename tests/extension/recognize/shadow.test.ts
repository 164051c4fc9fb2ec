import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { OverlayUi } from '../../../lib/overlay/load-ui';
import { markNearSelection } from '../../../lib/overlay/recognize/marks';
import {
  startRecognition,
  type RunningRecognition,
} from '../../../lib/overlay/recognize/recognizer';
import { scanText, visibleCandidates } from '../../../lib/overlay/recognize/scan';
import { fakeSend } from './helpers';

// Recognition inside web components: open shadow roots are scanned where their host stands and
// watched for changes; closed ones stay out.

let running: RunningRecognition | undefined;

/** `<x-card>` with an open (or closed) shadow root holding `html`; returns the root. */
function card(html: string, mode: ShadowRootMode = 'open', parent: Node = document.body) {
  const host = document.createElement('x-card');
  parent.appendChild(host);
  const root = host.attachShadow({ mode });
  root.innerHTML = html;
  return root;
}

describe('recognition in shadow roots', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    document.body.innerHTML = '<p>before ann@example.com</p>';
  });
  afterEach(() => {
    running?.stop();
    running = undefined;
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('finds candidates in open shadow roots (nested too) in composed order, not in closed ones', async () => {
    const outer = card('<p>outer +1 (415) 555-0100</p><span>x</span>');
    card('<p>nested carl@example.com</p>', 'open', outer);
    card('<p>closed dan@example.com</p>', 'closed');
    document.body.insertAdjacentHTML('beforeend', '<p>after eve@example.com</p>');
    const roots: ShadowRoot[] = [];
    const found = visibleCandidates(
      (await scanText(document.body, { onShadowRoot: (r) => roots.push(r) }))!,
    );
    expect(found.map((c) => c.identifier)).toEqual([
      'ann@example.com',
      '+14155550100',
      'carl@example.com',
      'eve@example.com',
    ]);
    expect(roots).toHaveLength(2);
    expect(roots[0]).toBe(outer);
  });

  it('counts text right inside a shadow root as visible as its host', async () => {
    card('direct ann@example.com');
    const found = visibleCandidates((await scanText(document.body))!);
    expect(found.map((c) => c.node.data)).toEqual([
      'before ann@example.com',
      'direct ann@example.com',
    ]);
  });

  it('O4: marks known customers in an open shadow root and rescans on changes inside it, coalesced', async () => {
    vi.useFakeTimers();
    const root = card('<ul><li>inside +1 (415) 555-0100</li></ul>');
    const { send } = fakeSend();
    const painted: string[][] = [];
    running = startRecognition({
      send,
      loadUi: async () => ({}) as OverlayUi,
      paint: (ranges) => void painted.push(ranges.map((r) => r.toString())),
    });
    await running.refresh();
    await vi.advanceTimersByTimeAsync(0);
    await running.idle();
    expect(painted.at(-1)).toEqual(['ann@example.com', '+1 (415) 555-0100']);
    expect(running.marks()[1]!.range.startContainer.getRootNode()).toBe(root);

    // Churn inside the shadow root only: one more scan, 250 ms after the first change.
    for (let i = 0; i < 5; i++) {
      root.querySelector('ul')!.insertAdjacentHTML('beforeend', `<li>ann@example.com ${i}</li>`);
      await vi.advanceTimersByTimeAsync(20);
    }
    expect(running.scans()).toBe(1);
    await vi.advanceTimersByTimeAsync(200);
    await running.idle();
    expect(running.scans()).toBe(2);
    expect(running.marks()).toHaveLength(7);
  });

  it('picks a mark for the keyboard shortcut past marks in other trees than the selection', async () => {
    document.body.innerHTML = '';
    card('<p>inside ann@example.com</p>');
    document.body.insertAdjacentHTML('beforeend', '<p>after ann@example.com</p>');
    const { send } = fakeSend();
    running = startRecognition({ send, loadUi: async () => ({}) as OverlayUi, paint: () => {} });
    await running.refresh();
    await vi.waitFor(() => expect(running!.marks()).toHaveLength(2));
    const [inShadow, inLight] = running.marks();
    expect(inShadow!.range.startContainer.getRootNode()).not.toBe(document);
    // The selection before the light-tree mark: the shadow-tree mark cannot be compared with it
    // (different trees) and is passed over, not an error.
    const selection = document.getSelection()!;
    selection.collapse(document.body.querySelector('p')!, 0);
    expect(markNearSelection(document, running.marks())).toBe(inLight);
  });
});
