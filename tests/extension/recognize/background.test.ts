import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CustomerIndex } from '../../../lib/background/recognition';
import { RECOGNITION_OPEN_KEY } from '../../../lib/background/recognition-open';
import { getDb } from '../../../lib/db';
import { sendMessage } from '../../../lib/messaging';
import {
  agent,
  conversation,
  customer,
  FakeSocket,
  fakeFetch,
  serverRoutes,
  signedIn,
} from '../background/helpers';
import { startBackground } from '../../../lib/background';
import { contentScriptAt, freshBackgroundEachTest, fromContentScript } from '../overlay/helpers';

// The background's side of recognition (lib/background/recognition*.ts): the index of known
// customers' own emails and phones, what a page may learn, and who may ask.

const PAGE = 'https://crm.example.com';
const contentScript = (url = `${PAGE}/contacts`) => contentScriptAt(url);

const recognize = (type: string, data?: unknown, from = contentScript()) =>
  fromContentScript(type, data, from);

const customers = [
  customer({ id: 'cu1', name: 'Ann Lee', email: 'Ann@Example.com', phone: '+1 (415) 555-0100' }),
  // Only an unverified identity claim: never recognized by it.
  customer({
    id: 'cu2',
    name: 'Mallory',
    email: null,
    identities: [{ kind: 'email', value: 'ceo@example.com', verified: false, at: 1 }],
  }),
  // Merged into cu1: its old address no longer stands for anyone.
  customer({ id: 'cu3', name: 'Old Ann', email: 'old@example.com', mergedIntoId: 'cu1' }),
  // A national number: no default region, so not indexed.
  customer({ id: 'cu4', name: 'Dan', email: null, phone: '020 7946 0958' }),
];

async function withCustomers() {
  const { bg } = await signedIn();
  const db = getDb();
  await db.customers.bulkPut(customers);
  await db.conversations.bulkPut([
    conversation({ id: 'co1', customerId: 'cu1', assigneeId: agent.id, lastActivityAt: 5_000 }),
    conversation({ id: 'co0', customerId: 'cu1', assigneeId: null, lastActivityAt: 3_000 }),
  ]);
  return bg;
}

describe('recognition in the background', () => {
  freshBackgroundEachTest();

  it('O4: answers only candidates that are known customers’ own email or phone', async () => {
    await withCustomers();
    const answer = await recognize('recognize.match', {
      candidates: [
        'ann@example.com',
        '+14155550100',
        'ceo@example.com',
        'old@example.com',
        '+442079460958',
        'nobody@example.com',
      ],
    });
    expect(answer).toEqual({
      ok: true,
      matches: [
        {
          identifier: 'ann@example.com',
          customerId: 'cu1',
          name: 'Ann Lee',
          lastConversationAt: 5_000,
          lastAgentName: agent.name,
        },
        {
          identifier: '+14155550100',
          customerId: 'cu1',
          name: 'Ann Lee',
          lastConversationAt: 5_000,
          lastAgentName: agent.name,
        },
      ],
    });
  });

  it('keeps the index up to date when customers change', async () => {
    await withCustomers();
    expect(await recognize('recognize.match', { candidates: ['new@example.com'] })).toEqual({
      ok: true,
      matches: [],
    });
    await getDb().customers.put(customer({ id: 'cu9', name: 'Neo', email: 'new@example.com' }));
    expect(await recognize('recognize.match', { candidates: ['new@example.com'] })).toMatchObject({
      ok: true,
      matches: [{ customerId: 'cu9', name: 'Neo' }],
    });
    await getDb().customers.update('cu9', { mergedIntoId: 'cu1' });
    expect(await recognize('recognize.match', { candidates: ['new@example.com'] })).toEqual({
      ok: true,
      matches: [],
    });
  });

  it('builds the index lazily: once per change of the customers table, not per lookup', async () => {
    await withCustomers();
    const index = new CustomerIndex(getDb());
    try {
      await index.lookup(['ann@example.com']);
      await index.lookup(['+14155550100']);
      expect(index.builds).toBe(1);
      // Other tables change all the time (messages, conversations): no rebuild.
      await getDb().conversations.put(conversation({ id: 'co5', customerId: 'cu1' }));
      await index.lookup(['ann@example.com']);
      expect(index.builds).toBe(1);
      await getDb().customers.update('cu1', { email: 'ann@new.example.com' });
      expect(await index.lookup(['ann@example.com', 'ann@new.example.com'])).toEqual(
        new Map([['ann@new.example.com', 'cu1']]),
      );
      expect(index.builds).toBe(2);
    } finally {
      index.stop();
    }
  });

  it('answers nothing while signed out', async () => {
    const { fetch } = fakeFetch(serverRoutes());
    startBackground({ fetch, WebSocket: FakeSocket });
    expect(await recognize('recognize.state')).toEqual({ enabled: false, reason: 'signed_out' });
    expect(await recognize('recognize.match', { candidates: ['ann@example.com'] })).toMatchObject({
      ok: false,
      code: 'not_signed_in',
    });
  });

  it('answers only content scripts in tabs, never extension pages or other extensions', async () => {
    await withCustomers();
    const query = { candidates: ['ann@example.com'] };
    const page = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    expect(await recognize('recognize.match', query, page)).toBeUndefined();
    expect(
      await recognize('recognize.match', query, { ...contentScript(), id: 'another-extension' }),
    ).toBeUndefined();
    expect(await recognize('recognize.match', query, { ...contentScript(), tab: undefined })).toBe(
      undefined,
    );
    expect(await recognize('recognize.match', query)).toMatchObject({ ok: true });
  });

  it('is off on a site the agent switched off, and only there', async () => {
    await withCustomers();
    expect(await sendMessage('recognition.setSite', { origin: PAGE, enabled: false })).toEqual({
      ok: true,
      off: [PAGE],
      on: [],
      policy: [],
    });
    expect(await recognize('recognize.state')).toEqual({ enabled: false, reason: 'site_off' });
    expect(await recognize('recognize.match', { candidates: ['ann@example.com'] })).toMatchObject({
      ok: false,
      code: 'site_off',
    });
    const other = contentScript('https://mail.example.com/');
    expect(await recognize('recognize.state', undefined, other)).toEqual({ enabled: true });
    // Macros stay on there: the two switches are independent.
    expect(await recognize('overlay.state')).toEqual({ enabled: true });
    expect(await sendMessage('recognition.sites')).toEqual({
      ok: true,
      off: [PAGE],
      on: [],
      policy: [],
    });
  });

  it('caps the candidates of one request', async () => {
    await withCustomers();
    const many = Array.from({ length: 600 }, (_, i) => `c${i}@example.com`);
    const answer = await recognize('recognize.match', { candidates: [...many, 'ann@example.com'] });
    expect(answer).toEqual({ ok: true, matches: [] });
  });

  it('"open in side panel" asks the side panel to select the latest conversation', async () => {
    await withCustomers();
    const answer = await recognize('recognize.open', { customerId: 'cu1' });
    // The fake browser has no side panel to open: the side panel selects it when opened.
    expect(answer).toEqual({ ok: true, opened: false });
    const stored = (await fakeBrowser.storage.local.get(RECOGNITION_OPEN_KEY))[
      RECOGNITION_OPEN_KEY
    ];
    expect(stored).toMatchObject({ version: 1, customerId: 'cu1', conversationId: 'co1' });
    expect(await recognize('recognize.open', { customerId: 'nope' })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
  });
});
