import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground, stopBackground } from '../../../lib/background';
import { listenForCommands, OPEN_PALETTE_COMMAND } from '../../../lib/background/commands';
import { resetDb } from '../../../lib/db';
import { fakeOnCommand } from '../fake-commands';

const PALETTE_OPEN = { rapportOverlay: 1, type: 'palette.open' };

function spySendMessage(impl: () => Promise<unknown> = async () => undefined) {
  const tabs = fakeBrowser.tabs as unknown as { sendMessage: (...args: unknown[]) => unknown };
  return vi.spyOn(tabs, 'sendMessage').mockImplementation(impl);
}

describe('the open-macro-palette browser command', () => {
  let stop: (() => void) | undefined;
  beforeEach(async () => {
    fakeBrowser.reset();
    await resetDb();
  });
  afterEach(() => {
    stop?.();
    stop = undefined;
    stopBackground();
    vi.restoreAllMocks();
  });

  it("tells the command's tab to open the palette, in all its frames", async () => {
    const send = spySendMessage();
    stop = listenForCommands();
    fakeOnCommand.trigger(OPEN_PALETTE_COMMAND, { id: 42 });
    await vi.waitFor(() => expect(send).toHaveBeenCalledOnce());
    expect(send).toHaveBeenCalledWith(42, PALETTE_OPEN); // no frameId: every frame
  });

  it('asks for the active tab when the browser gives none', async () => {
    const send = spySendMessage();
    const query = vi
      .spyOn(fakeBrowser.tabs, 'query')
      .mockResolvedValue([
        { id: 9, index: 0, highlighted: true, active: true, pinned: false, incognito: false },
      ]);
    stop = listenForCommands();
    fakeOnCommand.trigger(OPEN_PALETTE_COMMAND);
    await vi.waitFor(() => expect(send).toHaveBeenCalledWith(9, PALETTE_OPEN));
    expect(query).toHaveBeenCalledWith({ active: true, currentWindow: true });
  });

  it('ignores tabs without the overlay and other commands', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const send = spySendMessage(() =>
        Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')),
      );
      stop = listenForCommands();
      fakeOnCommand.trigger('something-else', { id: 1 });
      fakeOnCommand.trigger(OPEN_PALETTE_COMMAND, { id: 7 });
      await vi.waitFor(() => expect(send).toHaveBeenCalledOnce());
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(send).toHaveBeenCalledWith(7, PALETTE_OPEN);
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('is listened to while the background runs, and no longer once it stops', async () => {
    const send = spySendMessage();
    startBackground();
    expect(fakeOnCommand.hasListeners()).toBe(true);
    fakeOnCommand.trigger(OPEN_PALETTE_COMMAND, { id: 3 });
    await vi.waitFor(() => expect(send).toHaveBeenCalledOnce());
    stopBackground();
    expect(fakeOnCommand.hasListeners()).toBe(false);
  });
});
