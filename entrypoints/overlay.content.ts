import { defineContentScript } from 'wxt/utils/define-content-script';
import { loadOverlayUi } from '../lib/overlay/load-ui';
import { startOverlay } from '../lib/overlay/overlay';
import { startRecognition } from '../lib/overlay/recognize/recognizer';

// Macros in any text field or rich editor of any page (lib/overlay/). Every frame runs its own
// copy (same-origin iframes, about:blank editor frames); each acts only on its own focused field.
// Each also marks known customers' emails and phone numbers in its text (lib/overlay/recognize/).
export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  runAt: 'document_end',
  main() {
    startOverlay({ loadUi: loadOverlayUi });
    void startRecognition({ loadUi: loadOverlayUi }).refresh();
  },
});
