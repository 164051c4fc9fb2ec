import { onBeforeUnmount, onMounted } from 'vue';
import { sendMessage } from '../../lib/messaging';

/**
 * Tell the background whether the side panel is in view (on mount, on every visibility change,
 * and `false` when the page goes away), so it notifies only when the agent cannot see the chat.
 */
export function useVisibilityReport(): void {
  const report = (visible: boolean) => void sendMessage('sidepanel.visibility', { visible });
  const onVisibilityChange = () => report(document.visibilityState === 'visible');
  const onPageHide = () => report(false);

  onMounted(() => {
    onVisibilityChange();
    document.addEventListener('visibilitychange', onVisibilityChange);
    window.addEventListener('pagehide', onPageHide);
  });
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', onVisibilityChange);
    window.removeEventListener('pagehide', onPageHide);
  });
}
