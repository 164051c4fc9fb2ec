import { FRAME_ELEMENT_ID, isFrameToHostMessage } from '../shared/messages';
import { applyLayout } from './layout';
import { findWidgetScript, frameUrl, readWidgetConfig, type WidgetConfig } from './script';

const INSTALLED_MARK = 'data-rapport-widget';

/**
 * Put the chat iframe on the page once. Returns the iframe, or null when the widget is already
 * on the page or the script tag is not usable (a console warning then says what to fix).
 * Nothing is added to `window`: the conversation lives only inside the cross-origin frame.
 */
export function installWidget(win: Window): HTMLIFrameElement | null {
  const doc = win.document;
  // Marked synchronously, before the body may exist, so a second copy of the script stops here.
  if (doc.documentElement.hasAttribute(INSTALLED_MARK) || doc.getElementById(FRAME_ELEMENT_ID)) {
    return null;
  }
  const script = findWidgetScript(doc);
  if (!script) {
    console.warn(
      'Rapport widget: could not find the widget <script> tag (src ending in /widget.js).',
    );
    return null;
  }
  const config = readWidgetConfig(script);
  if (typeof config === 'string') {
    console.warn(config);
    return null;
  }
  doc.documentElement.setAttribute(INSTALLED_MARK, '');
  const frame = createFrame(win, config);
  whenBodyReady(doc, () => doc.body.appendChild(frame));
  return frame;
}

function createFrame(win: Window, config: WidgetConfig): HTMLIFrameElement {
  const frame = win.document.createElement('iframe');
  frame.id = FRAME_ELEMENT_ID;
  frame.title = 'Rapport chat';
  frame.src = frameUrl(config, win.location.origin);
  let open = false;
  applyLayout(frame, open, win.innerWidth);

  win.addEventListener('message', (event: MessageEvent) => {
    if (event.origin !== config.serverOrigin) return;
    if (!frame.contentWindow || event.source !== frame.contentWindow) return;
    if (!isFrameToHostMessage(event.data)) return;
    open = event.data.open;
    applyLayout(frame, open, win.innerWidth);
  });
  win.addEventListener('resize', () => applyLayout(frame, open, win.innerWidth));
  return frame;
}

function whenBodyReady(doc: Document, run: () => void): void {
  if (doc.body) run();
  else doc.addEventListener('DOMContentLoaded', run, { once: true });
}
