import { flushPromises, mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import ConversationView from '../../../components/conversation/ConversationView.vue';
import MessageComposer from '../../../components/conversation/MessageComposer.vue';
import { getDb, resetDb } from '../../../lib/db';
import type { Macro } from '../../../protocol/macros';
import { useDraftsStore } from '../../../stores/drafts';
import {
  AGENT,
  conversation,
  customer,
  requestsOf,
  seedSession,
  settle,
  stubBackground,
  type SentRequest,
  macro,
} from './helpers';

const MACROS: Macro[] = [
  macro('m_refund', 'refund', {
    title: 'Refund issued',
    body: 'Hi {{customer.first_name | "there"}}, your refund is on its way.{{cursor}} — {{agent.first_name}}',
    usageCount: 5,
  }),
  macro('m_refer', 'refer', { title: 'Refer a friend', body: 'Share your code!', usageCount: 9 }),
  macro('m_order', 'order-status', {
    title: 'Order status',
    body: 'Order {{ask "Order number"}} ships today.',
    usageCount: 1,
  }),
  macro('m_hello', 'hello', {
    title: 'Greeting',
    body: 'Hello {{customer.first_name}}!\nHow can I help?',
    usageCount: 20,
  }),
];

const CONVERSATION = conversation('c1');
const CUSTOMER = customer('cust_c1', { name: 'Grace Hopper', email: 'grace@example.com' });

let sent: SentRequest[];
let wrapper: VueWrapper | undefined;

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  setActivePinia(createPinia());
  sent = stubBackground({
    'message.send': (data) => ({ ok: true as const, clientId: data.clientId }),
  });
  await seedSession();
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

async function mountComposer(macros: Macro[] = MACROS): Promise<VueWrapper> {
  await getDb().macros.bulkPut(macros);
  wrapper = mount(MessageComposer, {
    props: { conversationId: 'c1', conversation: CONVERSATION, customer: CUSTOMER, agent: AGENT },
    attachTo: document.body,
  });
  await settle();
  return wrapper;
}

const composer = (w: VueWrapper): DOMWrapper<HTMLTextAreaElement> =>
  w.find<HTMLTextAreaElement>('[data-testid="composer"]');
const shortcuts = (w: VueWrapper): (string | undefined)[] =>
  w.findAll('[data-testid="macro-option"]').map((o) => o.attributes('data-shortcut'));
const suggestions = (w: VueWrapper) => w.find('[data-testid="macro-suggestions"]');

async function press(target: DOMWrapper<Element>, key: string, init: object = {}): Promise<void> {
  await target.trigger('keydown', { key, ...init });
  await flushPromises();
}

describe('macro suggestions in the composer', () => {
  it('opens on "/" and shows ranked options as the shortcut is typed', async () => {
    const w = await mountComposer();
    await composer(w).setValue('Sure, /ref');
    expect(suggestions(w).exists()).toBe(true);
    expect(shortcuts(w)).toEqual(['refer', 'refund']);
    const textarea = composer(w);
    const listbox = w.find('[role="listbox"]');
    expect(textarea.attributes('aria-expanded')).toBe('true');
    expect(textarea.attributes('aria-controls')).toBe(listbox.attributes('id'));
    const options = w.findAll('[role="option"]');
    expect(options[0]!.attributes('aria-selected')).toBe('true');
    expect(textarea.attributes('aria-activedescendant')).toBe(options[0]!.attributes('id'));

    await press(textarea, 'ArrowDown');
    expect(w.findAll('[role="option"]')[1]!.attributes('aria-selected')).toBe('true');
    expect(textarea.attributes('aria-activedescendant')).toBe(options[1]!.attributes('id'));
    await press(textarea, 'ArrowUp');
    expect(w.findAll('[role="option"]')[0]!.attributes('aria-selected')).toBe('true');
  });

  it('opens on ";" too, but not in the middle of a word', async () => {
    const w = await mountComposer();
    await composer(w).setValue(';hel');
    expect(shortcuts(w)[0]).toBe('hello');
    await composer(w).setValue('and/or');
    expect(suggestions(w).exists()).toBe(false);
    expect(composer(w).attributes('aria-expanded')).toBe('false');
  });

  it('Tab inserts the rendered body, caret at {{cursor}}, and counts the use', async () => {
    const w = await mountComposer();
    await composer(w).setValue('Thanks! /refund');
    await press(composer(w), 'Tab');
    const textarea = composer(w).element;
    expect(textarea.value).toBe('Thanks! Hi Grace, your refund is on its way. — Ada');
    const caret = 'Thanks! Hi Grace, your refund is on its way.'.length;
    expect([textarea.selectionStart, textarea.selectionEnd]).toEqual([caret, caret]);
    expect(document.activeElement).toBe(textarea);
    expect(useDraftsStore().draftFor('c1')).toBe(textarea.value);
    expect(suggestions(w).exists()).toBe(false);
    expect(requestsOf(sent, 'macro.used')).toEqual([{ macroId: 'm_refund' }]);
  });

  it('Enter inserts the selected macro and does not send while the list is open', async () => {
    const w = await mountComposer();
    await composer(w).setValue('/hel');
    await press(composer(w), 'Enter');
    expect(composer(w).element.value).toBe('Hello Grace!\nHow can I help?');
    expect(composer(w).element.selectionStart).toBe(composer(w).element.value.length);
    expect(requestsOf(sent, 'message.send')).toEqual([]);
    // The list is closed now: Enter sends.
    await press(composer(w), 'Enter');
    expect(requestsOf(sent, 'message.send')).toMatchObject([
      { text: 'Hello Grace!\nHow can I help?' },
    ]);
  });

  it('Escape closes the list and keeps the text; it stays closed while typing on', async () => {
    const w = await mountComposer();
    await composer(w).setValue('/ref');
    await press(composer(w), 'Escape');
    expect(suggestions(w).exists()).toBe(false);
    expect(composer(w).element.value).toBe('/ref');
    await composer(w).setValue('/refu');
    expect(suggestions(w).exists()).toBe(false);
    expect(requestsOf(sent, 'macro.used')).toEqual([]);
  });

  it('a space or deleting the trigger closes the list', async () => {
    const w = await mountComposer();
    await composer(w).setValue('/ref');
    await composer(w).setValue('/ref ');
    expect(suggestions(w).exists()).toBe(false);
    await composer(w).setValue('/r');
    expect(suggestions(w).exists()).toBe(true);
    await composer(w).setValue('');
    expect(suggestions(w).exists()).toBe(false);
  });

  it('says how to add macros when there are none, and Enter still sends', async () => {
    const w = await mountComposer([]);
    await composer(w).setValue('/');
    expect(suggestions(w).text()).toContain('No macros yet.');
    expect(shortcuts(w)).toEqual([]);
    await press(composer(w), 'Enter');
    expect(requestsOf(sent, 'message.send')).toMatchObject([{ text: '/' }]);
  });
});

describe('fill-in prompts', () => {
  it('asks for {{ask}} answers before inserting', async () => {
    const w = await mountComposer();
    await composer(w).setValue('/order');
    await press(composer(w), 'Tab');
    const form = w.find('[data-testid="macro-prompt-form"]');
    expect(form.exists()).toBe(true);
    expect(form.find('label').text()).toContain('Order number');
    const input = form.find<HTMLInputElement>('input');
    expect(document.activeElement).toBe(input.element);
    expect(composer(w).element.value).toBe('/order');
    await input.setValue('A-1234');
    await press(input, 'Enter');
    expect(w.find('[data-testid="macro-prompt-form"]').exists()).toBe(false);
    expect(composer(w).element.value).toBe('Order A-1234 ships today.');
    expect(requestsOf(sent, 'macro.used')).toEqual([{ macroId: 'm_order' }]);
    expect(requestsOf(sent, 'message.send')).toEqual([]);
  });

  it('Escape in the form inserts nothing and keeps the shortcut text', async () => {
    const w = await mountComposer();
    await composer(w).setValue('/order');
    await press(composer(w), 'Enter');
    const input = w.find('[data-testid="macro-prompt-form"] input');
    await input.setValue('A-1');
    await press(input, 'Escape');
    expect(w.find('[data-testid="macro-prompt-form"]').exists()).toBe(false);
    expect(composer(w).element.value).toBe('/order');
    expect(document.activeElement).toBe(composer(w).element);
    expect(requestsOf(sent, 'macro.used')).toEqual([]);
  });
});

describe('macro palette', () => {
  it('Ctrl+K opens it with focus in the search, most used first', async () => {
    const w = await mountComposer();
    await press(composer(w), 'k', { ctrlKey: true });
    const palette = w.find('[data-testid="macro-palette"]');
    expect(palette.attributes('role')).toBe('dialog');
    expect(palette.attributes('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(w.find('[data-testid="macro-palette-input"]').element);
    expect(shortcuts(w)).toEqual(['hello', 'refer', 'refund', 'order-status']);
    expect(palette.text()).toContain('Greeting');
    expect(palette.text()).toContain('Hello {{customer.first_name}}! How can I help?');
  });

  it('filters as you type and inserts at the caret on Enter', async () => {
    const w = await mountComposer();
    await composer(w).setValue('Sure. ');
    await press(composer(w), 'k', { ctrlKey: true });
    const input = w.find('[data-testid="macro-palette-input"]');
    await input.setValue('refund');
    expect(shortcuts(w)[0]).toBe('refund');
    await press(input, 'Enter');
    expect(w.find('[data-testid="macro-palette"]').exists()).toBe(false);
    expect(composer(w).element.value).toBe('Sure. Hi Grace, your refund is on its way. — Ada');
    expect(composer(w).element.selectionStart).toBe(
      'Sure. Hi Grace, your refund is on its way.'.length,
    );
    expect(requestsOf(sent, 'macro.used')).toEqual([{ macroId: 'm_refund' }]);
    expect(requestsOf(sent, 'message.send')).toEqual([]);
  });

  it('Down moves the selection; Escape closes and returns focus to the composer', async () => {
    const w = await mountComposer();
    await composer(w).setValue('Hi');
    await press(composer(w), 'k', { ctrlKey: true });
    const input = w.find('[data-testid="macro-palette-input"]');
    await press(input, 'ArrowDown');
    expect(w.findAll('[role="option"]')[1]!.attributes('aria-selected')).toBe('true');
    await press(input, 'Escape');
    expect(w.find('[data-testid="macro-palette"]').exists()).toBe(false);
    expect(document.activeElement).toBe(composer(w).element);
    expect(composer(w).element.value).toBe('Hi');
  });
});

describe('macros in the conversation view', () => {
  it("renders with the conversation's customer and the signed-in agent", async () => {
    await getDb().conversations.put(CONVERSATION);
    await getDb().customers.put(CUSTOMER);
    await getDb().macros.bulkPut(MACROS);
    wrapper = mount(ConversationView, {
      props: { conversationId: 'c1', agentId: AGENT.id },
      attachTo: document.body,
    });
    await settle();
    await composer(wrapper).setValue('/refund');
    await press(composer(wrapper), 'Tab');
    expect(composer(wrapper).element.value).toBe('Hi Grace, your refund is on its way. — Ada');
  });
});
