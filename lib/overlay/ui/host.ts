import { deepActiveElement, el } from './dom';
import { place } from './position';
import { OVERLAY_CSS } from './styles';

/** The tag of the overlay's host element (the overlay content script ignores its events). */
export const HOST_TAG = 'rapport-overlay';

/** Events typed inside the overlay that the page's own handlers must not see. */
const PRIVATE_EVENTS = [
  'keydown',
  'keyup',
  'keypress',
  'beforeinput',
  'input',
  'compositionstart',
  'compositionupdate',
  'compositionend',
  'paste',
  'copy',
  'cut',
  'focusin',
  'focusout',
] as const;

export interface HostOptions {
  anchor: DOMRect;
  /** The panel's preferred size; it shrinks to fit the viewport. */
  width: number;
  height: number;
  label: string;
  /** A click outside, or another overlay opened: the host is already removed. */
  onDismiss: () => void;
}

export interface OverlayHost {
  /** The host element in the page (events from inside the shadow root are retargeted to it). */
  element: HTMLElement;
  /** The panel inside the closed shadow root: put the UI here. */
  panel: HTMLElement;
  /** Remove the host and give focus back to where it was. Idempotent. */
  remove(): void;
}

let current: { dismiss(): void } | null = null;

/** The topmost modal `<dialog>`: everything outside it is inert, so the overlay goes inside. */
function modalContainer(): Element {
  try {
    const modals = [...document.querySelectorAll('dialog')].filter((d) => d.matches(':modal'));
    return modals.at(-1) ?? document.documentElement;
  } catch {
    return document.documentElement;
  }
}

function adoptStyles(root: ShadowRoot): void {
  // A constructed sheet is not subject to the page's style-src CSP; a <style> is the fallback.
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(OVERLAY_CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    root.append(el('style', {}, OVERLAY_CSS));
  }
}

function setImportant(element: HTMLElement, styles: Record<string, string>): void {
  // Through the CSSOM (allowed under any CSP), !important so the page's rules cannot move it.
  for (const [name, value] of Object.entries(styles)) {
    element.style.setProperty(name, value, 'important');
  }
}

/**
 * A host element with a closed shadow root, placed next to the caret above everything on the
 * page. One overlay at a time: opening one dismisses the previous one.
 */
export function createHost(options: HostOptions): OverlayHost {
  current?.dismiss();
  const previousFocus = deepActiveElement();
  const host = document.createElement(HOST_TAG);
  const root = host.attachShadow({ mode: 'closed' });
  adoptStyles(root);
  const panel = el('div', { class: 'panel', role: 'dialog', 'aria-label': options.label });
  root.append(panel);

  const spot = place(
    options.anchor,
    { width: window.innerWidth, height: window.innerHeight },
    { width: options.width, height: options.height },
  );
  setImportant(host, {
    all: 'initial',
    display: 'block',
    position: 'fixed',
    'z-index': '2147483647',
    margin: '0',
    left: `${spot.left}px`,
    width: `${spot.width}px`,
    ...(spot.top !== undefined ? { top: `${spot.top}px` } : { bottom: `${spot.bottom}px` }),
  });
  panel.style.maxHeight = `${spot.maxHeight}px`;

  for (const type of PRIVATE_EVENTS) host.addEventListener(type, stop);
  const onPointerDown = (event: Event): void => {
    if (!event.composedPath().includes(host)) dismiss();
  };
  window.addEventListener('pointerdown', onPointerDown, true);
  window.addEventListener('mousedown', onPointerDown, true);

  let removed = false;
  const entry = { dismiss };
  function remove(): void {
    if (removed) return;
    removed = true;
    if (current === entry) current = null;
    window.removeEventListener('pointerdown', onPointerDown, true);
    window.removeEventListener('mousedown', onPointerDown, true);
    host.remove();
    if (previousFocus instanceof HTMLElement && previousFocus.isConnected) {
      previousFocus.focus({ preventScroll: true });
    }
  }
  function dismiss(): void {
    if (removed) return;
    remove();
    options.onDismiss();
  }

  modalContainer().append(host);
  showInTopLayer(host);
  current = entry;
  return { element: host, panel, remove };
}

function stop(event: Event): void {
  event.stopPropagation();
}

/** Above the page's own popovers, dialogs and fullscreen element, where the browser can. */
function showInTopLayer(host: HTMLElement): void {
  if (typeof host.showPopover !== 'function') return;
  try {
    host.popover = 'manual';
    host.showPopover();
  } catch {
    host.removeAttribute('popover');
  }
}
