import type { PaletteOptions } from '../load-ui';
import type { OverlayPaletteItem } from '../protocol';
import { el } from './dom';
import { createHost } from './host';

/** Wait this long after a keystroke before searching (the first search is immediate). */
export const SEARCH_DEBOUNCE_MS = 60;
const WIDTH = 420;
const HEIGHT = 360;
const LISTBOX_ID = 'rapport-palette-list';

function optionId(index: number): string {
  return `rapport-palette-option-${index}`;
}

function errorText(error: unknown): string {
  const detail = error instanceof Error && error.message ? ` ${error.message}` : '';
  return `Could not search macros.${detail}`;
}

/** The macro palette: search as you type, arrows to choose, Enter or a click to insert. */
export function openPalette(opts: PaletteOptions): void {
  let closed = false;
  let items: OverlayPaletteItem[] = [];
  /** The query whose answer is shown in `items` (null before the first answer). */
  let shownQuery: string | null = null;
  let active = 0;
  let latest = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Enter was pressed before the answer for the current query arrived: pick when it does. */
  let pickWhenShown = false;

  const host = createHost({
    anchor: opts.anchor,
    width: WIDTH,
    height: HEIGHT,
    label: 'Rapport macros',
    onDismiss: () => finish(() => opts.onClose(), false),
  });
  const input = el('input', {
    type: 'text',
    role: 'combobox',
    'aria-label': 'Search macros',
    'aria-autocomplete': 'list',
    'aria-controls': LISTBOX_ID,
    'aria-expanded': 'false',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'Search macros…',
  });
  const list = el('ul', { id: LISTBOX_ID, role: 'listbox', 'aria-label': 'Macros' });
  const status = el('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const hint = el('div', { class: 'hint' }, '↑ ↓ to choose · Enter to insert · Esc to close');
  host.panel.append(el('div', { class: 'search' }, input), list, status, hint);

  function finish(then: () => void, removeHost = true): void {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    if (removeHost) host.remove();
    then();
  }

  function setStatus(text: string, isError = false): void {
    status.textContent = text;
    status.classList.toggle('error', isError);
  }

  function render(): void {
    list.replaceChildren(
      ...items.map((item, index) =>
        el(
          'li',
          { id: optionId(index), role: 'option', 'aria-selected': String(index === active) },
          el('span', { class: 'shortcut' }, `;${item.shortcut}`),
          el('span', { class: 'title' }, item.title),
          el('div', { class: 'preview' }, item.preview),
        ),
      ),
    );
    input.setAttribute('aria-expanded', String(items.length > 0));
    markActive();
  }

  function markActive(scroll = true): void {
    const options = list.children;
    for (let i = 0; i < options.length; i++) {
      options[i]?.setAttribute('aria-selected', String(i === active));
    }
    const current = options[active];
    if (current) {
      input.setAttribute('aria-activedescendant', current.id);
      if (scroll) current.scrollIntoView?.({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  function move(delta: number): void {
    if (items.length === 0) return;
    active = (active + delta + items.length) % items.length;
    markActive();
  }

  function pick(index: number): void {
    const item = items[index];
    if (item) finish(() => opts.onPick(item.id));
  }

  async function search(query: string): Promise<void> {
    const ticket = ++latest;
    if (shownQuery === null || items.length === 0) setStatus('Searching…');
    list.setAttribute('aria-busy', 'true');
    let answer: OverlayPaletteItem[];
    try {
      answer = await opts.search(query);
    } catch (error) {
      if (closed || ticket !== latest) return;
      items = [];
      shownQuery = query;
      pickWhenShown = false;
      list.removeAttribute('aria-busy');
      render();
      setStatus(errorText(error), true);
      return;
    }
    if (closed || ticket !== latest) return; // an answer to an older query: the latest wins
    items = answer;
    shownQuery = query;
    active = 0;
    list.removeAttribute('aria-busy');
    render();
    if (items.length > 0) setStatus('');
    else setStatus(query ? `No macros match “${query}”` : 'No macros yet.');
    if (pickWhenShown && query === input.value) {
      pickWhenShown = false;
      pick(active);
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    pickWhenShown = false;
    const query = input.value;
    timer = setTimeout(() => void search(query), SEARCH_DEBOUNCE_MS);
  });
  input.addEventListener('keydown', (event) => {
    if (event.isComposing) return;
    switch (event.key) {
      case 'ArrowDown':
        move(1);
        break;
      case 'ArrowUp':
        move(-1);
        break;
      case 'Enter':
        if (shownQuery === input.value) pick(active);
        else pickWhenShown = true;
        break;
      case 'Escape':
        finish(() => opts.onClose());
        break;
      case 'Tab':
        break; // focus stays in the palette
      default:
        return;
    }
    event.preventDefault();
  });
  // A click on a row picks it; pressing the mouse must not take the focus from the input.
  list.addEventListener('mousedown', (event) => event.preventDefault());
  list.addEventListener('click', (event) => {
    const option = (event.target as Element).closest('li');
    if (option) pick([...list.children].indexOf(option));
  });
  list.addEventListener('mousemove', (event) => {
    const option = (event.target as Element).closest('li');
    const index = option ? [...list.children].indexOf(option) : -1;
    if (index >= 0 && index !== active) {
      active = index;
      markActive(false);
    }
  });

  input.focus();
  void search('');
}
