import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import App from '../../../entrypoints/sidepanel/App.vue';
import { getDb, resetDb } from '../../../lib/db';
import type { Agent } from '../../../protocol';
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

const GRACE: Agent = { ...AGENT, id: 'agent_2', email: 'grace@example.com', name: 'Grace Hopper' };

let pinia: Pinia;
let sent: SentRequest[];
let wrapper: VueWrapper | undefined;

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  pinia = createPinia();
  setActivePinia(pinia);
  // The background applies the assignment to the cache, as the outbox does.
  sent = stubBackground({
    'conversation.assign': async ({ conversationId, assigneeId }) => {
      await getDb().conversations.update(conversationId, { assigneeId });
      return { ok: true };
    },
  });
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

async function openConversation(assigneeId: string | null): Promise<VueWrapper> {
  await seedSession();
  await getDb().agents.put(GRACE);
  await getDb().customers.put(customer('cust_a', { name: 'Alice' }));
  await getDb().conversations.put(conversation('a', { customerId: 'cust_a', assigneeId }));
  wrapper = mount(App, { global: { plugins: [pinia] }, attachTo: document.body });
  await settle();
  await wrapper.find('[data-testid="conversation-item"]').trigger('click');
  await settle();
  return wrapper;
}

describe('assignment', () => {
  it('assigns an unassigned conversation to the signed-in agent, then offers to unassign', async () => {
    const panel = await openConversation(null);
    expect(panel.find('[data-testid="assignee"]').text()).toBe('Unassigned');
    expect(panel.find('[data-testid="assignee-chip"]').exists()).toBe(false);
    await panel.find('[data-testid="assign-me"]').trigger('click');
    await settle();
    expect(requestsOf(sent, 'conversation.assign')).toEqual([
      { conversationId: 'a', assigneeId: AGENT.id },
    ]);
    await vi.waitFor(() =>
      expect(panel.find('[data-testid="assignee"]').text()).toBe('Assigned to you'),
    );
    expect(panel.find('[data-testid="assign-me"]').exists()).toBe(false);
    expect(panel.find('[data-testid="assignee-chip"]').text()).toContain('You');
  });

  it('unassigns a conversation assigned to the signed-in agent', async () => {
    const panel = await openConversation(AGENT.id);
    await panel.find('[data-testid="unassign"]').trigger('click');
    await settle();
    expect(requestsOf(sent, 'conversation.assign')).toEqual([
      { conversationId: 'a', assigneeId: null },
    ]);
    await vi.waitFor(() =>
      expect(panel.find('[data-testid="assignee"]').text()).toBe('Unassigned'),
    );
  });

  it('names another agent’s assignment and lets the agent take it over', async () => {
    const panel = await openConversation(GRACE.id);
    expect(panel.find('[data-testid="assignee"]').text()).toBe('Assigned to Grace Hopper');
    const chip = panel.find('[data-testid="assignee-chip"]');
    expect(chip.attributes('title')).toBe('Assigned to Grace Hopper');
    expect(chip.find('[aria-hidden="true"]').text()).toBe('GH');
    expect(panel.find('[data-testid="unassign"]').exists()).toBe(false);
    await panel.find('[data-testid="assign-me"]').trigger('click');
    await settle();
    expect(requestsOf(sent, 'conversation.assign')).toEqual([
      { conversationId: 'a', assigneeId: AGENT.id },
    ]);
  });

  it('says why an assignment could not be queued', async () => {
    fakeBrowser.runtime.onMessage.removeAllListeners();
    stubBackground({
      'conversation.assign': () => ({ ok: false, code: 'forbidden', message: 'Not allowed.' }),
    });
    const panel = await openConversation(null);
    await panel.find('[data-testid="assign-me"]').trigger('click');
    await settle();
    expect(panel.find('[data-testid="assign-error"]').text()).toBe('Not allowed.');
    expect(panel.find('[data-testid="assignee"]').text()).toBe('Unassigned');
  });

  it('S9: shows a refused assignment of the open conversation, with Retry and Discard', async () => {
    const panel = await openConversation(null);
    expect(panel.find('[data-testid="write-failed"]').exists()).toBe(false);
    // another conversation's failure and failed messages are not shown here
    await getDb().outbox.bulkAdd([
      {
        kind: 'conversation.assign',
        conversationId: 'a',
        assigneeId: AGENT.id,
        clientId: 'cl-assign',
        status: 'failed',
        failure: 'Only admins can assign.',
        createdAt: 1,
      },
      {
        kind: 'conversation.read',
        conversationId: 'other',
        clientId: 'cl-read',
        status: 'failed',
        failure: 'Gone.',
        createdAt: 2,
      },
      {
        kind: 'message.send',
        conversationId: 'a',
        text: 'Hello',
        clientId: 'cl-send',
        status: 'failed',
        failure: 'Closed.',
        createdAt: 3,
      },
    ]);
    await vi.waitFor(() => expect(panel.findAll('[data-testid="write-failed"]')).toHaveLength(1));
    const notice = panel.find('[data-testid="write-failed"]');
    expect(notice.attributes('role')).toBe('alert');
    expect(notice.text()).toContain('Assigning failed: Only admins can assign.');
    await notice.find('[data-testid="write-retry"]').trigger('click');
    await settle();
    expect(requestsOf(sent, 'message.retry')).toEqual([{ clientId: 'cl-assign' }]);
    await notice.find('[data-testid="write-discard"]').trigger('click');
    await settle();
    expect(requestsOf(sent, 'message.discard')).toEqual([{ clientId: 'cl-assign' }]);
  });
});
