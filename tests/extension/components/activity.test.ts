import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import PopupApp from '../../../entrypoints/popup/App.vue';
import PanelApp from '../../../entrypoints/sidepanel/App.vue';
import { ACTIVITY_REPORT_EVERY_MS, resetActivityReport } from '../../../components/common/activity';
import { VISIBILITY_HEARTBEAT_MS } from '../../../components/common/useVisibilityReport';
import MessageComposer from '../../../components/conversation/MessageComposer.vue';
import { getDb, resetDb } from '../../../lib/db';
import {
  conversation,
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
  resetActivityReport();
  pinia = createPinia();
  setActivePinia(pinia);
  sent = stubBackground();
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const activity = () => requestsOf(sent, 'agent.activity').length;

describe('activity reports (R2)', () => {
  it('R2: typing in the composer reports activity once per throttle window', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    wrapper = mount(MessageComposer, { props: { conversationId: 'c1' } });
    const composer = wrapper.find('[data-testid="composer"]');
    await composer.setValue('H');
    await composer.setValue('He');
    await composer.setValue('Hello');
    await flushPromises();
    expect(activity()).toBe(1);

    vi.setSystemTime(Date.now() + ACTIVITY_REPORT_EVERY_MS - 1);
    await composer.setValue('Hello there');
    await flushPromises();
    expect(activity()).toBe(1);

    vi.setSystemTime(Date.now() + 1);
    await composer.setValue('Hello there!');
    await flushPromises();
    expect(activity()).toBe(2);
  });

  it('R2: a side panel merely in view reports no activity', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('visible');
    await seedSession();
    await getDb().conversations.put(conversation('a'));
    wrapper = mount(PanelApp, { global: { plugins: [pinia] }, attachTo: document.body });
    await settle();
    vi.advanceTimersByTime(VISIBILITY_HEARTBEAT_MS * 4);
    document.dispatchEvent(new Event('visibilitychange'));
    await flushPromises();
    expect(requestsOf(sent, 'sidepanel.visibility').length).toBeGreaterThan(1);
    expect(activity()).toBe(0);
  });

  it('R2: selecting a conversation in the side panel reports activity', async () => {
    await seedSession();
    await getDb().conversations.bulkPut([
      conversation('a', { lastActivityAt: 2_000 }),
      conversation('b', { lastActivityAt: 1_000 }),
    ]);
    wrapper = mount(PanelApp, { global: { plugins: [pinia] }, attachTo: document.body });
    await settle();
    expect(activity()).toBe(0);
    const items = wrapper.findAll('[data-testid="conversation-item"]');
    await items[0]!.trigger('click');
    await items[1]!.trigger('click');
    await settle();
    expect(requestsOf(sent, 'conversation.open')).toHaveLength(2);
    expect(activity()).toBe(1); // throttled on the page
  });

  it('R2: opening the popup reports activity', async () => {
    await seedSession();
    wrapper = mount(PopupApp, { global: { plugins: [createPinia()] } });
    await settle();
    expect(activity()).toBe(1);
  });
});
