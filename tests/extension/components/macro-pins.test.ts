import { flushPromises, mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import MessageComposer from '../../../components/conversation/MessageComposer.vue';
import App from '../../../entrypoints/options/App.vue';
import { getDb, resetDb } from '../../../lib/db';
import type { Failure } from '../../../lib/messages';
import type { Macro, MacroPin } from '../../../protocol/macros';
import {
  AGENT,
  WORKSPACE,
  conversation,
  customer,
  requestsOf,
  seedSession,
  settle,
  stubBackground,
  type SentRequest,
  macro,
} from './helpers';

// Pinned macros (SPEC S16): Alt+1…9 in the side panel composer, "Alt+N" hints, and the options
// page's "Pin to Alt+N" menus.

const MACROS: Macro[] = [
  macro('m_refund', 'refund', {
    title: 'Refund issued',
    body: 'Hi {{customer.first_name | "there"}}, your refund is on its way.{{cursor}} — {{agent.first_name}}',
  }),
  macro('m_order', 'order', { title: 'Order status', body: 'Order {{ask "Order number"}} ships.' }),
  macro('m_hello', 'hello', { title: 'Greeting', body: 'Hello!', usageCount: 3 }),
];

async function putPins(pins: MacroPin[]): Promise<void> {
  await getDb().macroPins.put({ id: AGENT.id, workspaceId: WORKSPACE, pins, updatedAt: 1 });
}

let sent: SentRequest[];
let wrapper: VueWrapper | undefined;

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  setActivePinia(createPinia());
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

async function press(target: DOMWrapper<Element>, key: string, init: object = {}): Promise<void> {
  await target.trigger('keydown', { key, ...init });
  await flushPromises();
}

describe('pinned macros in the composer', () => {
  async function mountComposer(): Promise<VueWrapper> {
    sent = stubBackground();
    await seedSession();
    await getDb().macros.bulkPut(MACROS);
    await putPins([
      { slot: 1, macroId: 'm_refund' },
      { slot: 3, macroId: 'm_order' },
      { slot: 9, macroId: 'm_gone' }, // not cached (deleted meanwhile): ignored
    ]);
    wrapper = mount(MessageComposer, {
      props: {
        conversationId: 'c1',
        conversation: conversation('c1'),
        customer: customer('cust_c1', { name: 'Grace Hopper' }),
        agent: AGENT,
      },
      attachTo: document.body,
    });
    await settle();
    return wrapper;
  }
  const composer = (w: VueWrapper) => w.find<HTMLTextAreaElement>('[data-testid="composer"]');

  it('S16: Alt+1 inserts the pinned macro at the caret, rendered, caret at {{cursor}}, use counted', async () => {
    const w = await mountComposer();
    await composer(w).setValue('Thanks! ');
    composer(w).element.setSelectionRange(8, 8);
    await press(composer(w), '1', { altKey: true, code: 'Digit1' });
    const text = 'Thanks! Hi Grace, your refund is on its way. — Ada';
    expect(composer(w).element.value).toBe(text);
    const caret = 'Thanks! Hi Grace, your refund is on its way.'.length;
    expect(composer(w).element.selectionStart).toBe(caret);
    expect(requestsOf(sent, 'macro.used')).toEqual([{ macroId: 'm_refund' }]);
    expect(requestsOf(sent, 'message.send')).toEqual([]);
  });

  it('S16: Alt+3 on a macro with a fill-in prompt asks first, like the palette', async () => {
    const w = await mountComposer();
    // Option+3 on a Mac types "£": the key code decides.
    await press(composer(w), '£', { altKey: true, code: 'Digit3' });
    const input = w.find<HTMLInputElement>('[data-testid="macro-prompt-form"] input');
    expect(input.exists()).toBe(true);
    await input.setValue('A-7');
    await press(input, 'Enter');
    expect(composer(w).element.value).toBe('Order A-7 ships.');
    expect(requestsOf(sent, 'macro.used')).toEqual([{ macroId: 'm_order' }]);
  });

  it('S16: a slot without a pin (or with a macro no longer cached) does nothing', async () => {
    const w = await mountComposer();
    await composer(w).setValue('Hi');
    for (const code of ['Digit2', 'Digit9']) {
      await press(composer(w), code.slice(-1), { altKey: true, code });
    }
    await press(composer(w), '1', { altKey: true, ctrlKey: true, code: 'Digit1' });
    expect(composer(w).element.value).toBe('Hi');
    expect(requestsOf(sent, 'macro.used')).toEqual([]);
  });

  it('S16: suggestions and the palette show each pinned macro’s Alt+N', async () => {
    const w = await mountComposer();
    await composer(w).setValue('/refu');
    const hints = () =>
      w
        .findAll('[data-testid="macro-option"]')
        .map((o) => [
          o.attributes('data-shortcut'),
          o.find('[data-testid="macro-pin-hint"]').exists()
            ? o.find('[data-testid="macro-pin-hint"]').text()
            : null,
        ]);
    expect(hints()).toEqual([['refund', 'Alt+1']]);
    await composer(w).setValue('');
    await press(composer(w), 'k', { ctrlKey: true });
    expect(hints()).toEqual([
      ['hello', null],
      ['order', 'Alt+3'],
      ['refund', 'Alt+1'],
    ]);
  });
});

describe('pin menus in the options page', () => {
  async function mountOptions(answer?: () => Failure): Promise<VueWrapper> {
    sent = stubBackground(answer ? { 'macros.pin': answer } : {});
    await seedSession();
    await getDb().macros.bulkPut(MACROS);
    await putPins([{ slot: 2, macroId: 'm_hello' }]);
    wrapper = mount(App, { global: { plugins: [createPinia()] }, attachTo: document.body });
    await settle();
    return wrapper;
  }
  const row = (w: VueWrapper, id: string) => w.find(`[data-macro-id="${id}"]`);
  const menu = (w: VueWrapper, id: string) =>
    row(w, id).find<HTMLSelectElement>('[data-testid="macro-pin"]');

  it('S16: each row has a "Pin to Alt+N" menu showing its slot and who holds the others', async () => {
    const w = await mountOptions();
    expect(menu(w, 'm_hello').element.value).toBe('2');
    expect(menu(w, 'm_refund').element.value).toBe('');
    const labels = menu(w, 'm_refund')
      .findAll('option')
      .map((o) => o.text());
    expect(labels.slice(0, 4)).toEqual([
      'Not pinned',
      'Pin to Alt+1',
      'Pin to Alt+2 (now ;hello)',
      'Pin to Alt+3',
    ]);
    expect(labels).toHaveLength(10);
    expect(menu(w, 'm_hello').findAll('option')[2]!.text()).toBe('Pin to Alt+2');
  });

  it('S16: choosing a slot asks the background to pin; "Not pinned" unpins', async () => {
    const w = await mountOptions();
    await menu(w, 'm_refund').setValue('5');
    await flushPromises();
    await menu(w, 'm_hello').setValue('');
    await flushPromises();
    expect(requestsOf(sent, 'macros.pin')).toEqual([
      { macroId: 'm_refund', slot: 5 },
      { macroId: 'm_hello', slot: null },
    ]);
    // The synced pins arrive in the cache: the menus follow.
    await putPins([{ slot: 5, macroId: 'm_refund' }]);
    await settle();
    expect(menu(w, 'm_refund').element.value).toBe('5');
    expect(menu(w, 'm_hello').element.value).toBe('');
  });

  it('S16: a refused pin says why and the menu goes back', async () => {
    const w = await mountOptions(() => ({
      ok: false,
      code: 'network',
      message: "Can't reach the Rapport server. Try again when you are online.",
    }));
    await menu(w, 'm_hello').setValue('7');
    await settle();
    expect(row(w, 'm_hello').find('[data-testid="macro-pin-error"]').text()).toContain(
      "Can't reach the Rapport server",
    );
    expect(menu(w, 'm_hello').element.value).toBe('2');
  });

  it('S14: the list follows the cache: a team macro changed by an admin elsewhere shows at once', async () => {
    const w = await mountOptions();
    // What the background does when the change arrives over sync.
    await getDb().macros.put({ ...MACROS[0]!, title: 'Refund sent', usageCount: 7 });
    await getDb().macros.delete('m_order');
    await settle();
    const titles = w.findAll('[data-testid="macro-title-text"]').map((t) => t.text());
    expect(titles).toEqual(['Refund sent', 'Greeting']); // most used first
  });
});
