import { browser } from 'wxt/browser';

interface ChromeSidePanel {
  open(options: { windowId: number }): Promise<void>;
}
interface FirefoxSidebarAction {
  open(): Promise<void>;
}
type PanelApis = { sidePanel?: ChromeSidePanel; sidebarAction?: FirefoxSidebarAction };

/** Whether this browser can open the side panel from the popup at all. */
export function canOpenSidePanel(): boolean {
  const apis = browser as unknown as PanelApis;
  return (
    typeof apis.sidePanel?.open === 'function' || typeof apis.sidebarAction?.open === 'function'
  );
}

/**
 * Open the side panel (Chrome) or sidebar (Firefox). Both need a user gesture, so call this
 * straight from a click handler and pass the window id fetched beforehand (Chrome); awaiting
 * anything before the call can lose the gesture.
 */
export async function openSidePanel(windowId: number | undefined): Promise<void> {
  const apis = browser as unknown as PanelApis;
  if (typeof apis.sidePanel?.open === 'function') {
    const id = windowId ?? (await browser.windows.getCurrent())?.id;
    if (id === undefined) throw new Error('Rapport could not find the current window.');
    return apis.sidePanel.open({ windowId: id });
  }
  if (typeof apis.sidebarAction?.open === 'function') return apis.sidebarAction.open();
  throw new Error('This browser cannot open the Rapport side panel from here.');
}
