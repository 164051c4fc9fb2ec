import type { CustomerCard, CustomerCardOptions } from '../load-ui';
import { el } from './dom';
import { createHost } from './host';

const WIDTH = 280;
const HEIGHT = 150;

/** "3 days ago", in the browser's language. */
function ago(at: number, now = Date.now()): string {
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const minutes = Math.round((at - now) / 60_000);
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return format.format(hours, 'hour');
  const days = Math.round(hours / 24);
  if (Math.abs(days) < 60) return format.format(days, 'day');
  return new Date(at).toLocaleDateString();
}

function lastConversation(options: CustomerCardOptions): string {
  const { lastConversationAt, lastAgentName } = options.customer;
  if (lastConversationAt === undefined) return 'No conversation yet.';
  const when = ago(lastConversationAt);
  return lastAgentName
    ? `Last conversation ${when} with ${lastAgentName}.`
    : `Last conversation ${when}.`;
}

/**
 * A small card about a customer recognized on the page, in a closed shadow root next to the
 * marked text. It takes no focus (the agent may be reading or typing); Escape or a click outside
 * closes it. "Open in side panel" asks the background, which selects the customer's latest
 * conversation in the side panel and opens it when the browser lets it.
 */
export function showCustomerCard(options: CustomerCardOptions): CustomerCard {
  let closed = false;
  const host = createHost({
    anchor: options.anchor,
    width: WIDTH,
    height: HEIGHT,
    label: 'Rapport customer',
    onDismiss: () => finish(true),
  });
  const { customer } = options;
  const status = el('p', { class: 'status', role: 'status' });
  const open = el('button', { type: 'submit', 'data-rapport': 'open' }, 'Open in side panel');
  host.element.dataset.rapportCard = customer.customerId;
  host.panel.classList.add('card');
  host.panel.append(
    el('h2', { class: 'name' }, customer.name ?? customer.identifier),
    el('p', { class: 'muted' }, lastConversation(options)),
    el('div', { class: 'buttons' }, open),
    status,
  );

  open.addEventListener('click', () => {
    open.disabled = true;
    status.classList.remove('error');
    status.textContent = '';
    options.open().then(
      (opened) => {
        if (opened) finish(true);
        else {
          status.textContent =
            customer.lastConversationAt === undefined
              ? 'Open the Rapport side panel.'
              : 'Open the Rapport side panel: the conversation is selected there.';
          open.disabled = false;
        }
      },
      (error: unknown) => {
        status.classList.add('error');
        status.textContent = error instanceof Error ? error.message : String(error);
        open.disabled = false;
      },
    );
  });

  const onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') finish(true);
  };
  window.addEventListener('keydown', onKeydown, true);

  function finish(notify: boolean): void {
    if (closed) return;
    closed = true;
    window.removeEventListener('keydown', onKeydown, true);
    host.remove();
    if (notify) options.onClose();
  }

  return {
    close: () => finish(false),
    contains: (event) => event.composedPath().includes(host.element),
  };
}
