import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import MessageBubble from '../../../components/conversation/MessageBubble.vue';
import type { CachedMessage } from '../../../lib/db';
import { useDraftsStore } from '../../../stores/drafts';
import { message, requestsOf, settle, stubBackground } from './helpers';

beforeEach(() => {
  fakeBrowser.reset();
  setActivePinia(createPinia());
});

const own = (fields: Partial<CachedMessage>) =>
  message('m1', 'c1', {
    authorKind: 'agent',
    authorName: 'Ada Agent',
    text: 'Your parcel is on its way.',
    clientId: 'client-1',
    ...fields,
  });

function mountBubble(fields: Partial<CachedMessage>): VueWrapper {
  return mount(MessageBubble, { props: { message: own(fields) } });
}

describe('delivery state of the agent’s own messages', () => {
  it('marks a sent message and shows its time, nothing more', () => {
    const bubble = mountBubble({ delivery: 'sent' });
    const root = bubble.find('[data-testid="message"]');
    expect(root.attributes('data-delivery')).toBe('sent');
    expect(root.attributes('data-author-kind')).toBe('agent');
    expect(bubble.find('time').exists()).toBe(true);
    expect(bubble.text()).not.toContain('Sending');
    expect(bubble.find('[data-testid="retry"]').exists()).toBe(false);
  });

  it('shows a pending message as "Sending…" with its text', () => {
    const bubble = mountBubble({ delivery: 'pending' });
    expect(bubble.find('[data-testid="message"]').attributes('data-delivery')).toBe('pending');
    expect(bubble.find('[data-testid="sending"]').text()).toBe('Sending…');
    expect(bubble.find('[data-testid="message-text"]').text()).toBe('Your parcel is on its way.');
    expect(bubble.find('[data-testid="retry"]').exists()).toBe(false);
  });

  it('shows why a failed message was refused, as text', () => {
    const bubble = mountBubble({
      delivery: 'failed',
      failure: '<b>This conversation is closed.</b>',
    });
    expect(bubble.find('[data-testid="message"]').attributes('data-delivery')).toBe('failed');
    const reason = bubble.find('[data-testid="failure"]');
    expect(reason.text()).toContain('<b>This conversation is closed.</b>');
    expect(reason.find('b').exists()).toBe(false);
    expect(bubble.find('[data-testid="retry"]').text()).toBe('Retry');
    expect(bubble.find('[data-testid="discard"]').text()).toBe('Discard');
    expect(bubble.text()).not.toContain('Sending…');
  });

  it('retries a failed message with its client id', async () => {
    const sent = stubBackground();
    const bubble = mountBubble({ delivery: 'failed', failure: 'Refused.' });
    await bubble.find('[data-testid="retry"]').trigger('click');
    await settle();
    expect(requestsOf(sent, 'message.retry')).toEqual([{ clientId: 'client-1' }]);
    expect(requestsOf(sent, 'message.discard')).toEqual([]);
  });

  it('says why a retry could not be queued', async () => {
    stubBackground({
      'message.retry': () => ({ ok: false, code: 'internal', message: 'Storage is full.' }),
    });
    const bubble = mountBubble({ delivery: 'failed', failure: 'Refused.' });
    await bubble.find('[data-testid="retry"]').trigger('click');
    await settle();
    expect(bubble.find('[data-testid="delivery-error"]').text()).toBe('Storage is full.');
  });

  it('discards a failed message and puts its text back into an empty draft', async () => {
    const sent = stubBackground({
      'message.discard': () => ({ ok: true, text: 'Your parcel is on its way.' }),
    });
    const bubble = mountBubble({ delivery: 'failed', failure: 'Refused.' });
    await bubble.find('[data-testid="discard"]').trigger('click');
    await settle();
    expect(requestsOf(sent, 'message.discard')).toEqual([{ clientId: 'client-1' }]);
    expect(useDraftsStore().draftFor('c1')).toBe('Your parcel is on its way.');
  });

  it('leaves a draft the agent is writing alone when discarding', async () => {
    stubBackground({ 'message.discard': () => ({ ok: true, text: 'Old text' }) });
    useDraftsStore().setDraft('c1', 'Something new');
    const bubble = mountBubble({ delivery: 'failed', failure: 'Refused.' });
    await bubble.find('[data-testid="discard"]').trigger('click');
    await settle();
    expect(useDraftsStore().draftFor('c1')).toBe('Something new');
  });
});
