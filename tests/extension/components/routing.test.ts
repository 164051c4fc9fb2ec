import { mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import SlotsBadge from '../../../components/common/SlotsBadge.vue';
import ConversationActions from '../../../components/conversation/ConversationActions.vue';
import WriteFailure from '../../../components/conversation/WriteFailure.vue';
import { getDb, resetDb } from '../../../lib/db';
import type { Agent } from '../../../protocol';
import {
  AGENT,
  conversation,
  requestsOf,
  seedSession,
  settle,
  stubBackground,
  type SentRequest,
} from './helpers';

const agent = (id: string, name: string, fields: Partial<Agent> = {}): Agent => ({
  ...AGENT,
  id,
  email: `${id}@example.com`,
  name,
  role: 'agent',
  ...fields,
});
const BEA = agent('agent_bea', 'Bea', { status: 'away' });
const CID = agent('agent_cid', 'Cid', { status: 'offline' });
const DAN = agent('agent_dan', 'Dan', { capacity: 1 });
const EVE = agent('agent_eve', 'Eve', { capacity: 3 });

let sent: SentRequest[];
let wrapper: VueWrapper | undefined;

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  sent = stubBackground({});
  await seedSession();
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

describe('SlotsBadge (R5)', () => {
  it('R5: shows open conversations assigned to me of my chat slots, live', async () => {
    const db = getDb();
    await db.agents.put({ ...AGENT, capacity: 4 });
    await db.conversations.bulkPut([
      conversation('a', { assigneeId: AGENT.id }),
      conversation('b', { assigneeId: AGENT.id }),
      conversation('c', { assigneeId: AGENT.id, status: 'closed' }),
      conversation('d', { assigneeId: 'someone_else' }),
    ]);
    wrapper = mount(SlotsBadge, { props: { agentId: AGENT.id } });
    await settle();
    expect(wrapper.get('[data-testid="slots-badge"]').text()).toBe('2 of 4 slots');
    await db.conversations.put(conversation('e', { assigneeId: AGENT.id }));
    await db.conversations.put(conversation('f', { assigneeId: AGENT.id }));
    await vi.waitFor(() =>
      expect(wrapper!.get('[data-testid="slots-badge"]').text()).toBe('4 of 4 slots'),
    );
    expect(wrapper.get('[data-testid="slots-badge"]').classes()).toContain('full');
  });

  it('R5: counts 4 slots for an agent cached before capacity was synced, and 1 slot in the singular', async () => {
    wrapper = mount(SlotsBadge, { props: { agentId: AGENT.id } });
    await settle();
    expect(wrapper.get('[data-testid="slots-badge"]').text()).toBe('0 of 4 slots');
    await getDb().agents.put({ ...AGENT, capacity: 1 });
    await vi.waitFor(() =>
      expect(wrapper!.get('[data-testid="slots-badge"]').text()).toBe('0 of 1 slot'),
    );
  });
});

describe('ConversationActions (R4–R6)', () => {
  async function mountActions(fields: Parameters<typeof conversation>[1]): Promise<VueWrapper> {
    const db = getDb();
    await db.agents.bulkPut([BEA, CID, DAN, EVE]);
    await db.conversations.bulkPut([
      conversation('held_by_dan', { assigneeId: DAN.id }),
      conversation('mine', { assigneeId: AGENT.id, ...fields }),
    ]);
    wrapper = mount(ConversationActions, {
      props: { conversation: (await db.conversations.get('mine'))!, agentId: AGENT.id },
    });
    await settle();
    return wrapper;
  }

  it('R6: lists agents with status and free slots; offline, away and full ones are disabled with the reason', async () => {
    const view = await mountActions({});
    await view.get('[data-testid="transfer-open"]').trigger('click');
    await settle();
    const targets = view.findAll('[data-testid="transfer-target"]');
    const byName = Object.fromEntries(targets.map((t) => [t.find('.name').text(), t]));
    expect(Object.keys(byName)).toEqual(['Bea', 'Cid', 'Dan', 'Eve']);
    expect(byName.Bea!.text()).toContain('away · 4 free — away');
    expect(byName.Cid!.text()).toContain('offline');
    expect(byName.Dan!.text()).toContain('online · 0 free — no free slot');
    expect(byName.Eve!.text()).toContain('online · 3 free');
    expect(targets.filter((t) => t.attributes('disabled') !== undefined)).toHaveLength(3);

    await byName.Eve!.trigger('click');
    await settle();
    expect(requestsOf(sent, 'conversation.transfer')).toEqual([
      { conversationId: 'mine', toAgentId: EVE.id },
    ]);
  });

  it('R4: closes an open conversation and reopens a closed one', async () => {
    const open = await mountActions({});
    expect(open.find('[data-testid="reopen-conversation"]').exists()).toBe(false);
    await open.get('[data-testid="close-conversation"]').trigger('click');
    await settle();
    expect(requestsOf(sent, 'conversation.close')).toEqual([{ conversationId: 'mine' }]);
    open.unmount();

    const closed = await mountActions({ status: 'closed' });
    expect(closed.find('[data-testid="close-conversation"]').exists()).toBe(false);
    expect(closed.find('[data-testid="transfer-open"]').exists()).toBe(false);
    await closed.get('[data-testid="reopen-conversation"]').trigger('click');
    await settle();
    expect(requestsOf(sent, 'conversation.reopen')).toEqual([{ conversationId: 'mine' }]);
  });

  it('R6: a transfer the server refused shows with its reason', () => {
    const failure = mount(WriteFailure, {
      props: {
        entry: {
          kind: 'conversation.transfer',
          conversationId: 'mine',
          toAgentId: DAN.id,
          clientId: 'c1',
          status: 'failed',
          createdAt: 1,
          failure: 'Dan has no free chat slot, so the conversation was not transferred.',
        },
      },
    });
    expect(failure.text()).toContain('Transfer refused: Dan has no free chat slot');
    failure.unmount();
  });
});
