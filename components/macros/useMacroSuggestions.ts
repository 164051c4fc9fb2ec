import { computed, ref, shallowRef, useId, type ComputedRef, type Ref } from 'vue';
import type { Macro } from '../../protocol/macros';
import type { MacroIndex } from '../../lib/macros/search';
import { findTrigger, type TriggerMatch } from './trigger';
import { NO_MACROS_TEXT } from './useMacros';

const MAX_SUGGESTIONS = 8;

/**
 * The inline suggestion list of a textarea: open while the caret is in a `/` or `;` shortcut,
 * filtered by what follows the trigger; Escape keeps that trigger closed until it is gone.
 */
export function useMacroSuggestions(
  textarea: Ref<HTMLTextAreaElement | undefined>,
  index: ComputedRef<MacroIndex<Macro>>,
) {
  const listId = `macro-list-${useId()}`;
  const trigger = shallowRef<TriggerMatch | null>(null);
  const active = ref(0);
  /** Where the agent dismissed the list: that trigger stays closed until it is gone. */
  let dismissedAt: number | null = null;

  const open = computed(() => trigger.value !== null);
  const items = computed<Macro[]>(() =>
    trigger.value
      ? index.value.search(trigger.value.query, MAX_SUGGESTIONS).map((hit) => hit.macro)
      : [],
  );
  const emptyText = computed(() =>
    index.value.size === 0 ? NO_MACROS_TEXT : 'No macro matches that shortcut.',
  );
  const aria = computed(() => ({
    'aria-autocomplete': 'list' as const,
    'aria-expanded': open.value,
    'aria-controls': open.value ? listId : undefined,
    'aria-activedescendant':
      open.value && items.value.length ? `${listId}-${active.value}` : undefined,
  }));

  /** Follow the text and caret: open, filter or close the list. */
  function sync(): void {
    const el = textarea.value;
    const match =
      el && el.selectionStart === el.selectionEnd ? findTrigger(el.value, el.selectionStart) : null;
    if (!match || match.start !== dismissedAt) dismissedAt = null;
    if (!match || dismissedAt !== null) return void (trigger.value = null);
    if (trigger.value?.start !== match.start || trigger.value.query !== match.query) {
      active.value = 0;
    }
    trigger.value = match;
  }

  /** Close the list; `dismiss` keeps the trigger at `at` closed while the agent types on. */
  function close(dismiss?: { at: number }): void {
    if (dismiss) dismissedAt = dismiss.at;
    trigger.value = null;
  }

  function move(step: 1 | -1): void {
    const count = items.value.length;
    if (count) active.value = (active.value + step + count) % count;
  }

  return { listId, trigger, active, open, items, emptyText, aria, sync, close, move };
}
