import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import MessageList from '../../../components/conversation/MessageList.vue';
import App from '../../../entrypoints/sidepanel/App.vue';
import { getDb, resetDb, type CachedMessage } from '../../../lib/db';
import {
  conversation,
  customer,
  message,
  putHistory,
  requestsOf,
  seedSession,
  settle,
  stubBackground,
  type SentRequest,
} from './helpers';

let pinia: Pinia;
let wrapper: VueWrapper | undefined;

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  pinia = createPinia();
  setActivePinia(pinia);
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

/** The side panel with conversation 'a' (and `count` cached messages) open. */
async function openConversation(count = 3): Promise<VueWrapper> {
  await seedSession();
  await getDb().customers.put(customer('cust_a', { name: 'Alice' }));
  await getDb().conversations.put(conversation('a', { customerId: 'cust_a' }));
  await getDb().messages.bulkPut(
    Array.from({ length: count }, (_, i) => message(`m${i}`, 'a', { createdAt: 10_000 + i })),
  );
  wrapper = mount(App, { global: { plugins: [pinia] }, attachTo: document.body });
  await settle();
  await wrapper.find('[data-testid="conversation-item"]').trigger('click');
  await settle();
  return wrapper;
}

/** Older messages as the background would write them after `conversation.loadOlder`. */
function olderPage(count: number): CachedMessage[] {
  return Array.from({ length: count }, (_, i) => message(`old${i}`, 'a', { createdAt: 100 + i }));
}

describe('older history', () => {
  it('marks the conversation view ready once its messages are on screen', async () => {
    stubBackground();
    const panel = await openConversation(3);
    const view = panel.find('[data-testid="conversation-view"]');
    expect(view.attributes('data-ready')).toBe('conversation');
    expect(view.findAll('[data-testid="message"]')).toHaveLength(3);
  });

  it('offers older messages while the server may have more, and asks the background', async () => {
    let sent: SentRequest[] = [];
    sent = stubBackground({
      'conversation.loadOlder': async () => {
        await getDb().messages.bulkPut(olderPage(2));
        await putHistory('a', true);
        return { ok: true, hasMore: true };
      },
    });
    const panel = await openConversation(3);
    await panel.find('[data-testid="load-older"]').trigger('click');
    await settle();
    expect(requestsOf(sent, 'conversation.loadOlder')).toEqual([{ conversationId: 'a' }]);
    const texts = panel.findAll('[data-testid="message-text"]').map((m) => m.text());
    expect(texts).toEqual([
      'text of old0',
      'text of old1',
      'text of m0',
      'text of m1',
      'text of m2',
    ]);
    expect(panel.find('[data-testid="load-older"]').exists()).toBe(true);
  });

  it('hides the button at the beginning of the conversation', async () => {
    stubBackground({
      'conversation.loadOlder': async () => {
        await putHistory('a', false);
        return { ok: true, hasMore: false };
      },
    });
    const panel = await openConversation(3);
    await panel.find('[data-testid="load-older"]').trigger('click');
    await vi.waitFor(() =>
      expect(panel.find('[data-testid="history-start"]').text()).toBe(
        'Beginning of the conversation',
      ),
    );
    expect(panel.find('[data-testid="load-older"]').exists()).toBe(false);
  });

  it('shows no button when the cache says there is nothing older', async () => {
    stubBackground();
    await seedSession();
    await putHistory('a', false);
    const panel = await openConversation(3);
    expect(panel.find('[data-testid="load-older"]').exists()).toBe(false);
    expect(panel.find('[data-testid="history-start"]').exists()).toBe(true);
  });

  it('shows a loading state while the page is fetched, and the failure if it fails', async () => {
    let answer: () => void = () => {};
    stubBackground({
      'conversation.loadOlder': () =>
        new Promise((resolve) => {
          answer = () => resolve({ ok: false, code: 'network', message: 'You are offline.' });
        }),
    });
    const panel = await openConversation(3);
    await panel.find('[data-testid="load-older"]').trigger('click');
    await settle();
    expect(panel.find('[data-testid="loading-older"]').exists()).toBe(true);
    expect(panel.find('[data-testid="load-older"]').exists()).toBe(false);
    answer();
    await settle();
    expect(panel.find('[data-testid="load-older-error"]').text()).toBe('You are offline.');
    expect(panel.find('[data-testid="load-older"]').exists()).toBe(true);
  });

  it('renders the newest 100 cached messages and reveals older cached ones first', async () => {
    const sent = stubBackground();
    const panel = await openConversation(150);
    expect(panel.findAll('[data-testid="message"]')).toHaveLength(100);
    expect(panel.find('[data-testid="message-text"]').text()).toBe('text of m50');
    await panel.find('[data-testid="load-older"]').trigger('click');
    await settle();
    expect(panel.findAll('[data-testid="message"]')).toHaveLength(150);
    expect(requestsOf(sent, 'conversation.loadOlder')).toEqual([]);
  });
});

describe('MessageList scrolling', () => {
  /** jsdom has no layout: make each child 50 px tall, in a 400 px viewport. */
  function fakeLayout(el: HTMLElement): void {
    Object.defineProperty(el, 'scrollHeight', { get: () => el.children.length * 50 });
    Object.defineProperty(el, 'clientHeight', { get: () => 400 });
  }

  it('keeps the messages in view in place when older ones are prepended', async () => {
    const sent = stubBackground();
    const newest = Array.from({ length: 20 }, (_, i) =>
      message(`m${i}`, 'a', { createdAt: 10_000 + i }),
    );
    wrapper = mount(MessageList, {
      props: { conversationId: 'a', messages: newest, hasMore: true },
      attachTo: document.body,
    });
    await settle();
    const scroller = wrapper.find('[role="log"]').element as HTMLElement;
    fakeLayout(scroller);
    scroller.scrollTop = 0;
    await wrapper.find('[role="log"]').trigger('scroll');
    await settle();
    expect(requestsOf(sent, 'conversation.loadOlder')).toEqual([{ conversationId: 'a' }]);

    const before = scroller.scrollHeight; // 21 children
    await wrapper.setProps({ messages: [...olderPage(10), ...newest] });
    await settle();
    // 10 more messages above: the old top message is still where it was.
    expect(scroller.scrollHeight - before).toBe(500);
    expect(scroller.scrollTop).toBe(500);
  });

  it('follows a new message at the bottom', async () => {
    stubBackground();
    const first = [message('m1', 'a', { createdAt: 1 })];
    wrapper = mount(MessageList, {
      props: { conversationId: 'a', messages: first, hasMore: false },
      attachTo: document.body,
    });
    const scroller = wrapper.find('[role="log"]').element as HTMLElement;
    fakeLayout(scroller);
    await wrapper.setProps({
      messages: [
        ...first,
        ...Array.from({ length: 19 }, (_, i) => message(`n${i}`, 'a', { createdAt: 2 + i })),
      ],
    });
    await settle();
    expect(scroller.scrollTop).toBe(scroller.scrollHeight);
  });
});
