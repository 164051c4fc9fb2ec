import { onBeforeUnmount, onMounted } from 'vue';
import { browser } from 'wxt/browser';
import { readOpenRequest, RECOGNITION_OPEN_KEY } from '../../lib/background/recognition-open';
import { useSelectionStore } from '../../stores/selection';

/**
 * The side panel's half of "Open in side panel" on a customer card on a web page: select the
 * customer's latest conversation that the background stored (lib/background/recognition-open.ts),
 * when the panel opens (the browser may not have let the background open it) or at once when it
 * is open already. A request is taken once, by the first panel that sees it.
 */
export function useRecognitionOpen(): void {
  const selection = useSelectionStore();

  async function take(value: unknown): Promise<void> {
    const request = readOpenRequest(value);
    if (!request) return;
    await browser.storage.local.remove(RECOGNITION_OPEN_KEY);
    if (request.conversationId) selection.select(request.conversationId);
  }

  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
    const change = changes[RECOGNITION_OPEN_KEY];
    if (area === 'local' && change?.newValue) void take(change.newValue);
  };

  onMounted(async () => {
    browser.storage.onChanged.addListener(onChanged);
    await take((await browser.storage.local.get(RECOGNITION_OPEN_KEY))[RECOGNITION_OPEN_KEY]);
  });
  onBeforeUnmount(() => browser.storage.onChanged.removeListener(onChanged));
}
