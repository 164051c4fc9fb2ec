import { selectionOf, type EditableField, type TextControl } from './fields';
import { textBefore } from './text-before';
import { shortcutAtEnd, TEXT_BEFORE_CARET } from './token';

/** Where an insertion goes: a span of a text control, or a DOM Range in an editable element. */
export type Target =
  | { kind: 'control'; element: TextControl; start: number; end: number }
  | { kind: 'editable'; element: HTMLElement; range: Range };

/** A `;shortcut` right before a collapsed caret, and the span that covers it. */
export interface TypedShortcut {
  /** As typed, without `;` (lookups ignore case). */
  shortcut: string;
  /** The `;shortcut` text, which the expansion replaces. */
  target: Target;
}

/**
 * The caret of a text control; email inputs have no selection API (null), where the caret is
 * taken to be at the end (where people type).
 */
export function controlCaret(element: TextControl): { start: number; end: number } {
  let start: number | null = null;
  let end: number | null = null;
  try {
    start = element.selectionStart;
    end = element.selectionEnd;
  } catch {
    // Some input types throw instead of answering null.
  }
  const length = element.value.length;
  return { start: start ?? length, end: end ?? length };
}

function typedInControl(element: TextControl): TypedShortcut | null {
  const { start, end } = controlCaret(element);
  if (start !== end) return null;
  const shortcut = shortcutAtEnd(element.value.slice(Math.max(0, end - TEXT_BEFORE_CARET), end));
  if (!shortcut) return null;
  return { shortcut, target: { kind: 'control', element, start: end - shortcut.length - 1, end } };
}

function typedInEditable(host: HTMLElement): TypedShortcut | null {
  const selection = selectionOf(host);
  if (!selection || selection.rangeCount === 0 || !selection.isCollapsed) return null;
  const caret = selection.getRangeAt(0);
  if (!host.contains(caret.startContainer)) return null;
  const before = textBefore(host, caret.startContainer, caret.startOffset, TEXT_BEFORE_CARET);
  const shortcut = shortcutAtEnd(before.text);
  if (!shortcut) return null;
  const from = before.position(before.text.length - shortcut.length - 1);
  const range = host.ownerDocument.createRange();
  range.setStart(from.node, from.offset);
  range.setEnd(caret.startContainer, caret.startOffset);
  return { shortcut, target: { kind: 'editable', element: host, range } };
}

/** The `;shortcut` before the caret in `field`, if the agent just typed one. */
export function typedShortcut(field: EditableField): TypedShortcut | null {
  return field.kind === 'control' ? typedInControl(field.element) : typedInEditable(field.element);
}

/** The field's current selection as an insertion target (palette: insert at the caret). */
export function selectionTarget(field: EditableField): Target | null {
  if (field.kind === 'control') {
    return { kind: 'control', element: field.element, ...controlCaret(field.element) };
  }
  const selection = selectionOf(field.element);
  if (!selection || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  if (!field.element.contains(range.startContainer)) return null;
  return { kind: 'editable', element: field.element, range: range.cloneRange() };
}

/** Where to show UI for a target: the text's box, else the field's. */
export function targetRect(target: Target): DOMRect {
  if (target.kind === 'editable') {
    const rect = target.range.getBoundingClientRect?.();
    if (rect && (rect.width > 0 || rect.height > 0)) return rect;
  }
  return target.element.getBoundingClientRect();
}
