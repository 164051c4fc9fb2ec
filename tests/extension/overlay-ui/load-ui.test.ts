import { describe, expect, it } from 'vitest';
import { loadOverlayUi, OverlayUiLoadError } from '../../../lib/overlay/load-ui';

describe('loading the overlay UI', () => {
  it('says what to do when the UI module cannot load (the extension changed under the page)', async () => {
    const failed = loadOverlayUi();
    await expect(failed).rejects.toBeInstanceOf(OverlayUiLoadError);
    await expect(failed).rejects.toThrow('Reload the page and try again.');
    // A failure is not kept: the next open tries again.
    const again = loadOverlayUi();
    expect(again).not.toBe(failed);
    await expect(again).rejects.toBeInstanceOf(OverlayUiLoadError);
  });
});
