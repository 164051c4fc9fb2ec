import { browser, type Browser } from 'wxt/browser';
import type { OverlayCommand } from '../overlay/protocol';

/** The browser command (manifest `commands`, default Ctrl+Shift+Space) that opens the palette. */
export const OPEN_PALETTE_COMMAND = 'open-macro-palette';

/** Tell the tab's overlay content scripts (every frame; the focused one opens it). */
async function openPalette(tab: Browser.tabs.Tab | undefined): Promise<void> {
  const tabId = tab?.id ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  if (tabId === undefined) return;
  const command: OverlayCommand = { rapportOverlay: 1, type: 'palette.open' };
  try {
    await browser.tabs.sendMessage(tabId, command);
  } catch {
    // No overlay in this tab (browser pages, the store, a tab loaded before the extension).
  }
}

function onCommand(command: string, tab?: Browser.tabs.Tab): void {
  if (command === OPEN_PALETTE_COMMAND) void openPalette(tab);
}

/** Listen for the extension's keyboard commands; returns the function that stops listening. */
export function listenForCommands(): () => void {
  const commands = browser.commands as typeof browser.commands | undefined; // none on Android
  if (!commands) return () => {};
  commands.onCommand.addListener(onCommand);
  return () => commands.onCommand.removeListener(onCommand);
}
