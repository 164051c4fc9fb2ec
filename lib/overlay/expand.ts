import { selectionOf, type EditableField } from './fields';
import { insertAt, type ExecCommand } from './insert';
import type { OverlayUi } from './load-ui';
import type { sendOverlay } from './messaging';
import type { OverlayExpansion } from './protocol';
import { selectionTarget, targetRect, typedShortcut, type Target } from './typed';

/** What an expansion needs from the content script around it. */
export interface ExpandDeps {
  send: typeof sendOverlay;
  loadUi: () => Promise<OverlayUi>;
  exec?: ExecCommand;
}

/** Which macro: the typed shortcut (Tab) or the one picked in the palette. */
export type MacroRef = { shortcut: string } | { macroId: string };

/** Give focus and the selection back to `target`'s field, as it was before a form opened. */
export function restoreFocus(target: Target): void {
  target.element.focus({ preventScroll: true });
  if (target.kind === 'control') {
    try {
      target.element.setSelectionRange(target.start, target.end);
    } catch {
      // type=email: the caret stays where focus puts it (the end).
    }
    return;
  }
  const selection = selectionOf(target.element);
  selection?.removeAllRanges();
  selection?.addRange(target.range);
}

/** The collapsed caret at the end of `target` (where it was when the agent pressed Tab). */
function caretAfter(target: Target): Target {
  if (target.kind === 'control') return { ...target, start: target.end };
  const range = target.range.cloneRange();
  range.collapse(false);
  return { ...target, range };
}

/**
 * Ask the background for the expansion of `ref`, asking the agent the fill-in prompts first if
 * there are any. After the form, focus and selection go back to `target` (also when cancelled:
 * null, nothing to insert; also null for an unknown macro or when signed out).
 */
export async function fetchExpansion(
  ref: MacroRef,
  target: Target,
  deps: ExpandDeps,
): Promise<OverlayExpansion | null> {
  const first = await deps.send('overlay.expand', ref);
  if (!first?.ok) return null;
  if (first.expansion) return first.expansion;
  if (first.prompts.length === 0) return null;
  let answers: Record<string, string> | null = null;
  try {
    const ui = await deps.loadUi();
    answers = await ui.askPrompts(first.prompts, targetRect(target));
  } catch (error) {
    console.warn('Rapport could not ask the macro fill-ins:', error);
  }
  restoreFocus(target);
  if (!answers) return null;
  const second = await deps.send('overlay.expand', { ...ref, answers });
  return second?.ok && second.expansion ? second.expansion : null;
}

/** Insert `expansion` over `target` and count the use. */
export async function insertExpansion(
  target: Target,
  expansion: OverlayExpansion,
  deps: ExpandDeps,
): Promise<void> {
  await insertAt(target, { text: expansion.text, caret: expansion.caret }, deps.exec);
  void deps.send('overlay.inserted', { macroId: expansion.macroId });
}

/**
 * Expand the `;shortcut` typed before the caret in `field` (Tab). With `prepared` (the expansion
 * that came with the lookup) it is inserted at once, in the same task as the Tab; otherwise it
 * is asked for, and after that await the agent may have typed on: the shortcut is read again
 * and must still be the one asked for.
 */
export async function expandTyped(
  field: EditableField,
  shortcut: string,
  deps: ExpandDeps,
  prepared?: OverlayExpansion | null,
): Promise<boolean> {
  const typed = typedShortcut(field);
  if (!typed || typed.shortcut.toLowerCase() !== shortcut.toLowerCase()) return false;
  if (prepared) {
    await insertExpansion(typed.target, prepared, deps);
    return true;
  }
  const expansion = await fetchExpansion({ shortcut }, caretAfter(typed.target), deps);
  if (!expansion) return false;
  const again = typedShortcut(field);
  if (!again || again.shortcut.toLowerCase() !== shortcut.toLowerCase()) return false;
  await insertExpansion(again.target, expansion, deps);
  return true;
}

/** Insert the macro picked in the palette at `target` (the selection when it opened). */
export async function expandPicked(
  macroId: string,
  target: Target,
  deps: ExpandDeps,
): Promise<boolean> {
  restoreFocus(target);
  const expansion = await fetchExpansion({ macroId }, target, deps);
  if (!expansion) return false;
  const field: EditableField =
    target.kind === 'control'
      ? { kind: 'control', element: target.element }
      : { kind: 'editable', element: target.element };
  await insertExpansion(selectionTarget(field) ?? target, expansion, deps);
  return true;
}
