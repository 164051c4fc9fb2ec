import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import App from '../../../entrypoints/sidepanel/App.vue';
import { getDb, resetDb } from '../../../lib/db';
import { useDraftsStore } from '../../../stores/drafts';
import { LIST_PAGE_SIZE } from '../../../components/conversation/types';
import { VISIBILITY_HEARTBEAT_MS } from '../../../components/common/useVisibilityReport';
import {
  conversation,
  customer,
  message,
  putConnection,
  requestsOf,
  seedSession,
  settle,
  stubBackground,
  type SentRequest,
} from './helpers';

let pinia: Pinia;
let sent: SentRequest[];
let wrapper: VueWrapper | undefined;

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  pinia = createPinia();
  setActivePinia(pinia);
  sent = stubBackground();
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

async function mountPanel(): Promise<VueWrapper> {
  wrapper = mount(App, { global: { plugins: [pinia] }, attachTo: document.body });
  await settle();
  return wrapper;
}

async function seedThree(): Promise<void> {
  const db = getDb();
  await db.customers.bulkPut([
    customer('cust_a', { name: 'Alice' }),
    customer('cust_b', { email: 'bob@example.com' }),
    customer('cust_c'),
  ]);
  await db.conversations.bulkPut([
    conversation('a', { customerId: 'cust_a', lastActivityAt: 2_000, lastMessagePreview: 'Hi' }),
    conversation('b', {
      customerId: 'cust_b',
      lastActivityAt: 5_000,
      lastMessagePreview: 'Where is my order?',
      unreadCount: 3,
    }),
    conversation('c', {
      customerId: 'cust_c',
      lastActivityAt: 1_000,
      status: 'closed',
      lastMessagePreview: 'Thanks',
    }),
  ]);
}

describe('side panel', () => {
  it('shows the sign-in prompt when signed out and opens the options page', async () => {
    await putConnection('signed_out');
    const openOptionsPage = vi.fn(async () => {});
    fakeBrowser.runtime.openOptionsPage = openOptionsPage;
    const panel = await mountPanel();
    expect(panel.find('[data-testid="signed-out"]').text()).toContain('Sign in to start chatting');
    expect(panel.find('[data-testid="conversation-item"]').exists()).toBe(false);
    await panel.find('[data-testid="open-options"]').trigger('click');
    expect(openOptionsPage).toHaveBeenCalledOnce();
  });

  it('counts a missing session row as signed out', async () => {
    const panel = await mountPanel();
    expect(panel.find('[data-testid="signed-out"]').exists()).toBe(true);
  });

  it('shows the empty state when signed in without conversations', async () => {
    await seedSession();
    const panel = await mountPanel();
    expect(panel.find('[data-testid="empty-state"]').text()).toContain('No conversations yet');
  });

  it('shows the connection status and its error text', async () => {
    await seedSession('offline', 'Server unreachable, retrying in 4 s');
    const panel = await mountPanel();
    const banner = panel.find('[data-testid="connection-status"]');
    expect(banner.attributes('data-status')).toBe('offline');
    expect(banner.text()).toContain('Server unreachable, retrying in 4 s');
    await putConnection('online');
    await vi.waitFor(() =>
      expect(panel.find('[data-testid="connection-status"]').attributes('data-status')).toBe(
        'online',
      ),
    );
  });

  it('lists conversations by latest activity with names, previews and unread badges', async () => {
    await seedSession();
    await seedThree();
    const panel = await mountPanel();
    const items = panel.findAll('[data-testid="conversation-item"]');
    expect(items.map((item) => item.find('[data-testid="customer-name"]').text())).toEqual([
      'bob@example.com',
      'Alice',
      'Visitor st_c',
    ]);
    expect(items[0]!.text()).toContain('Where is my order?');
    expect(items[0]!.find('[data-testid="unread-count"]').text()).toBe('3');
    expect(items[1]!.find('[data-testid="unread-count"]').exists()).toBe(false);
    expect(items[2]!.text()).toContain('Closed');

    // A new message moves a conversation to the top.
    await getDb().conversations.update('c', { lastActivityAt: 9_000, unreadCount: 1 });
    await vi.waitFor(() =>
      expect(panel.findAll('[data-testid="customer-name"]')[0]!.text()).toBe('Visitor st_c'),
    );
  });

  it('shows the selected conversation oldest first and asks the background to open it', async () => {
    await seedSession();
    await seedThree();
    await getDb().messages.bulkPut([
      message('m2', 'b', { createdAt: 3_000, authorKind: 'agent', authorName: 'Ada Agent' }),
      message('m1', 'b', { createdAt: 2_000, text: 'Where is my order?' }),
      message('m3', 'b', { createdAt: 4_000, authorKind: 'system', authorId: null }),
      message('x1', 'a', { createdAt: 2_500, text: 'not this one' }),
    ]);
    const panel = await mountPanel();
    await panel.findAll('[data-testid="conversation-item"]')[0]!.trigger('click');
    await settle();

    const selected = panel.findAll('[data-testid="conversation-item"]')[0]!;
    expect(selected.attributes('aria-current')).toBe('true');
    expect(requestsOf(sent, 'conversation.open')).toEqual([{ conversationId: 'b' }]);
    const bubbles = panel.findAll('[data-testid="message"]');
    expect(bubbles.map((b) => b.attributes('data-author-kind'))).toEqual([
      'customer',
      'agent',
      'system',
    ]);
    expect(bubbles[0]!.find('[data-testid="message-text"]').text()).toBe('Where is my order?');
    expect(bubbles[1]!.text()).toContain('Ada Agent');
    expect(panel.text()).not.toContain('not this one');

    // A message that arrives later appears at the end.
    await getDb().messages.put(message('m4', 'b', { createdAt: 5_000, text: 'Any news?' }));
    await vi.waitFor(() =>
      expect(panel.findAll('[data-testid="message-text"]').at(-1)!.text()).toBe('Any news?'),
    );
  });

  it('moves the selection with the arrow keys', async () => {
    await seedSession();
    await seedThree();
    const panel = await mountPanel();
    const list = panel.find('nav ul');
    await list.trigger('keydown', { key: 'ArrowDown' });
    await settle();
    let items = panel.findAll('[data-testid="conversation-item"]');
    expect(items[0]!.attributes('aria-current')).toBe('true');
    await list.trigger('keydown', { key: 'ArrowDown' });
    await settle();
    items = panel.findAll('[data-testid="conversation-item"]');
    expect(items[1]!.attributes('aria-current')).toBe('true');
    expect(items[0]!.attributes('aria-current')).toBeUndefined();
    expect(document.activeElement).toBe(items[1]!.element);
    await list.trigger('keydown', { key: 'ArrowUp' });
    await settle();
    expect(requestsOf(sent, 'conversation.open')).toEqual([
      { conversationId: 'b' },
      { conversationId: 'a' },
      { conversationId: 'b' },
    ]);
  });

  it('keeps each conversation’s draft when switching between them', async () => {
    await seedSession();
    await seedThree();
    const panel = await mountPanel();
    const items = () => panel.findAll('[data-testid="conversation-item"]');
    await items()[0]!.trigger('click');
    await settle();
    await panel.find('[data-testid="composer"]').setValue('Half-written reply to Bob');
    await items()[1]!.trigger('click');
    await settle();
    expect((panel.find('[data-testid="composer"]').element as HTMLTextAreaElement).value).toBe('');
    await panel.find('[data-testid="composer"]').setValue('For Alice');
    await items()[0]!.trigger('click');
    await settle();
    expect((panel.find('[data-testid="composer"]').element as HTMLTextAreaElement).value).toBe(
      'Half-written reply to Bob',
    );
    expect(useDraftsStore().draftFor('a')).toBe('For Alice');
  });

  it('renders a long list in pages: the first page, more when scrolled near the end', async () => {
    await seedSession();
    await getDb().conversations.bulkPut(
      Array.from({ length: 150 }, (_, i) => conversation(`c${i}`, { lastActivityAt: 10_000 - i })),
    );
    const panel = await mountPanel();
    const items = () => panel.findAll('[data-testid="conversation-item"]');
    expect(items()).toHaveLength(LIST_PAGE_SIZE);
    expect(items()[0]!.attributes('data-conversation-id')).toBe('c0');

    const nav = panel.find('nav').element as HTMLElement;
    Object.defineProperty(nav, 'scrollHeight', { get: () => LIST_PAGE_SIZE * 58 });
    Object.defineProperty(nav, 'clientHeight', { get: () => 500 });
    nav.scrollTop = LIST_PAGE_SIZE * 58 - 500;
    await panel.find('nav').trigger('scroll');
    await settle();
    expect(items()).toHaveLength(2 * LIST_PAGE_SIZE);

    // End selects the last conversation, which gets rendered and focused.
    await panel.find('[data-testid="conversation-list"]').trigger('keydown', { key: 'End' });
    await settle();
    expect(items()).toHaveLength(150);
    expect(document.activeElement).toBe(items()[149]!.element);
    expect(items()[149]!.attributes('aria-current')).toBe('true');
  });

  it('shows a message sent from the composer as pending from the cache, then as sent', async () => {
    await seedSession();
    await seedThree();
    fakeBrowser.runtime.onMessage.removeAllListeners();
    // The background queues the message in the outbox and shows it at once as pending.
    sent = stubBackground({
      'message.send': async ({ conversationId, clientId, text }) => {
        await getDb().messages.put(
          message(clientId, conversationId, {
            authorKind: 'agent',
            authorName: 'Ada Agent',
            text,
            clientId,
            createdAt: 9_000,
            delivery: 'pending',
            unsent: 1,
          }),
        );
        return { ok: true, clientId };
      },
    });
    const panel = await mountPanel();
    await panel.findAll('[data-testid="conversation-item"]')[0]!.trigger('click');
    await settle();
    await panel.find('[data-testid="composer"]').setValue('On its way');
    await panel.find('[data-testid="composer"]').trigger('keydown', { key: 'Enter' });
    await settle();

    const bubble = () => panel.findAll('[data-testid="message"]').at(-1)!;
    expect(bubble().attributes('data-delivery')).toBe('pending');
    expect(bubble().find('[data-testid="message-text"]').text()).toBe('On its way');
    expect(bubble().text()).toContain('Sending…');
    expect((panel.find('[data-testid="composer"]').element as HTMLTextAreaElement).value).toBe('');
    expect(panel.find('[data-testid="send-error"]').exists()).toBe(false);

    const [request] = requestsOf(sent, 'message.send') as { clientId: string }[];
    await getDb().messages.update(request!.clientId, { delivery: 'sent' });
    await vi.waitFor(() => expect(bubble().attributes('data-delivery')).toBe('sent'));
    expect(bubble().text()).not.toContain('Sending…');
  });

  it('reports its visibility to the background', async () => {
    await seedSession();
    await mountPanel();
    expect(requestsOf(sent, 'sidepanel.visibility')).toEqual([
      { visible: document.visibilityState === 'visible' },
    ]);
    window.dispatchEvent(new Event('pagehide'));
    document.dispatchEvent(new Event('visibilitychange'));
    await flushPromises();
    expect(requestsOf(sent, 'sidepanel.visibility').slice(1)).toEqual([
      { visible: false },
      { visible: document.visibilityState === 'visible' },
    ]);
  });

  it('repeats that it is in view while visible, so the background does not notify', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('visible');
    try {
      await seedSession();
      await mountPanel();
      const before = requestsOf(sent, 'sidepanel.visibility').length;
      vi.advanceTimersByTime(VISIBILITY_HEARTBEAT_MS * 2);
      await flushPromises();
      expect(requestsOf(sent, 'sidepanel.visibility').slice(before)).toEqual([
        { visible: true },
        { visible: true },
      ]);
    } finally {
      vi.useRealTimers();
      vi.restoreAllMocks();
    }
  });
});
