import { defineBackground } from 'wxt/utils/define-background';
import { startBackground } from '../lib/background';

// The service worker (Firefox: event page). All logic lives in lib/background/.
export default defineBackground(() => {
  startBackground();
});
