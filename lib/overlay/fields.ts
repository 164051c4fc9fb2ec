// Which focused elements the overlay may write into, and how to find the focused one through
// shadow roots. Password and payment fields, read-only and disabled fields are never touched.

/** A text control with `value` and a selection range. */
export type TextControl = HTMLTextAreaElement | HTMLInputElement;

/** Where the agent types: a text control, or the editing host of a contenteditable/rich editor. */
export type EditableField =
  { kind: 'control'; element: TextControl } | { kind: 'editable'; element: HTMLElement };

/** `<input type>` values that hold free text (an absent or unknown type reads as `text`). */
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel']);

/** Names and ids of payment fields: card numbers, security codes, expiry dates, IBANs. */
const PAYMENT_NAME =
  /credit.?card|card.?(?:num(?:ber)?|no|holder|exp(?:iry|iration|date)?|cvc|cvv|code|verif\w*|security\w*)(?![a-z])|(?<![a-z])(?:card|cc.?(?:number|num|exp|csc|cvc)|csc|iban)(?![a-z])|cvc|cvv|security.?code/i;

/** autocomplete tokens of secrets: `cc-*`, passwords, one-time codes. */
function secretAutocomplete(value: string): boolean {
  return value
    .toLowerCase()
    .split(/\s+/)
    .some(
      (token) =>
        token.startsWith('cc-') ||
        token === 'current-password' ||
        token === 'new-password' ||
        token === 'one-time-code',
    );
}

/** True for fields that may hold a password or a payment card: never read nor written. */
export function isSensitive(element: Element): boolean {
  if (element instanceof HTMLInputElement && element.type === 'password') return true;
  const autocomplete = element.getAttribute('autocomplete');
  if (autocomplete && secretAutocomplete(autocomplete)) return true;
  const name = `${element.getAttribute('name') ?? ''} ${element.id}`;
  return PAYMENT_NAME.test(name);
}

function asHtmlElement(node: unknown): HTMLElement | null {
  const view = (node as Node | null)?.ownerDocument?.defaultView;
  return view && node instanceof view.HTMLElement ? node : null;
}

/** The outermost contenteditable element containing `element` (the editing host). */
function editingHost(element: HTMLElement): HTMLElement {
  let host = element;
  for (
    let parent = host.parentElement;
    parent && isEditable(parent);
    parent = parent.parentElement
  ) {
    host = parent;
  }
  return host;
}

/** The field the overlay may write into, if `node` is (in) one; null otherwise. */
export function editableField(node: unknown): EditableField | null {
  const element = asHtmlElement(node);
  if (!element || isSensitive(element)) return null;
  const view = element.ownerDocument.defaultView!;
  if (element instanceof view.HTMLTextAreaElement) {
    return element.readOnly || element.disabled ? null : { kind: 'control', element };
  }
  if (element instanceof view.HTMLInputElement) {
    if (!TEXT_INPUT_TYPES.has(element.type) || element.readOnly || element.disabled) return null;
    return { kind: 'control', element };
  }
  if (!isEditable(element)) return null;
  const host = editingHost(element);
  if (isSensitive(host) || host.getAttribute('aria-readonly') === 'true') return null;
  return { kind: 'editable', element: host };
}

/** `isContentEditable`, or the attribute for DOMs that do not compute it (jsdom). */
function isEditable(element: HTMLElement): boolean {
  if (element.isContentEditable) return true;
  const closest = element.closest('[contenteditable]');
  const value = closest?.getAttribute('contenteditable');
  return closest !== null && value !== 'false' && value !== null;
}

/** The focused element, looking into open shadow roots. */
export function deepActiveElement(doc: Document = document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** The focused field the overlay may write into, if any. */
export function focusedField(doc: Document = document): EditableField | null {
  return editableField(deepActiveElement(doc));
}

/** The selection that holds `node`'s caret: its shadow root's where the browser has one. */
export function selectionOf(node: Node): Selection | null {
  const root = node.getRootNode() as Partial<ShadowRoot> & Node;
  const doc = node.ownerDocument ?? document;
  const view = doc.defaultView;
  const shadow = view && root instanceof view.ShadowRoot ? root : null;
  const own = shadow && (shadow as { getSelection?: () => Selection | null }).getSelection;
  return typeof own === 'function' ? own.call(shadow) : doc.getSelection();
}
