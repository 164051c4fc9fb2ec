import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import MessageBubble from '../../../components/conversation/MessageBubble.vue';
import MessageText from '../../../components/conversation/MessageText.vue';
import { message } from './helpers';

describe('MessageText', () => {
  it('renders markup as text, never as HTML', () => {
    const text = '<img src=x onerror=alert(1)> <b>bold</b>';
    const wrapper = mount(MessageText, { props: { text } });
    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.find('b').exists()).toBe(false);
    expect(wrapper.find('[data-testid="message-text"]').text()).toBe(text);
  });

  it('links http(s) addresses safely and leaves javascript: as text', () => {
    const wrapper = mount(MessageText, {
      props: { text: 'See https://example.com/a?b=1. Or javascript:alert(1) or www.shop.test' },
    });
    const links = wrapper.findAll('a');
    expect(links.map((a) => a.attributes('href'))).toEqual([
      'https://example.com/a?b=1',
      'https://www.shop.test/',
    ]);
    for (const link of links) {
      expect(link.attributes('target')).toBe('_blank');
      expect(link.attributes('rel')).toBe('noopener noreferrer nofollow');
    }
    expect(wrapper.text()).toBe(
      'See https://example.com/a?b=1. Or javascript:alert(1) or www.shop.test',
    );
    expect(wrapper.html()).not.toContain('href="javascript');
  });

  it('keeps line breaks of the message', () => {
    const wrapper = mount(MessageText, { props: { text: 'one\ntwo' } });
    expect(wrapper.element.textContent).toBe('one\ntwo');
  });
});

describe('MessageBubble', () => {
  it('marks the author kind and names the agent', () => {
    const wrapper = mount(MessageBubble, {
      props: { message: message('m1', 'c1', { authorKind: 'agent', authorName: 'Ada' }) },
    });
    const bubble = wrapper.find('[data-testid="message"]');
    expect(bubble.attributes('data-author-kind')).toBe('agent');
    expect(bubble.text()).toContain('Ada');
  });
});
