import { onScopeDispose, ref, type Ref } from 'vue';

/** The current time in ms, refreshed every `intervalMs`, for relative times that age. */
export function useNow(intervalMs = 30_000): Ref<number> {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), intervalMs);
  onScopeDispose(() => clearInterval(timer));
  return now;
}
