import { identifyResultText } from '../shared/identify';
import { FRAME_ELEMENT_ID, isFrameToHostMessage } from '../shared/messages';
import { installApi } from './api';
import { frameChannel } from './channel';
import { applyLayout } from './layout';
import { trackPages } from './pages';
import { findWidgetScript, frameUrl, readWidgetConfig, type WidgetConfig } from './script';

const INSTALLED_MARK = 'data-rapport-widget';

/**
 * Put the chat iframe on the page once, define `window.Rapport` (identify) and report the pages
 * the visitor sees. Returns the iframe, or null when the widget is already on the page or the
 * script tag is not usable (a console warning then says what to fix). `window.Rapport` is the
 * only global: the conversation lives only inside the cross-origin frame.
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

  const channel = frameChannel(frame, config.serverOrigin);

  win.addEventListener('message', (event: MessageEvent) => {
    if (event.origin !== config.serverOrigin) return;
    if (!frame.contentWindow || event.source !== frame.contentWindow) return;
    if (!isFrameToHostMessage(event.data)) return;
    const message = event.data;
    switch (message.type) {
      case 'layout':
        open = message.open;
        applyLayout(frame, open, win.innerWidth);
        return;
      case 'ready':
        return channel.ready();
      case 'identify.result': {
        const line = identifyResultText(message);
        if (line?.level === 'error') console.error(line.text);
        else if (line) console.warn(line.text);
        return;
      }
    }
  });
  win.addEventListener('resize', () => applyLayout(frame, open, win.innerWidth));
  installApi(win, {
    identify: (user) => channel.post({ rapport: 'host', type: 'identify', user }),
    reset: () => channel.post({ rapport: 'host', type: 'reset' }),
  });
  trackPages(win, (page) => channel.post({ rapport: 'host', type: 'page', ...page }));
  return frame;
}

function whenBodyReady(doc: Document, run: () => void): void {
  if (doc.body) run();
  else doc.addEventListener('DOMContentLoaded', run, { once: true });
}
