import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import MessageComposer from '../../../components/conversation/MessageComposer.vue';
import type { Failure } from '../../../lib/messages';
import { MAX_MESSAGE_LENGTH } from '../../../protocol/version';
import { useDraftsStore } from '../../../stores/drafts';
import { requestsOf, stubBackground } from './helpers';

beforeEach(() => {
  fakeBrowser.reset();
  setActivePinia(createPinia());
});

function mountComposer(conversationId = 'c1'): VueWrapper {
  return mount(MessageComposer, { props: { conversationId } });
}

function textarea(wrapper: VueWrapper): HTMLTextAreaElement {
  return wrapper.find('[data-testid="composer"]').element as HTMLTextAreaElement;
}

// The background queues the message in the outbox and answers at once with its client id.
const sentOk = (data: { conversationId: string; clientId: string; text: string }) => ({
  ok: true as const,
  clientId: data.clientId,
});

describe('MessageComposer', () => {
  it('sends on Enter with a fresh client id and clears the draft', async () => {
    const sent = stubBackground({ 'message.send': sentOk });
    const wrapper = mountComposer();
    await wrapper.find('[data-testid="composer"]').setValue('  Hello there  ');
    await wrapper.find('[data-testid="composer"]').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    const [request] = requestsOf(sent, 'message.send') as {
      conversationId: string;
      clientId: string;
      text: string;
    }[];
    expect(request).toMatchObject({ conversationId: 'c1', text: 'Hello there' });
    expect(request!.clientId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(textarea(wrapper).value).toBe('');
    expect(useDraftsStore().draftFor('c1')).toBe('');
  });

  it('does not send on Shift+Enter or while an IME composes', async () => {
    const sent = stubBackground({ 'message.send': sentOk });
    const wrapper = mountComposer();
    await wrapper.find('[data-testid="composer"]').setValue('line one');
    await wrapper.find('[data-testid="composer"]').trigger('keydown', {
      key: 'Enter',
      shiftKey: true,
    });
    await wrapper.find('[data-testid="composer"]').trigger('keydown', {
      key: 'Enter',
      isComposing: true,
    });
    await flushPromises();
    expect(requestsOf(sent, 'message.send')).toEqual([]);
    expect(textarea(wrapper).value).toBe('line one');
  });

  it('does not send an empty message', async () => {
    const sent = stubBackground({ 'message.send': sentOk });
    const wrapper = mountComposer();
    await wrapper.find('[data-testid="composer"]').setValue('   ');
    await wrapper.find('[data-testid="composer"]').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(requestsOf(sent, 'message.send')).toEqual([]);
    expect(wrapper.find('[data-testid="send"]').attributes('disabled')).toBeDefined();
  });

  it('disables the send button while sending', async () => {
    let answer: (value: ReturnType<typeof sentOk>) => void = () => {};
    stubBackground({
      'message.send': (data) =>
        new Promise((resolve) => {
          answer = () => resolve(sentOk(data));
        }),
    });
    const wrapper = mountComposer();
    await wrapper.find('[data-testid="composer"]').setValue('Hello');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="send"]').attributes('disabled')).toBeDefined();
    answer(sentOk({ conversationId: 'c1', clientId: 'x', text: 'Hello' }));
    await flushPromises();
    expect(textarea(wrapper).value).toBe('');
  });

  it('keeps the draft and shows the failure when sending fails', async () => {
    const failure: Failure = {
      ok: false,
      code: 'conversation_closed',
      message: 'This conversation is closed. Reopen it to reply.',
    };
    stubBackground({ 'message.send': () => failure });
    const wrapper = mountComposer();
    await wrapper.find('[data-testid="composer"]').setValue('Are you still there?');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const error = wrapper.find('[data-testid="send-error"]');
    expect(error.text()).toBe(failure.message);
    expect(error.attributes('role')).toBe('alert');
    expect(textarea(wrapper).value).toBe('Are you still there?');
    expect(useDraftsStore().draftFor('c1')).toBe('Are you still there?');
  });

  it('shows a failure when the background does not answer', async () => {
    const wrapper = mountComposer();
    await wrapper.find('[data-testid="composer"]').setValue('Hello');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="send-error"]').text()).toMatch(/not answering/);
    expect(textarea(wrapper).value).toBe('Hello');
  });

  it('refuses text longer than MAX_MESSAGE_LENGTH and says so', async () => {
    const sent = stubBackground({ 'message.send': sentOk });
    const wrapper = mountComposer();
    await wrapper.find('[data-testid="composer"]').setValue('x'.repeat(MAX_MESSAGE_LENGTH + 1));
    await wrapper.find('[data-testid="composer"]').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(requestsOf(sent, 'message.send')).toEqual([]);
    expect(wrapper.find('[data-testid="char-count"]').text()).toContain(
      `${MAX_MESSAGE_LENGTH + 1} / ${MAX_MESSAGE_LENGTH}`,
    );
    expect(wrapper.find('[data-testid="send"]').attributes('disabled')).toBeDefined();
  });
});
