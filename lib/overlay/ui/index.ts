import type { OverlayUi } from '../load-ui';
import { showCustomerCard } from './card';
import { openPalette } from './palette';
import { askPrompts } from './prompts';

/**
 * The overlay's UI, built as its own module (overlay-ui.js) and loaded by the content script
 * the first time it is needed (../load-ui.ts). Plain DOM in a closed shadow root.
 */
export const overlayUi: OverlayUi = { openPalette, askPrompts, showCustomerCard };
