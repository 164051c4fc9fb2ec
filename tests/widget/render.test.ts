import { describe, expect, it, vi } from 'vitest';
import { renderBubble, renderText } from '../../widget/frame/bubble';
import type { ChatEntry } from '../../widget/frame/conversation';

function entry(overrides: Partial<ChatEntry> = {}): ChatEntry {
  return {
    clientId: 'c1',
    id: 'm1',
    authorKind: 'agent',
    authorName: 'Dana',
    text: 'hello',
    createdAt: 1_700_000_000_000,
    status: 'sent',
    error: null,
    ...overrides,
  };
}

function container(node: Node): HTMLElement {
  const div = document.createElement('div');
  div.append(node);
  return div;
}

describe('message rendering', () => {
  it('puts HTML in message text as text: no element is created', () => {
    const text = '<img src=x onerror=alert(1)><script>alert(2)</script><b>bold</b>';
    const div = container(renderText(document, text));
    expect(div.querySelector('img, script, b')).toBeNull();
    expect(div.children).toHaveLength(0);
    expect(div.textContent).toBe(text);
  });

  it('keeps HTML in author names as text too', () => {
    const bubble = renderBubble(
      document,
      entry({ authorName: '<img src=x onerror=alert(1)>' }),
      () => {},
    );
    expect(bubble.querySelector('img')).toBeNull();
    expect(bubble.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('makes http(s) links clickable, opening in a new tab without opener or referrer', () => {
    const div = container(
      renderText(document, 'Track it at https://shop.example/orders/42. Or www.example.com'),
    );
    const links = Array.from(div.querySelectorAll('a'));
    expect(links.map((link) => link.href)).toEqual([
      'https://shop.example/orders/42',
      'https://www.example.com/',
    ]);
    for (const link of links) {
      expect(link.target).toBe('_blank');
      expect(link.rel).toBe('noopener noreferrer nofollow');
    }
    expect(div.textContent).toBe('Track it at https://shop.example/orders/42. Or www.example.com');
  });

  it('never links other schemes', () => {
    const text =
      'javascript:alert(1) data:text/html,<b>x</b> vbscript:x <a href="javascript:alert(1)">x</a>';
    const div = container(renderText(document, text));
    expect(div.querySelector('a')).toBeNull();
    expect(div.textContent).toBe(text);
  });

  it('marks bubbles with author kind, status, and the text inside message-text', () => {
    const bubble = renderBubble(
      document,
      entry({ authorKind: 'customer', authorName: null, status: 'pending' }),
      () => {},
    );
    expect(bubble.dataset.testid).toBe('message');
    expect(bubble.dataset.authorKind).toBe('customer');
    expect(bubble.dataset.status).toBe('pending');
    expect(bubble.querySelector('[data-testid="message-text"]')?.textContent).toBe('hello');
  });

  it('shows the agent name on agent messages', () => {
    const bubble = renderBubble(document, entry(), () => {});
    expect(bubble.querySelector('.rw-message__author')?.textContent).toBe('Dana');
  });

  it('offers Retry on a failed message with its reason', () => {
    const onRetry = vi.fn();
    const failed = entry({ authorKind: 'customer', status: 'failed', error: 'Too fast.' });
    const bubble = renderBubble(document, failed, onRetry);
    expect(bubble.textContent).toContain('Too fast.');
    const retry = Array.from(bubble.querySelectorAll('button')).find(
      (b) => b.textContent === 'Retry',
    );
    retry?.click();
    expect(onRetry).toHaveBeenCalledWith('c1');
  });
});
