import { afterEach, describe, expect, it } from 'vitest';
import { outboxKey } from '../../widget/frame/outbox';
import { type KeyValueStore, memoryStore } from '../../widget/frame/storage';
import {
  jsonFetch,
  message,
  mountFrame,
  type MountedFrame,
  sessionResponse,
  typeAndSend,
  WORKSPACE_ID,
  welcome,
} from './fakes';

afterEach(() => document.body.replaceChildren());

const KEY = outboxKey(WORKSPACE_ID);

function stored(storage: KeyValueStore): Array<Record<string, unknown>> {
  const raw = storage.getItem(KEY);
  if (raw === null) return [];
  return (JSON.parse(raw) as { entries: Array<Record<string, unknown>> }).entries;
}

function storeEntries(storage: KeyValueStore, entries: unknown[]): void {
  storage.setItem(KEY, JSON.stringify({ v: 1, entries }));
}

function sent(frame: MountedFrame): Array<Record<string, unknown>> {
  return frame.sockets.flatMap((socket) => socket.framesOfType('message.send'));
}

function bubbles(frame: MountedFrame): Array<[string | undefined, string | undefined]> {
  return frame.queryAll('message').map((b) => [b.dataset.clientId, b.dataset.status]);
}

/** The customer types while offline, then leaves the page: a new frame with the same storage. */
async function typeOfflineThenReload(
  texts: string[],
  history = sessionResponse(),
): Promise<{ storage: KeyValueStore; clientIds: string[]; next: MountedFrame }> {
  const storage = memoryStore();
  const first = await mountFrame({ storage });
  for (const text of texts) typeAndSend(first, text);
  const clientIds = first.queryAll('message').map((b) => b.dataset.clientId ?? '');
  first.app.stop();
  document.body.replaceChildren();
  const next = await mountFrame({ storage, fetch: jsonFetch(200, history) });
  return { storage, clientIds, next };
}

describe('widget frame: unsent messages survive a page change (outbox)', () => {
  it('stores a message typed while offline', async () => {
    const frame = await mountFrame();
    typeAndSend(frame, 'Where is my order?');
    const clientId = frame.queryAll('message')[0]?.dataset.clientId;
    expect(stored(frame.storage)).toEqual([
      { clientId, text: 'Where is my order?', createdAt: expect.any(Number) },
    ]);
  });

  it('shows them as pending after a reload and resends them in order with the same client ids', async () => {
    const { clientIds, next } = await typeOfflineThenReload(['first', 'second']);
    expect(clientIds).toHaveLength(2);
    expect(bubbles(next)).toEqual([
      [clientIds[0], 'pending'],
      [clientIds[1], 'pending'],
    ]);
    next.socket().open();
    expect(sent(next)).toEqual([]);
    next.socket().receive(welcome());
    expect(sent(next).map((frame) => [frame.clientId, frame.text])).toEqual([
      [clientIds[0], 'first'],
      [clientIds[1], 'second'],
    ]);
  });

  it('puts restored messages after the history from the server', async () => {
    const agent = message({ text: 'Hi! How can we help?' });
    const { clientIds, next } = await typeOfflineThenReload(
      ['hello?'],
      sessionResponse({ messages: [agent] }),
    );
    expect(bubbles(next)).toEqual([
      [agent.clientId, 'sent'],
      [clientIds[0], 'pending'],
    ]);
  });

  it('removes a message from storage on its ack', async () => {
    const { storage, clientIds, next } = await typeOfflineThenReload(['first', 'second']);
    next.socket().open();
    next.socket().receive(welcome());
    const [a, b] = clientIds as [string, string];
    const ack = message({ authorKind: 'customer', clientId: a, text: 'first' });
    next.socket().receive({ type: 'message.ack', clientId: a, message: ack });
    expect(stored(storage).map((entry) => entry.clientId)).toEqual([b]);
    const ackB = message({ authorKind: 'customer', clientId: b, text: 'second' });
    next.socket().receive({ type: 'message.created', message: ackB });
    expect(storage.getItem(KEY)).toBeNull();
    expect(bubbles(next).map(([, status]) => status)).toEqual(['sent', 'sent']);
  });

  it('drops stored messages the history already has, instead of showing or sending them twice', async () => {
    const storage = memoryStore();
    const delivered = message({ authorKind: 'customer', clientId: 'delivered', text: 'one' });
    storeEntries(storage, [
      { clientId: 'delivered', text: 'one', createdAt: 1 },
      { clientId: 'waiting', text: 'two', createdAt: 2 },
    ]);
    const frame = await mountFrame({
      storage,
      fetch: jsonFetch(200, sessionResponse({ messages: [delivered] })),
    });
    expect(bubbles(frame)).toEqual([
      ['delivered', 'sent'],
      ['waiting', 'pending'],
    ]);
    expect(stored(storage).map((entry) => entry.clientId)).toEqual(['waiting']);
    frame.socket().open();
    frame.socket().receive(welcome([delivered]));
    expect(sent(frame).map((frame) => frame.clientId)).toEqual(['waiting']);
  });

  it('drops stored messages that arrive in the welcome, not in the session', async () => {
    const storage = memoryStore();
    storeEntries(storage, [{ clientId: 'late', text: 'hi', createdAt: 1 }]);
    const frame = await mountFrame({ storage });
    expect(bubbles(frame)).toEqual([['late', 'pending']]);
    frame.socket().open();
    const delivered = message({ authorKind: 'customer', clientId: 'late', text: 'hi' });
    frame.socket().receive(welcome([delivered]));
    expect(bubbles(frame)).toEqual([['late', 'sent']]);
    expect(sent(frame)).toEqual([]);
    expect(storage.getItem(KEY)).toBeNull();
  });

  it.each([
    ['not JSON', '{"v":1,"entries":[{"clientId"'],
    ['JSON null', 'null'],
    ['an array', '[{"clientId":"a","text":"x","createdAt":1}]'],
    ['an unknown version', '{"v":99,"entries":[{"clientId":"a","text":"x","createdAt":1}]}'],
    ['entries not a list', '{"v":1,"entries":"nope"}'],
  ])('ignores corrupt storage (%s) and still works', async (_name, raw) => {
    const storage = memoryStore();
    storage.setItem(KEY, raw);
    const frame = await mountFrame({ storage });
    expect(frame.queryAll('message')).toEqual([]);
    frame.socket().open();
    frame.socket().receive(welcome());
    typeAndSend(frame, 'still works');
    expect(sent(frame).map((frame) => frame.text)).toEqual(['still works']);
    expect(stored(storage).map((entry) => entry.text)).toEqual(['still works']);
  });

  it('skips malformed entries but keeps the valid ones', async () => {
    const storage = memoryStore();
    storeEntries(storage, [
      null,
      { clientId: 42, text: 'x', createdAt: 1 },
      { clientId: 'long', text: 'x'.repeat(5001), createdAt: 1 },
      { clientId: 'blank', text: '  ', createdAt: 1 },
      { clientId: 'no-time', text: 'x' },
      { clientId: 'ok', text: 'kept', createdAt: 1 },
    ]);
    const frame = await mountFrame({ storage });
    expect(bubbles(frame)).toEqual([['ok', 'pending']]);
  });

  it('still sends when the store refuses writes (full or blocked)', async () => {
    const storage = memoryStore();
    const setItem = storage.setItem;
    storage.setItem = (key, value) => {
      if (key === KEY) throw new DOMException('full', 'QuotaExceededError');
      setItem(key, value);
    };
    const frame = await mountFrame({ storage });
    frame.socket().open();
    frame.socket().receive(welcome());
    typeAndSend(frame, 'hello');
    expect(sent(frame).map((frame) => frame.text)).toEqual(['hello']);
  });

  it('stores at most 20 messages', async () => {
    const frame = await mountFrame();
    for (let i = 1; i <= 22; i++) typeAndSend(frame, `message ${i}`);
    expect(frame.queryAll('message')).toHaveLength(22);
    const texts = stored(frame.storage).map((entry) => entry.text);
    expect(texts).toHaveLength(20);
    expect(texts[0]).toBe('message 1');
  });

  it('keeps a failed message stored, and forgets it when the customer discards it', async () => {
    const { storage, clientIds, next } = await typeOfflineThenReload(['please help']);
    const clientId = clientIds[0]!;
    next.socket().open();
    next.socket().receive(welcome());
    next.socket().receive({ type: 'error', code: 'internal', message: 'Oops.', clientId });
    expect(bubbles(next)).toEqual([[clientId, 'failed']]);
    expect(stored(storage).map((entry) => entry.clientId)).toEqual([clientId]);

    const discard = Array.from(next.queryAll('message')[0]!.querySelectorAll('button')).find(
      (b) => b.textContent === 'Discard',
    );
    discard!.click();
    expect(next.queryAll('message')).toEqual([]);
    expect(storage.getItem(KEY)).toBeNull();
  });

  it('treats sending a failed message’s text again as a retry with the same client id', async () => {
    const frame = await mountFrame();
    frame.socket().open();
    frame.socket().receive(welcome());
    typeAndSend(frame, 'please help');
    const clientId = sent(frame)[0]!.clientId as string;
    frame.socket().receive({ type: 'error', code: 'internal', message: 'Oops.', clientId });
    expect(frame.composer().value).toBe('please help');
    typeAndSend(frame, 'please help');
    expect(sent(frame).map((frame) => frame.clientId)).toEqual([clientId, clientId]);
    expect(bubbles(frame)).toEqual([[clientId, 'pending']]);
    expect(stored(frame.storage)).toHaveLength(1);
  });
});
