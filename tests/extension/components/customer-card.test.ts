import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import App from '../../../entrypoints/sidepanel/App.vue';
import CustomerCard from '../../../components/customer/CustomerCard.vue';
import { getDb, resetDb, type CustomerProfileRow } from '../../../lib/db';
import type { Failure, ResponseData } from '../../../lib/messages';
import type {
  Agent,
  Conversation,
  Customer,
  CustomerConversation,
  CustomerProfileResponse,
} from '../../../protocol';
import { useSelectionStore } from '../../../stores/selection';
import {
  AGENT,
  conversation,
  customer,
  requestsOf,
  seedSession,
  settle,
  stubBackground,
  type SentRequest,
} from './helpers';

const DAY = 24 * 60 * 60 * 1000;
const ANA: Agent = { ...AGENT, id: 'agent_ana', email: 'ana@example.com', name: 'Ana' };
const OFFLINE: Failure = {
  ok: false,
  code: 'network',
  message: "Can't reach the Rapport server at http://127.0.0.1:8787.",
};

let pinia: Pinia;
let sent: SentRequest[];
let wrapper: VueWrapper | undefined;

function profileOf(
  who: Customer,
  conversations: CustomerConversation[] = [],
  pages: CustomerProfileResponse['pages'] = [],
): CustomerProfileResponse {
  return { customer: who, conversations, pages };
}

/** The background's customer.profile: answer `profile` and cache it, as customers.ts does. */
function serveProfile(profile: CustomerProfileResponse) {
  return async ({ customerId }: { customerId: string }) => {
    const row: CustomerProfileRow = { customerId, ...profile, fetchedAt: Date.now() };
    await getDb().customerProfiles.put(row);
    return { ok: true as const, profile };
  };
}

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  pinia = createPinia();
  setActivePinia(pinia);
  await seedSession();
  await getDb().agents.put(ANA);
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

async function mountCard(open: Conversation, who: Customer | undefined): Promise<VueWrapper> {
  if (who) await getDb().customers.put(who);
  await getDb().conversations.put(open);
  wrapper = mount(CustomerCard, {
    props: { conversation: open, customer: who },
    global: { plugins: [pinia] },
    attachTo: document.body,
  });
  await settle();
  return wrapper;
}

describe('customer card', () => {
  it('marks verified identities and shows unverified claims only as claims', async () => {
    sent = stubBackground();
    const grace = customer('cu1', {
      name: 'Grace',
      email: 'grace@example.com',
      phone: '+1 555 0100',
      externalId: 'user-42',
      identities: [
        { kind: 'external_id', value: 'user-42', verified: true, at: 1 },
        { kind: 'email', value: 'grace@example.com', verified: true, at: 1 },
        { kind: 'email', value: 'ceo@bigcorp.test', verified: false, at: 2 },
        { kind: 'name', value: 'The CEO', verified: false, at: 2 },
      ],
    });
    const card = await mountCard(conversation('co1', { customerId: 'cu1' }), grace);
    expect(card.find('[data-testid="card-name"]').text()).toBe('Grace');
    const email = card.find('[data-testid="contact-email"]');
    expect(email.text()).toContain('grace@example.com');
    expect(email.find('[data-testid="verified"]').text()).toBe('✓ verified');
    // the phone was set by an agent, not vouched for by the site
    const phone = card.find('[data-testid="contact-phone"]');
    expect(phone.text()).toBe('+1 555 0100');
    expect(phone.find('[data-testid="verified"]').exists()).toBe(false);
    const claims = card.findAll('[data-testid="claim"]').map((claim) => claim.text());
    expect(claims).toEqual([
      'claims to be ceo@bigcorp.test (email)',
      'claims to be The CEO (name)',
    ]);
    expect(card.find('[data-testid="card-name"]').text()).not.toContain('CEO');
    expect(requestsOf(sent, 'customer.profile')).toEqual([{ customerId: 'cu1' }]);
  });

  it('shows an anonymous visitor as "Visitor" and a short id, with an unverified claim muted', async () => {
    stubBackground();
    const visitor = customer('cust_9f3a', {
      identities: [{ kind: 'email', value: 'me@x.test', verified: false, at: 1 }],
    });
    const card = await mountCard(conversation('co1', { customerId: 'cust_9f3a' }), visitor);
    expect(card.find('[data-testid="card-name"]').text()).toBe('Visitor 9f3a');
    expect(card.find('[data-testid="contact-email"]').exists()).toBe(false);
    expect(card.find('[data-testid="claim"]').text()).toContain('claims to be me@x.test');
  });

  it('renders HTML in customer fields as text', async () => {
    stubBackground();
    const evil = customer('cu1', {
      name: '<img src=x onerror="alert(1)">Eve',
      notes: '<b>bold</b>',
      tags: ['<i>vip</i>'],
      lastPage: { url: 'javascript:alert(1)', title: '<script>alert(2)</script>', at: 1 },
    });
    const card = await mountCard(conversation('co1', { customerId: 'cu1' }), evil);
    expect(card.find('[data-testid="card-name"]').text()).toBe('<img src=x onerror="alert(1)">Eve');
    expect(card.find('img').exists()).toBe(false);
    expect(card.find('script').exists()).toBe(false);
    expect(card.find('[data-testid="tag"] i').exists()).toBe(false);
    const page = card.find('[data-testid="current-page"]');
    expect(page.text()).toContain('<script>alert(2)</script>');
    // not an http(s) URL: shown as text, never as a link
    expect(page.find('a').exists()).toBe(false);
    expect(page.text()).toContain('javascript:alert(1)');
    expect((card.find('[data-testid="notes"]').element as HTMLTextAreaElement).value).toBe(
      '<b>bold</b>',
    );
  });

  it('shows the current page with a link for http(s), first and last seen', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 10 * DAY });
    try {
      stubBackground();
      const grace = customer('cu1', {
        name: 'Grace',
        firstSeenAt: 10 * DAY - 3 * DAY,
        lastSeenAt: 10 * DAY - 5 * 60_000,
        lastPage: { url: 'https://shop.test/cart', title: 'Your cart', at: 1 },
      });
      const card = await mountCard(conversation('co1', { customerId: 'cu1' }), grace);
      expect(card.find('[data-testid="first-seen"]').text()).toBe('First seen 3 days ago');
      expect(card.find('[data-testid="last-seen"]').text()).toBe('Last seen 5 minutes ago');
      const page = card.find('[data-testid="current-page"]');
      expect(page.text()).toContain('Your cart');
      expect(page.find('a').attributes('href')).toBe('https://shop.test/cart');
      expect(page.find('a').attributes('rel')).toContain('noopener');
    } finally {
      vi.useRealTimers();
    }
  });

  it('saves notes on blur through customer.update', async () => {
    sent = stubBackground({
      'customer.update': async ({ customerId, patch }) => {
        await getDb().customers.update(customerId, { notes: patch.notes });
        return { ok: true, customer: (await getDb().customers.get(customerId))! };
      },
    });
    const card = await mountCard(conversation('co1', { customerId: 'cu1' }), customer('cu1'));
    const notes = card.find('[data-testid="notes"]');
    await notes.setValue('Prefers email. Ordered twice.');
    await notes.trigger('blur');
    await settle();
    expect(requestsOf(sent, 'customer.update')).toEqual([
      { customerId: 'cu1', patch: { notes: 'Prefers email. Ordered twice.' } },
    ]);
    expect(card.find('[data-testid="notes-status"]').text()).toBe('Saved');
    expect((await getDb().customers.get('cu1'))?.notes).toBe('Prefers email. Ordered twice.');
    // nothing changed: no second request
    await notes.trigger('blur');
    await settle();
    expect(requestsOf(sent, 'customer.update')).toHaveLength(1);
  });

  it('keeps the note and says why when saving fails (Ctrl+Enter, offline)', async () => {
    sent = stubBackground({ 'customer.update': () => OFFLINE });
    const card = await mountCard(
      conversation('co1', { customerId: 'cu1' }),
      customer('cu1', { notes: 'old' }),
    );
    const notes = card.find('[data-testid="notes"]');
    await notes.setValue('Call back on Monday');
    await notes.trigger('keydown', { key: 'Enter', ctrlKey: true });
    await settle();
    expect(requestsOf(sent, 'customer.update')).toHaveLength(1);
    expect(card.find('[data-testid="notes-error"]').text()).toBe(
      `Could not save: ${OFFLINE.message} Your note is kept here.`,
    );
    expect(card.find('[data-testid="notes-error"]').attributes('role')).toBe('alert');
    expect((notes.element as HTMLTextAreaElement).value).toBe('Call back on Monday');
    // a synced change of the saved notes does not overwrite the unsaved draft
    await getDb().customers.update('cu1', { notes: 'changed elsewhere' });
    await settle();
    expect((notes.element as HTMLTextAreaElement).value).toBe('Call back on Monday');
  });

  it('adds and removes tags', async () => {
    sent = stubBackground({
      'customer.update': async ({ customerId, patch }) => {
        await getDb().customers.update(customerId, { tags: patch.tags });
        return { ok: true, customer: (await getDb().customers.get(customerId))! };
      },
    });
    const card = await mountCard(
      conversation('co1', { customerId: 'cu1' }),
      customer('cu1', { tags: ['vip'] }),
    );
    await card.find('[data-testid="tag-input"]').setValue('  wholesale ');
    await card.find('form').trigger('submit');
    await settle();
    expect(card.findAll('[data-testid="tag"] .text').map((tag) => tag.text())).toEqual([
      'vip',
      'wholesale',
    ]);
    expect((card.find('[data-testid="tag-input"]').element as HTMLInputElement).value).toBe('');
    await card.find('[aria-label="Remove tag vip"]').trigger('click');
    await settle();
    expect(requestsOf(sent, 'customer.update')).toEqual([
      { customerId: 'cu1', patch: { tags: ['vip', 'wholesale'] } },
      { customerId: 'cu1', patch: { tags: ['wholesale'] } },
    ]);
    expect((await getDb().customers.get('cu1'))?.tags).toEqual(['wholesale']);
    expect(card.findAll('[data-testid="tag"] .text').map((tag) => tag.text())).toEqual([
      'wholesale',
    ]);
  });

  it('shows a refused tag change and the tags as saved', async () => {
    stubBackground({
      'customer.update': () => ({ ok: false, code: 'invalid_request', message: 'Too long.' }),
    });
    const card = await mountCard(
      conversation('co1', { customerId: 'cu1' }),
      customer('cu1', { tags: ['vip'] }),
    );
    await card.find('[data-testid="tag-input"]').setValue('new');
    await card.find('form').trigger('submit');
    await settle();
    expect(card.find('[data-testid="tags-error"]').text()).toBe(
      'Could not save the tags: Too long.',
    );
    expect(card.findAll('[data-testid="tag"] .text').map((tag) => tag.text())).toEqual(['vip']);
    expect((card.find('[data-testid="tag-input"]').element as HTMLInputElement).value).toBe('new');
  });

  it('shows "Loading history…", then the pages (newest first, 10) and past conversations', async () => {
    let answer: (value: ResponseData<'customer.profile'>) => void = () => {};
    const pages = Array.from({ length: 12 }, (_, i) => ({
      url: `https://shop.test/p${12 - i}`,
      title: `Page ${12 - i}`,
      at: 12 - i,
    }));
    const grace = customer('cu1', { name: 'Grace' });
    const profile = profileOf(
      grace,
      [
        {
          id: 'co_old',
          status: 'closed',
          assigneeId: null,
          assigneeName: 'Someone',
          createdAt: 5,
          lastMessageAt: 6,
        },
      ],
      pages,
    );
    stubBackground({
      'customer.profile': (req) =>
        new Promise((resolve) => {
          answer = (value) => void serveProfile(profile)(req).then(() => resolve(value));
        }),
    });
    const card = await mountCard(conversation('co1', { customerId: 'cu1' }), grace);
    expect(card.find('[data-testid="history-loading"]').text()).toBe('Loading history…');
    expect(card.find('[data-testid="returning-line"]').exists()).toBe(false);
    answer({ ok: true, profile });
    await settle();
    expect(card.find('[data-testid="history-loading"]').exists()).toBe(false);
    const visits = card.findAll('[data-testid="page-visit"]');
    expect(visits).toHaveLength(10);
    expect(visits[0]!.text()).toContain('Page 12');
    expect(visits[9]!.text()).toContain('Page 3');
    const past = card.findAll('[data-testid="past-conversation"]');
    expect(past).toHaveLength(1);
    expect(past[0]!.text()).toContain('Someone');
    expect(past[0]!.element.tagName).toBe('BUTTON'); // reachable by Tab, opens with Enter
  });

  it('offline: shows the cached part, "History needs a connection", and retries', async () => {
    let online = false;
    const grace = customer('cu1', { name: 'Grace', notes: 'kept' });
    const profile = profileOf(grace, [], [{ url: 'https://shop.test/', title: 'Home', at: 1 }]);
    sent = stubBackground({
      'customer.profile': (req) => (online ? serveProfile(profile)(req) : OFFLINE),
    });
    const card = await mountCard(conversation('co1', { customerId: 'cu1' }), grace);
    expect(card.find('[data-testid="card-name"]').text()).toBe('Grace');
    expect((card.find('[data-testid="notes"]').element as HTMLTextAreaElement).value).toBe('kept');
    expect(card.find('[data-testid="history-error"]').text()).toContain(
      'History needs a connection.',
    );
    expect(card.find('[data-testid="page-visit"]').exists()).toBe(false);
    online = true;
    await card.find('[data-testid="history-retry"]').trigger('click');
    await settle();
    expect(requestsOf(sent, 'customer.profile')).toHaveLength(2);
    expect(card.find('[data-testid="history-error"]').exists()).toBe(false);
    expect(card.find('[data-testid="page-visit"]').text()).toContain('Home');
  });

  it('lists a page reported since the fetch first (synced last page)', async () => {
    const grace = customer('cu1', { name: 'Grace' });
    const profile = profileOf(grace, [], [{ url: 'https://shop.test/', title: 'Home', at: 1 }]);
    stubBackground({ 'customer.profile': serveProfile(profile) });
    const card = await mountCard(conversation('co1', { customerId: 'cu1' }), grace);
    expect(card.findAll('[data-testid="page-visit"]')).toHaveLength(1);
    await getDb().customers.update('cu1', {
      lastPage: { url: 'https://shop.test/checkout', title: 'Checkout', at: 5 },
    });
    await settle();
    const visits = card.findAll('[data-testid="page-visit"]');
    expect(visits.map((visit) => visit.find('.title').text())).toEqual(['Checkout', 'Home']);
    expect(card.find('[data-testid="current-page"]').text()).toContain('Checkout');
  });

  it('keeps every control in the tab order, and hides and shows the profile', async () => {
    stubBackground();
    const card = await mountCard(
      conversation('co1', { customerId: 'cu1' }),
      customer('cu1', { tags: ['vip'], lastPage: { url: 'https://a.test/', title: 'A', at: 1 } }),
    );
    const controls = card.findAll('button, input, textarea, a[href]');
    expect(controls.length).toBeGreaterThan(4);
    for (const control of controls) expect(control.attributes('tabindex')).not.toBe('-1');
    const toggle = card.find('[data-testid="profile-toggle"]');
    expect(toggle.attributes('aria-expanded')).toBe('true');
    await toggle.trigger('click');
    expect(card.find('[data-testid="customer-profile"]').exists()).toBe(false);
    expect(toggle.attributes('aria-expanded')).toBe('false');
    await toggle.trigger('click');
    expect(card.find('[data-testid="customer-profile"]').exists()).toBe(true);
  });

  it('shows the server’s reason for other failures', async () => {
    stubBackground({
      'customer.profile': () => ({
        ok: false,
        code: 'not_found',
        message: 'The customer was not found.',
      }),
    });
    const card = await mountCard(conversation('co1', { customerId: 'cu1' }), customer('cu1'));
    expect(card.find('[data-testid="history-error"]').text()).toContain(
      'The customer was not found.',
    );
  });
});

describe('the returning line', () => {
  it('says when and with whom the customer last talked (cached agent name)', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 100 * DAY });
    try {
      const grace = customer('cu1', { name: 'Grace' });
      const profile = profileOf(grace, [
        {
          id: 'co1',
          status: 'open',
          assigneeId: null,
          assigneeName: null,
          createdAt: 100 * DAY - 1000,
          lastMessageAt: 100 * DAY - 1000,
        },
        {
          id: 'co_prev',
          status: 'closed',
          assigneeId: ANA.id,
          assigneeName: 'Ana (old name)',
          createdAt: 96 * DAY,
          lastMessageAt: 97 * DAY,
        },
        {
          id: 'co_older',
          status: 'closed',
          assigneeId: AGENT.id,
          assigneeName: AGENT.name,
          createdAt: 50 * DAY,
          lastMessageAt: 50 * DAY,
        },
      ]);
      stubBackground({ 'customer.profile': serveProfile(profile) });
      const card = await mountCard(conversation('co1', { customerId: 'cu1' }), grace);
      expect(card.find('[data-testid="returning-line"]').text()).toBe(
        'Returning customer — last talked 3 days ago with Ana',
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('uses cached conversations of the customer when the history cannot be fetched', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 100 * DAY });
    try {
      stubBackground({ 'customer.profile': () => OFFLINE });
      await getDb().conversations.put(
        conversation('co_prev', {
          customerId: 'cu1',
          assigneeId: ANA.id,
          status: 'closed',
          lastActivityAt: 98 * DAY,
        }),
      );
      const card = await mountCard(
        conversation('co1', { customerId: 'cu1', lastActivityAt: 100 * DAY }),
        customer('cu1'),
      );
      expect(card.find('[data-testid="returning-line"]').text()).toBe(
        'Returning customer — last talked 2 days ago with Ana',
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('says "New customer" when there is no earlier conversation', async () => {
    const grace = customer('cu1', { name: 'Grace' });
    stubBackground({ 'customer.profile': serveProfile(profileOf(grace)) });
    const card = await mountCard(conversation('co1', { customerId: 'cu1' }), grace);
    expect(card.find('[data-testid="returning-line"]').text()).toBe('New customer');
    expect(card.find('[data-testid="no-past"]').exists()).toBe(true);
  });

  it('shows a merged visitor as the customer it merged into', async () => {
    stubBackground();
    const known = customer('cu_known', { name: 'Grace Known', email: 'grace@example.com' });
    await getDb().customers.put(known);
    const card = await mountCard(
      conversation('co1', { customerId: 'cust_ab12' }),
      customer('cust_ab12', { mergedIntoId: 'cu_known' }),
    );
    expect(card.find('[data-testid="card-name"]').text()).toBe('Grace Known');
    expect(card.find('[data-testid="merged-note"]').text()).toBe(
      'Visitor ab12 was merged into Grace Known',
    );
    expect(card.find('[data-testid="contact-email"]').text()).toContain('grace@example.com');
  });
});

describe('past conversations in the side panel', () => {
  it('selects a cached past conversation; one that is not cached is fetched first', async () => {
    const grace = customer('cu1', { name: 'Grace' });
    const past = (id: string, at: number): CustomerConversation => ({
      id,
      status: 'closed',
      assigneeId: ANA.id,
      assigneeName: 'Ana',
      createdAt: at,
      lastMessageAt: at,
    });
    const profile = profileOf(grace, [
      past('co1', 3_000),
      past('co_cached', 2_000),
      past('co_gone', 1_000),
    ]);
    sent = stubBackground({
      'customer.profile': serveProfile(profile),
      'customer.openConversation': async ({ conversationId }) => {
        await getDb().conversations.put(conversation(conversationId, { customerId: 'cu1' }));
        return { ok: true };
      },
    });
    await getDb().customers.put(grace);
    await getDb().conversations.bulkPut([
      conversation('co1', { customerId: 'cu1', lastActivityAt: 3_000 }),
      conversation('co_cached', { customerId: 'cu1', status: 'closed', lastActivityAt: 2_000 }),
    ]);
    wrapper = mount(App, { global: { plugins: [pinia] }, attachTo: document.body });
    await settle();
    const selection = useSelectionStore();
    selection.select('co1');
    await settle();
    const items = wrapper.findAll('[data-testid="past-conversation"]');
    expect(items).toHaveLength(2);
    await items[0]!.trigger('click');
    await settle();
    expect(selection.conversationId).toBe('co_cached');
    expect(requestsOf(sent, 'customer.openConversation')).toEqual([]);
    await vi.waitFor(() =>
      expect(wrapper!.findAll('[data-testid="past-conversation"]')).toHaveLength(2),
    );
    // now co1 (newest) and co_gone, which only the profile lists
    const notCached = wrapper.findAll('[data-testid="past-conversation"]').at(-1)!;
    await notCached.trigger('click');
    await settle();
    expect(requestsOf(sent, 'customer.openConversation')).toEqual([
      { customerId: 'cu1', conversationId: 'co_gone' },
    ]);
    expect(selection.conversationId).toBe('co_gone');
  });
});
