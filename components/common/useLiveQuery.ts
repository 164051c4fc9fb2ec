import { liveQuery, type Subscription } from 'dexie';
import {
  onScopeDispose,
  ref,
  shallowRef,
  watch,
  type Ref,
  type ShallowRef,
  type WatchSource,
} from 'vue';

export interface LiveQuery<T> {
  /** The latest result; undefined until the first one arrives. */
  data: ShallowRef<T | undefined>;
  /** False until the first result (or error) arrives, and again after `deps` change. */
  loaded: Ref<boolean>;
  error: ShallowRef<unknown>;
}

export interface LiveQueryOptions {
  /**
   * Keep showing the previous result (and `loaded`) while the query restarts after `deps`
   * changed, e.g. a list that only grows its limit: no flash of "Loading…".
   */
  keepPrevious?: boolean;
}

/**
 * Follow a Dexie query: re-runs whenever the tables it read change. Pass `deps` (Vue refs or
 * getters) when the query depends on component state; the query restarts when they change.
 * The subscription ends with the component (or effect scope) that created it.
 */
export function useLiveQuery<T>(
  querier: () => T | Promise<T>,
  deps: WatchSource[] = [],
  options: LiveQueryOptions = {},
): LiveQuery<T> {
  const data = shallowRef<T>();
  const loaded = ref(false);
  const error = shallowRef<unknown>(null);
  let subscription: Subscription | undefined;

  function start(): void {
    const restart = subscription !== undefined;
    subscription?.unsubscribe();
    if (!restart || !options.keepPrevious) {
      data.value = undefined;
      loaded.value = false;
      error.value = null;
    }
    subscription = liveQuery(querier).subscribe({
      next(value) {
        data.value = value;
        error.value = null;
        loaded.value = true;
      },
      error(reason: unknown) {
        error.value = reason;
        loaded.value = true;
      },
    });
  }

  watch(deps, start, { immediate: true });
  onScopeDispose(() => subscription?.unsubscribe());
  return { data, loaded, error };
}
