import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { OverlayUi } from '../../../lib/overlay/load-ui';
import type { sendOverlay } from '../../../lib/overlay/messaging';
import type { OverlayRequest } from '../../../lib/overlay/protocol';
import {
  startRecognition,
  type RunningRecognition,
} from '../../../lib/overlay/recognize/recognizer';
import { scanText, visibleCandidates } from '../../../lib/overlay/recognize/scan';
import { fakeSend } from './helpers';

// The page side of recognition: what it finds in the DOM, what it asks, when it scans.

const CRM = `
  <h1>Contacts</h1>
  <table>
    <tr><td>Ann Lee</td><td>Ann@Example.com</td><td>+1 (415) 555-0100</td></tr>
    <tr><td>Carl</td><td>carl@example.com</td><td>+44 20 7946 0958</td></tr>
    <tr><td>National</td><td>020 7946 0958</td></tr>
  </table>
  <input value="ann@example.com"><textarea>ann@example.com in a field</textarea>
  <div contenteditable="true"><p>ann@example.com in an editor</p></div>
  <script>var x = "ann@example.com";</script><style>/* ann@example.com */</style>
  <div style="display:none">hidden ann@example.com</div>
  <p hidden>also hidden +14155550100</p>
`;

let running: RunningRecognition | undefined;
let visibility: DocumentVisibilityState = 'visible';

function start(send: typeof sendOverlay, painted: string[][] = []): RunningRecognition {
  running = startRecognition({
    send,
    loadUi: async () => ({}) as OverlayUi,
    paint: (ranges) => void painted.push(ranges.map((r) => r.toString())),
  });
  return running;
}

describe('recognition on the page', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    document.body.innerHTML = CRM;
    visibility = 'visible';
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
  });
  afterEach(() => {
    running?.stop();
    running = undefined;
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('finds candidates in visible page text only (not fields, editors, scripts, hidden text)', async () => {
    const found = visibleCandidates((await scanText(document.body))!);
    // In the page's order (emails and phones interleaved as written).
    expect(found.map((c) => c.identifier)).toEqual([
      'ann@example.com',
      '+14155550100',
      'carl@example.com',
      '+442079460958',
    ]);
    // Each candidate points at the text as written in its text node.
    expect(found.map((c) => c.node.data.slice(c.start, c.end))).toEqual([
      'Ann@Example.com',
      '+1 (415) 555-0100',
      'carl@example.com',
      '+44 20 7946 0958',
    ]);
  });

  it('O4: asks once with the distinct normalized candidates and marks exactly the known ones', async () => {
    document.body.insertAdjacentHTML('beforeend', '<p>again: ann@example.COM</p>');
    const { send, asked } = fakeSend();
    const painted: string[][] = [];
    const recognition = start(send, painted);
    await recognition.refresh();
    await vi.waitFor(() => expect(recognition.marks()).toHaveLength(3));
    expect(asked()).toEqual([
      ['ann@example.com', '+14155550100', 'carl@example.com', '+442079460958'],
    ]);
    expect(painted.at(-1)).toEqual(['Ann@Example.com', '+1 (415) 555-0100', 'ann@example.COM']);
    expect(recognition.marks().map((m) => m.customer.name)).toEqual(['Ann', 'Bob', 'Ann']);
  });

  it('does not scan or ask while signed out or switched off on the site', async () => {
    const { send, calls } = fakeSend(false);
    const recognition = start(send);
    await recognition.refresh();
    document.body.append('bob@example.com');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(recognition.scans()).toBe(0);
    expect(calls.map(([type]) => type)).toEqual(['recognize.state']);
  });

  it('O4: coalesces DOM churn: 10 mutations in 100 ms → 1 scan, 250 ms after the first', async () => {
    vi.useFakeTimers();
    const { send, asked } = fakeSend();
    const recognition = start(send);
    await recognition.refresh();
    await vi.advanceTimersByTimeAsync(0);
    await recognition.idle();
    expect(recognition.scans()).toBe(1);
    for (let i = 0; i < 10; i++) {
      const row = document.createElement('p');
      row.textContent = `new${i}@example.com`;
      document.body.append(row);
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(recognition.scans()).toBe(1);
    await vi.advanceTimersByTimeAsync(150);
    await recognition.idle();
    expect(recognition.scans()).toBe(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(recognition.scans()).toBe(2);
    // Only the new candidates are asked the second time.
    expect(asked()[1]).toHaveLength(10);
  });

  it('asks again after a minute: customers synced since are recognized without a reload', async () => {
    vi.useFakeTimers();
    const { send, asked } = fakeSend();
    const recognition = start(send);
    await recognition.refresh();
    await vi.advanceTimersByTimeAsync(0);
    await recognition.idle();
    document.body.append('x');
    await vi.advanceTimersByTimeAsync(300);
    await recognition.idle();
    expect(asked()).toHaveLength(1); // nothing new: nothing asked
    await vi.advanceTimersByTimeAsync(60_000);
    document.body.append('y');
    await vi.advanceTimersByTimeAsync(300);
    await recognition.idle();
    expect(asked()).toHaveLength(2);
    expect(asked()[1]).toEqual(asked()[0]);
  });

  it('O4: does not scan a hidden tab; scans when it becomes visible', async () => {
    vi.useFakeTimers();
    visibility = 'hidden';
    const { send } = fakeSend();
    const recognition = start(send);
    await recognition.refresh();
    document.body.append('late@example.com');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(recognition.scans()).toBe(0);
    visibility = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    await recognition.idle();
    expect(recognition.scans()).toBe(1);
    expect(recognition.marks()).toHaveLength(2);
  });

  it('clears its marks when told the state changed and recognition is now off', async () => {
    let enabled = true;
    const { send } = fakeSend();
    const switchable = (async (type: OverlayRequest, data?: unknown) =>
      type === 'recognize.state'
        ? { enabled, reason: enabled ? undefined : 'site_off' }
        : send(type as 'recognize.match', data as { candidates: string[] })) as typeof sendOverlay;
    const painted: string[][] = [];
    const recognition = start(switchable, painted);
    await recognition.refresh();
    await vi.waitFor(() => expect(recognition.marks()).toHaveLength(2));
    enabled = false;
    await fakeBrowser.runtime.onMessage.trigger({ rapportOverlay: 1, type: 'state.changed' }, {});
    await vi.waitFor(() => expect(recognition.marks()).toHaveLength(0));
    expect(painted.at(-1)).toEqual([]);
  });
});
