/** Viewports at most this wide get the open chat full screen. */
export const NARROW_MAX_WIDTH = 480;

type Styles = Record<string, string>;

// Every property is set with !important so the host page's CSS (e.g. `iframe { … }`) can't
// move, hide or resize the widget.
const BASE: Styles = {
  position: 'fixed',
  'z-index': '2147483000',
  border: '0',
  margin: '0',
  padding: '0',
  display: 'block',
  'max-width': 'none',
  'max-height': 'none',
  'min-width': '0',
  'min-height': '0',
  background: 'transparent',
  'color-scheme': 'light',
  overflow: 'hidden',
  visibility: 'visible',
  opacity: '1',
  transform: 'none',
  top: 'auto',
  left: 'auto',
};

const CLOSED: Styles = {
  right: '20px',
  bottom: '20px',
  width: '60px',
  height: '60px',
  'border-radius': '50%',
  'box-shadow': '0 6px 20px rgba(17, 24, 39, 0.25)',
};

const OPEN: Styles = {
  right: '20px',
  bottom: '20px',
  width: '380px',
  height: 'min(640px, calc(100vh - 40px))',
  'border-radius': '16px',
  'box-shadow': '0 12px 40px rgba(17, 24, 39, 0.25)',
};

const OPEN_NARROW: Styles = {
  top: '0',
  left: '0',
  right: '0',
  bottom: '0',
  width: '100%',
  height: '100%',
  'border-radius': '0',
  'box-shadow': 'none',
};

export function layoutStyles(open: boolean, viewportWidth: number): Styles {
  if (!open) return { ...BASE, ...CLOSED };
  return { ...BASE, ...(viewportWidth <= NARROW_MAX_WIDTH ? OPEN_NARROW : OPEN) };
}

export function applyLayout(frame: HTMLIFrameElement, open: boolean, viewportWidth: number): void {
  for (const [name, value] of Object.entries(layoutStyles(open, viewportWidth))) {
    frame.style.setProperty(name, value, 'important');
  }
}
