import { computed, ref, watch, type ComputedRef, type Ref } from 'vue';
import type { Customer } from '../../protocol';
import { getDb, type CustomerProfileRow } from '../../lib/db';
import type { Failure } from '../../lib/messages';
import { sendMessage } from '../../lib/messaging';
import { useLiveQuery } from '../common/useLiveQuery';
import { pastConversations, type PastConversation } from './profile';

export type HistoryState = 'loading' | 'loaded' | 'failed';

export interface CustomerProfileView {
  /** The customer to show: the one a merged visitor merged into, else the conversation's. */
  customer: ComputedRef<Customer | undefined>;
  /** The conversation's own customer when it was merged into `customer`. */
  mergedFrom: ComputedRef<Customer | undefined>;
  profile: ComputedRef<CustomerProfileRow | undefined>;
  /** Other conversations of the customer, newest first (profile + cache). */
  past: ComputedRef<PastConversation[]>;
  /** Whether the cached rows have been read once. */
  loaded: Ref<boolean>;
  /** The fetch of the server's profile (pages and conversations). */
  history: Ref<HistoryState>;
  historyError: Ref<Failure | null>;
  reload: () => Promise<void>;
}

/**
 * The customer card's data: the cached customer (at once, through liveQuery), the cached profile
 * and conversations, and a fetch of the server's profile through the background, which caches
 * it (`customer.profile`).
 */
export function useCustomerProfile(
  customerId: () => string,
  conversationId: () => string,
): CustomerProfileView {
  const query = useLiveQuery(async () => {
    const db = getDb();
    const id = customerId();
    const own = await db.customers.get(id);
    const targetId = own?.mergedIntoId ?? null;
    const ids = targetId ? [id, targetId] : [id];
    const [target, profile, conversations, agents] = await Promise.all([
      targetId ? db.customers.get(targetId) : undefined,
      db.customerProfiles.get(id),
      db.conversations.where('customerId').anyOf(ids).toArray(),
      db.agents.toArray(),
    ]);
    return { own, target, targetId, profile, conversations, agents };
  }, [customerId]);

  const data = computed(() => query.data.value);
  const mergedFrom = computed(() => (data.value?.targetId ? data.value.own : undefined));
  const customer = computed(() => {
    const d = data.value;
    if (!d) return undefined;
    if (d.targetId) return d.target ?? d.profile?.customer;
    return d.own ?? d.profile?.customer;
  });
  const profile = computed(() => data.value?.profile);
  const past = computed(() =>
    pastConversations(
      conversationId(),
      data.value?.profile?.conversations ?? [],
      data.value?.conversations ?? [],
      data.value?.agents ?? [],
    ),
  );

  const history = ref<HistoryState>('loading');
  const historyError = ref<Failure | null>(null);
  let asked = 0;

  async function reload(): Promise<void> {
    const ask = ++asked;
    history.value = 'loading';
    historyError.value = null;
    const answer = await sendMessage('customer.profile', { customerId: customerId() });
    if (ask !== asked) return; // another customer (or a retry) meanwhile
    if (answer.ok) {
      history.value = 'loaded';
    } else {
      history.value = 'failed';
      historyError.value = answer;
    }
  }

  watch(customerId, () => void reload(), { immediate: true });

  return {
    customer,
    mergedFrom,
    profile,
    past,
    loaded: query.loaded,
    history,
    historyError,
    reload,
  };
}
