import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import PanelApp from '../../../entrypoints/sidepanel/App.vue';
import ConversationListItem from '../../../components/conversation/ConversationListItem.vue';
import { getDb, resetDb } from '../../../lib/db';
import { AGENT, conversation, seedSession, settle, stubBackground } from './helpers';

let pinia: Pinia;
let wrapper: VueWrapper | undefined;

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  pinia = createPinia();
  setActivePinia(pinia);
  stubBackground();
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

function item(fields: Parameters<typeof conversation>[1]): VueWrapper {
  wrapper?.unmount();
  wrapper = mount(ConversationListItem, {
    props: {
      conversation: conversation('q', fields),
      customer: undefined,
      assignee: undefined,
      agentId: AGENT.id,
      selected: false,
      now: Date.now(),
    },
  });
  return wrapper;
}

const marker = (view: VueWrapper) => view.find('[data-testid="queued-marker"]');

describe('queued conversations in the list (R3)', () => {
  it('R3: marks an open, unassigned, queued conversation as waiting in line', () => {
    const view = item({ queued: true, assigneeId: null });
    expect(marker(view).text()).toBe('Waiting in line');
    expect(view.get('[data-testid="conversation-item"]').classes()).toContain('waiting');
  });

  it('R3: no marker once assigned or closed, nor from servers without routing', () => {
    expect(marker(item({ queued: false, assigneeId: AGENT.id })).exists()).toBe(false);
    expect(marker(item({ queued: true, status: 'closed' })).exists()).toBe(false);
    expect(marker(item({ queued: true, assigneeId: 'agent_bea' })).exists()).toBe(false);
    expect(marker(item({ assigneeId: null })).exists()).toBe(false); // `queued` absent
  });

  it('R3: every agent sees queued conversations in the side panel, by latest activity', async () => {
    await seedSession();
    await getDb().conversations.bulkPut([
      conversation('mine', { assigneeId: AGENT.id, lastActivityAt: 3_000 }),
      conversation('waiting', { queued: true, assigneeId: null, lastActivityAt: 2_000 }),
      conversation('other', { assigneeId: 'agent_bea', lastActivityAt: 1_000 }),
    ]);
    wrapper = mount(PanelApp, { global: { plugins: [pinia] }, attachTo: document.body });
    await settle();
    const items = wrapper.findAll('[data-testid="conversation-item"]');
    expect(items.map((i) => i.attributes('data-conversation-id'))).toEqual([
      'mine',
      'waiting',
      'other',
    ]);
    expect(items.map((i) => i.find('[data-testid="queued-marker"]').exists())).toEqual([
      false,
      true,
      false,
    ]);

    // Taken by an agent: the marker goes.
    await getDb().conversations.update('waiting', { queued: false, assigneeId: 'agent_bea' });
    await settle();
    expect(
      wrapper.find('[data-conversation-id="waiting"] [data-testid="queued-marker"]').exists(),
    ).toBe(false);
  });
});
