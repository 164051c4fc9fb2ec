import type { ChatEntry } from './conversation';
import { el, icon, ICONS } from './dom';
import { MessageList } from './messageList';

export const EMPTY_STATE_TEXT = 'Ask us anything — we usually reply in a few minutes.';

export interface ViewHandlers {
  onOpenChange: (open: boolean) => void;
  onSend: () => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}

export interface ChatView {
  readonly composer: HTMLTextAreaElement;
  setOpen(open: boolean): void;
  setWorkspaceName(name: string): void;
  renderMessages(entries: readonly ChatEntry[]): void;
  setHint(text: string | null): void;
  /** The place in line, or who joined (R7); null hides it. */
  setQueue(text: string | null): void;
  setError(text: string | null): void;
  setUnread(unread: boolean): void;
  /** Replace the composer with a message saying why the chat can't be used. */
  showUnavailable(text: string): void;
}

/** Build the launcher and the chat window in `root`; all text goes in as text nodes. */
export function createChatView(root: HTMLElement, handlers: ViewHandlers): ChatView {
  const doc = root.ownerDocument;
  const unreadDot = el(doc, 'span', { class: 'rw-unread', hidden: '' });
  const launcher = el(doc, 'button', {
    type: 'button',
    class: 'rw-launcher',
    'data-testid': 'launcher',
    'aria-label': 'Open chat',
    'aria-expanded': 'false',
  });
  launcher.append(icon(doc, ICONS.chat), unreadDot);

  const subtitle = el(doc, 'p', { class: 'rw-header__subtitle', hidden: '' });
  const close = el(doc, 'button', {
    type: 'button',
    class: 'rw-close',
    'aria-label': 'Close chat',
  });
  close.append(icon(doc, ICONS.close));
  const header = el(doc, 'header', { class: 'rw-header' }, [
    el(doc, 'div', {}, [el(doc, 'h1', { class: 'rw-header__title' }, ['Chat with us']), subtitle]),
    close,
  ]);

  const hint = el(doc, 'div', {
    class: 'rw-hint',
    'data-testid': 'connection-hint',
    role: 'status',
    hidden: '',
  });
  const queue = el(doc, 'div', {
    class: 'rw-queue',
    'data-testid': 'queue-status',
    role: 'status',
    hidden: '',
  });
  const empty = el(doc, 'p', { class: 'rw-empty' }, [EMPTY_STATE_TEXT]);
  const messages = el(doc, 'div', { class: 'rw-messages' });
  const log = el(
    doc,
    'div',
    { class: 'rw-log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' },
    [empty, messages],
  );
  const error = el(doc, 'div', {
    class: 'rw-error',
    'data-testid': 'widget-error',
    role: 'alert',
    hidden: '',
  });

  const composer = el(doc, 'textarea', {
    class: 'rw-composer__input',
    'data-testid': 'composer',
    'aria-label': 'Message',
    placeholder: 'Write a message…',
    rows: '1',
  });
  const send = el(doc, 'button', {
    type: 'submit',
    class: 'rw-send',
    'data-testid': 'send',
    'aria-label': 'Send',
  });
  send.append(icon(doc, ICONS.send));
  const form = el(doc, 'form', { class: 'rw-composer' }, [composer, send]);

  const chatWindow = el(
    doc,
    'section',
    {
      class: 'rw-window',
      'data-testid': 'chat-window',
      role: 'dialog',
      'aria-label': 'Chat',
      hidden: '',
    },
    [header, hint, queue, log, error, form],
  );
  root.append(launcher, chatWindow);

  const list = new MessageList(messages, handlers.onRetry, handlers.onDiscard);
  launcher.addEventListener('click', () => handlers.onOpenChange(true));
  close.addEventListener('click', () => handlers.onOpenChange(false));
  doc.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !chatWindow.hidden) handlers.onOpenChange(false);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    handlers.onSend();
  });
  composer.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    handlers.onSend();
  });
  composer.addEventListener('input', () => fitToContent(composer));

  return {
    composer,
    setOpen(open) {
      chatWindow.hidden = !open;
      launcher.hidden = open;
      launcher.setAttribute('aria-expanded', String(open));
      if (open) {
        composer.focus();
        log.scrollTop = log.scrollHeight;
      } else {
        launcher.focus();
      }
    },
    setWorkspaceName(name) {
      subtitle.textContent = name;
      subtitle.hidden = name === '';
    },
    renderMessages(entries) {
      empty.hidden = entries.length > 0;
      list.render(entries);
      log.scrollTop = log.scrollHeight;
      fitToContent(composer);
    },
    setHint(text) {
      hint.textContent = text ?? '';
      hint.hidden = text === null;
    },
    setQueue(text) {
      queue.textContent = text ?? '';
      queue.hidden = text === null;
    },
    setError(text) {
      error.textContent = text ?? '';
      error.hidden = text === null;
    },
    setUnread(unread) {
      unreadDot.hidden = !unread;
      launcher.setAttribute('aria-label', unread ? 'Open chat (new message)' : 'Open chat');
    },
    showUnavailable(text) {
      form.hidden = true;
      empty.hidden = true;
      error.textContent = text;
      error.hidden = false;
    },
  };
}

/** Grow the composer with its text (the stylesheet caps the height). */
function fitToContent(textarea: HTMLTextAreaElement): void {
  textarea.style.height = 'auto';
  if (textarea.scrollHeight > 0) textarea.style.height = `${textarea.scrollHeight}px`;
}
