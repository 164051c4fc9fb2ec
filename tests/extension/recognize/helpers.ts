import type { OverlayAnswer, sendOverlay } from '../../../lib/overlay/messaging';
import type { OverlayRequest, RecognizedCustomer } from '../../../lib/overlay/protocol';

// What the page side of recognition asks the background, answered from a fixed list.

export const KNOWN: Record<string, RecognizedCustomer> = {
  'ann@example.com': { identifier: 'ann@example.com', customerId: 'cu1', name: 'Ann' },
  '+14155550100': { identifier: '+14155550100', customerId: 'cu2', name: 'Bob' },
};

export function fakeSend(enabled = true) {
  const calls: [OverlayRequest, unknown][] = [];
  const send = (async (type: OverlayRequest, data?: unknown) => {
    calls.push([type, data]);
    if (type === 'recognize.state') return { enabled };
    if (type === 'recognize.match') {
      const { candidates } = data as { candidates: string[] };
      const matches = candidates.flatMap((c) => (KNOWN[c] ? [KNOWN[c]] : []));
      return { ok: true, matches } as OverlayAnswer<'recognize.match'>;
    }
    return undefined;
  }) as typeof sendOverlay;
  const asked = () =>
    calls
      .filter(([t]) => t === 'recognize.match')
      .map(([, d]) => (d as { candidates: string[] }).candidates);
  return { send, calls, asked };
}
