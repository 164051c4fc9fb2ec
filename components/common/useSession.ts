import { computed, type ComputedRef, type Ref } from 'vue';
import type { Agent } from '../../protocol';
import {
  getDb,
  getMetaDb,
  type ConnectionState,
  type SessionState,
  type SyncProgressState,
} from '../../lib/db';
import { useLiveQuery } from './useLiveQuery';

interface SessionSnapshot {
  connection: ConnectionState | undefined;
  session: SessionState | undefined;
  sync: SyncProgressState | undefined;
  agent: Agent | undefined;
}

export interface SessionView {
  loaded: Ref<boolean>;
  connection: ComputedRef<ConnectionState | undefined>;
  session: ComputedRef<SessionState | undefined>;
  /** Progress of a pull from the server, and whether the cache can be written. */
  sync: ComputedRef<SyncProgressState | undefined>;
  /** The signed-in agent's row, once the background has written it. */
  agent: ComputedRef<Agent | undefined>;
  /** True when the background says so, or when no session is stored. */
  signedOut: ComputedRef<boolean>;
}

/**
 * The rows the background writes in the META database (connection, session, sync) and the
 * signed-in agent from the account's DATA database (the one `openActiveDb()` activated).
 */
export function useSession(): SessionView {
  const query = useLiveQuery(async (): Promise<SessionSnapshot> => {
    const rows = await getMetaDb().state.bulkGet(['connection', 'session', 'sync']);
    const [connection, session, sync] = rows;
    const sessionRow = session?.key === 'session' ? session : undefined;
    const agent = sessionRow ? await getDb().agents.get(sessionRow.agentId) : undefined;
    return {
      connection: connection?.key === 'connection' ? connection : undefined,
      session: sessionRow,
      sync: sync?.key === 'sync' ? sync : undefined,
      agent,
    };
  });
  const connection = computed(() => query.data.value?.connection);
  const session = computed(() => query.data.value?.session);
  return {
    loaded: query.loaded,
    connection,
    session,
    sync: computed(() => query.data.value?.sync),
    agent: computed(() => query.data.value?.agent),
    signedOut: computed(() => connection.value?.status === 'signed_out' || !session.value),
  };
}
