import { vi } from 'vitest';
import { HOST_TAG } from '../../../lib/overlay/ui/host';

/**
 * The overlay's shadow root is closed: not even tests can reach it through `host.shadowRoot`.
 * Wrap attachShadow to keep the roots it returns (call in beforeEach; vi.restoreAllMocks undoes).
 */
export function captureShadowRoots(): ShadowRoot[] {
  const roots: ShadowRoot[] = [];
  const attach = Element.prototype.attachShadow;
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (
    this: Element,
    init: ShadowRootInit,
  ) {
    const root = attach.call(this, init);
    roots.push(root);
    return root;
  });
  return roots;
}

export function overlayHosts(): Element[] {
  return [...document.querySelectorAll(HOST_TAG)];
}

export function key(target: Element, name: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', {
    key: name,
    bubbles: true,
    composed: true,
    cancelable: true,
    ...init,
  });
  target.dispatchEvent(event);
  return event;
}

export function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

export const ANCHOR = new DOMRect(100, 100, 0, 18);

/** A page with a focused textarea, as the overlay finds it. */
export function pageWithTextarea(): HTMLTextAreaElement {
  document.body.replaceChildren();
  const textarea = document.createElement('textarea');
  textarea.id = 'reply';
  document.body.append(textarea);
  textarea.focus();
  return textarea;
}
