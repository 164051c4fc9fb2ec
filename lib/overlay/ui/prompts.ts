import { el } from './dom';
import { createHost } from './host';

const WIDTH = 360;
const HEIGHT = 420;

/**
 * The fill-in form for a macro's `{{ask "…"}}` prompts: one field per label. Enter on the last
 * field or "Insert" answers; Escape, "Cancel" or a click outside answers null.
 */
export function askPrompts(
  labels: string[],
  anchor: DOMRect,
): Promise<Record<string, string> | null> {
  const unique = [...new Set(labels)];
  if (unique.length === 0) return Promise.resolve({});
  return new Promise((resolve) => {
    let done = false;
    const host = createHost({
      anchor,
      width: WIDTH,
      height: HEIGHT,
      label: 'Fill in the macro',
      onDismiss: () => finish(null, false),
    });
    const fields = unique.map((label, index) =>
      el('input', { id: `rapport-prompt-${index}`, type: 'text', autocomplete: 'off' }),
    );
    const cancel = el('button', { type: 'button' }, 'Cancel');
    const insert = el('button', { type: 'submit' }, 'Insert');
    const form = el(
      'form',
      {},
      el('h2', {}, 'Fill in the macro'),
      ...unique.flatMap((label, index) => [
        el('label', { for: `rapport-prompt-${index}` }, label),
        fields[index] as HTMLInputElement,
      ]),
      el('div', { class: 'buttons' }, cancel, insert),
    );
    host.panel.append(form);

    function finish(answers: Record<string, string> | null, removeHost = true): void {
      if (done) return;
      done = true;
      if (removeHost) host.remove();
      resolve(answers);
    }

    function submit(): void {
      finish(Object.fromEntries(unique.map((label, index) => [label, fields[index]?.value ?? ''])));
    }

    const focusable: HTMLElement[] = [...fields, cancel, insert];
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit();
    });
    cancel.addEventListener('click', () => finish(null));
    form.addEventListener('keydown', (event) => {
      if (event.isComposing) return;
      const at = focusable.indexOf(event.target as HTMLElement);
      if (event.key === 'Escape') finish(null);
      else if (event.key === 'Tab') {
        // Tab cycles inside the form: the page behind must not get the focus.
        const next = (at + (event.shiftKey ? -1 : 1) + focusable.length) % focusable.length;
        focusable[next]?.focus();
      } else if (event.key === 'Enter' && event.target instanceof HTMLInputElement) {
        if (at === fields.length - 1) submit();
        else fields[at + 1]?.focus();
      } else return;
      event.preventDefault();
    });
    fields[0]?.focus();
  });
}
