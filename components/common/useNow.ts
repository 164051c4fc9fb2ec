import { onScopeDispose, ref, type Ref } from 'vue';

const INTERVAL_MS = 30_000;
const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

/**
 * The current time in ms, for relative times that age. One timer (every 30 s) is shared by every
 * component that uses it, and stops when the last of them goes away.
 */
export function useNow(): Readonly<Ref<number>> {
  if (users++ === 0) {
    now.value = Date.now();
    timer = setInterval(() => (now.value = Date.now()), INTERVAL_MS);
  }
  onScopeDispose(() => {
    if (--users === 0) clearInterval(timer);
  });
  return now;
}
