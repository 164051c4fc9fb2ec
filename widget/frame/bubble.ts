import { splitLinks } from '../../protocol/text';
import type { ChatEntry } from './conversation';
import { el } from './dom';

/** Message text as DOM: text nodes, and `<a>` only for http(s) links. Never parsed as HTML. */
export function renderText(doc: Document, text: string): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  for (const part of splitLinks(text)) {
    if (part.kind === 'text') {
      fragment.append(doc.createTextNode(part.text));
      continue;
    }
    const link = el(doc, 'a', { target: '_blank', rel: 'noopener noreferrer nofollow' });
    link.href = part.href;
    link.textContent = part.text;
    fragment.append(link);
  }
  return fragment;
}

/** What a bubble shows; the list re-renders a bubble only when this changes. */
export function bubbleSignature(entry: ChatEntry): string {
  return JSON.stringify([entry.id, entry.status, entry.text, entry.error, entry.authorName]);
}

export function renderBubble(
  doc: Document,
  entry: ChatEntry,
  onRetry: (clientId: string) => void,
  onDiscard?: (clientId: string) => void,
): HTMLElement {
  const bubble = el(doc, 'div', {
    class: `rw-message rw-message--${entry.authorKind}`,
    'data-testid': 'message',
    'data-author-kind': entry.authorKind,
    'data-status': entry.status,
    'data-client-id': entry.clientId,
  });
  if (entry.authorKind === 'agent' && entry.authorName) {
    bubble.append(el(doc, 'div', { class: 'rw-message__author' }, [entry.authorName]));
  }
  const text = el(doc, 'div', { class: 'rw-message__text', 'data-testid': 'message-text' });
  text.append(renderText(doc, entry.text));
  bubble.append(text);
  const meta = renderMeta(doc, entry, onRetry, onDiscard);
  if (meta) bubble.append(meta);
  return bubble;
}

function renderMeta(
  doc: Document,
  entry: ChatEntry,
  onRetry: (clientId: string) => void,
  onDiscard?: (clientId: string) => void,
): HTMLElement | null {
  if (entry.authorKind === 'system') return null;
  if (entry.status === 'pending') {
    return el(doc, 'div', { class: 'rw-message__meta' }, ['Sending…']);
  }
  if (entry.status === 'failed') {
    const retry = el(doc, 'button', { type: 'button', class: 'rw-retry' }, ['Retry']);
    retry.addEventListener('click', () => onRetry(entry.clientId));
    const reason = `Not sent: ${entry.error ?? 'something went wrong.'}`;
    const meta = el(doc, 'div', { class: 'rw-message__meta rw-message__meta--failed' }, [
      reason,
      retry,
    ]);
    if (onDiscard) {
      const discard = el(doc, 'button', { type: 'button', class: 'rw-retry' }, ['Discard']);
      discard.addEventListener('click', () => onDiscard(entry.clientId));
      meta.append(discard);
    }
    return meta;
  }
  return el(doc, 'div', { class: 'rw-message__meta' }, [formatTime(entry.createdAt)]);
}

function formatTime(timestamp: number): string {
  return new Date(timestamp).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
