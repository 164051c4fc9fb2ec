import { fakeBrowser } from 'wxt/testing/fake-browser';

type CommandListener = (command: string, tab?: { id?: number }) => void;

const listeners = new Set<CommandListener>();

/** WXT's fake browser has no `commands.onCommand`: this one can be triggered by tests. */
export const fakeOnCommand = {
  addListener: (listener: CommandListener) => void listeners.add(listener),
  removeListener: (listener: CommandListener) => void listeners.delete(listener),
  hasListener: (listener: CommandListener) => listeners.has(listener),
  hasListeners: () => listeners.size > 0,
  /** Fire the command as the browser does when its shortcut is pressed. */
  trigger(command: string, tab?: { id?: number }): void {
    for (const listener of listeners) listener(command, tab);
  },
};

(fakeBrowser.commands as unknown as { onCommand: typeof fakeOnCommand }).onCommand = fakeOnCommand;
