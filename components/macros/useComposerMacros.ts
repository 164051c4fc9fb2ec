import { nextTick, ref, shallowRef, type Ref } from 'vue';
import type { Macro } from '../../protocol/macros';
import type { PromptAnswers } from '../../protocol/template/template';
import { sendMessage } from '../../lib/messaging';
import { prepareMacro, renderMacro, type MacroTarget, type PreparedMacro } from './render';
import { pinSlotOf } from './useMacroPins';
import { useMacroSuggestions } from './useMacroSuggestions';
import { useMacros } from './useMacros';

/** The part of the text a macro replaces: the trigger and query, or the selection. */
interface Range {
  start: number;
  end: number;
}

/** A macro waiting for its fill-in prompts to be answered. */
export interface PendingMacro extends PreparedMacro {
  range: Range;
}

const isMac = (): boolean =>
  typeof navigator !== 'undefined' && /mac|iphone|ipad/i.test(navigator.platform);

/**
 * Macros in a composer textarea: inline suggestions after `/` or `;`, the Ctrl/Cmd+K palette,
 * pinned macros on Alt+1…9, the fill-in prompt form, and insertion (render, replace, caret at
 * `{{cursor}}`, count the use).
 */
export function useComposerMacros(options: {
  textarea: Ref<HTMLTextAreaElement | undefined>;
  text: Ref<string>;
  target: () => MacroTarget;
}) {
  const { textarea, text } = options;
  const { index, pins } = useMacros();
  const suggestions = useMacroSuggestions(textarea, index);
  const { trigger } = suggestions;
  const paletteOpen = ref(false);
  let paletteRange: Range = { start: 0, end: 0 };
  const pending = shallowRef<PendingMacro | null>(null);

  function focusAt(caret: number): void {
    void nextTick(() => {
      const el = textarea.value;
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  }

  function insert(prepared: PreparedMacro, range: Range, answers: PromptAnswers = {}): void {
    const rendered = renderMacro(prepared, options.target(), answers);
    const current = text.value;
    text.value = current.slice(0, range.start) + rendered.text + current.slice(range.end);
    focusAt(range.start + rendered.cursor);
    void sendMessage('macro.used', { macroId: prepared.macro.id });
  }

  function choose(macro: Macro, range: Range): void {
    suggestions.close();
    const prepared = prepareMacro(macro);
    if (prepared.prompts.length > 0) pending.value = { ...prepared, range };
    else insert(prepared, range);
  }

  function pickSuggestion(position: number): void {
    const macro = suggestions.items.value[position];
    const match = trigger.value;
    if (macro && match) choose(macro, { start: match.start, end: match.end });
  }

  /** The selection (or caret) of the textarea: where the palette and pins insert. */
  function selection(): Range {
    const el = textarea.value;
    const end = el?.selectionEnd ?? text.value.length;
    return { start: el?.selectionStart ?? end, end };
  }

  /** Handle a composer keydown; true when macros used it (the composer must not act on it). */
  function onKeydown(event: KeyboardEvent): boolean {
    if (event.isComposing || event.keyCode === 229) return false;
    const mod = isMac() ? event.metaKey : event.ctrlKey;
    if (mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      openPalette();
      return true;
    }
    const slot = pinSlotOf(event);
    const pinned = slot === null ? undefined : pins.macroAt(slot);
    if (pinned) {
      // Exactly like choosing it in the palette: at the selection, prompts first, use counted.
      event.preventDefault();
      choose(pinned, selection());
      return true;
    }
    if (!trigger.value) return false;
    const count = suggestions.items.value.length;
    if (event.key === 'Escape') suggestions.close({ at: trigger.value.start });
    else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && count) {
      suggestions.move(event.key === 'ArrowDown' ? 1 : -1);
    } else if ((event.key === 'Tab' || event.key === 'Enter') && count && !event.shiftKey) {
      pickSuggestion(suggestions.active.value);
    } else return false;
    event.preventDefault();
    return true;
  }

  function openPalette(): void {
    paletteRange = selection();
    suggestions.close();
    paletteOpen.value = true;
  }

  function closePalette(): void {
    paletteOpen.value = false;
    focusAt(paletteRange.end);
  }

  function pickFromPalette(macro: Macro): void {
    paletteOpen.value = false;
    choose(macro, paletteRange);
  }

  function submitPrompt(answers: PromptAnswers): void {
    const waiting = pending.value;
    pending.value = null;
    if (waiting) insert(waiting, waiting.range, answers);
  }

  /** Nothing is inserted; what the agent typed stays, and that trigger stays closed. */
  function cancelPrompt(): void {
    const waiting = pending.value;
    pending.value = null;
    if (!waiting) return;
    suggestions.close({ at: waiting.range.start });
    focusAt(waiting.range.end);
  }

  return {
    index,
    /** Slot (1–9) by macro id, for the "Alt+N" hints. */
    pinSlots: pins.slots,
    suggestions,
    paletteOpen,
    pending,
    onKeydown,
    pickSuggestion,
    closePalette,
    pickFromPalette,
    submitPrompt,
    cancelPrompt,
  };
}
