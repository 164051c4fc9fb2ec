import { onBeforeUnmount, onMounted } from 'vue';
import { sendMessage } from '../../lib/messaging';

/** The background forgets a report after 60 s; repeat well within that while in view. */
export const VISIBILITY_HEARTBEAT_MS = 25_000;

/**
 * Tell the background whether the side panel is in view (on mount, on every visibility change,
 * every VISIBILITY_HEARTBEAT_MS while visible, and `false` when the page goes away), so it
 * notifies only when the agent cannot see the chat.
 */
export function useVisibilityReport(): void {
  const report = (visible: boolean) => void sendMessage('sidepanel.visibility', { visible });
  const onVisibilityChange = () => report(document.visibilityState === 'visible');
  const onPageHide = () => report(false);
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  onMounted(() => {
    onVisibilityChange();
    document.addEventListener('visibilitychange', onVisibilityChange);
    window.addEventListener('pagehide', onPageHide);
    heartbeat = setInterval(() => {
      if (document.visibilityState === 'visible') report(true);
    }, VISIBILITY_HEARTBEAT_MS);
  });
  onBeforeUnmount(() => {
    clearInterval(heartbeat);
    document.removeEventListener('visibilitychange', onVisibilityChange);
    window.removeEventListener('pagehide', onPageHide);
  });
}
