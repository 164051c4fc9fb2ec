import { computed, type ComputedRef, type Ref } from 'vue';
import type { Agent } from '../../protocol';
import { getDb, type ConnectionState, type SessionState } from '../../lib/db';
import { useLiveQuery } from './useLiveQuery';

interface SessionSnapshot {
  connection: ConnectionState | undefined;
  session: SessionState | undefined;
  agent: Agent | undefined;
}

export interface SessionView {
  loaded: Ref<boolean>;
  connection: ComputedRef<ConnectionState | undefined>;
  session: ComputedRef<SessionState | undefined>;
  /** The signed-in agent's row, once the background has written it. */
  agent: ComputedRef<Agent | undefined>;
  /** True when the background says so, or when no session is stored. */
  signedOut: ComputedRef<boolean>;
}

/** The connection and session rows the background writes, and the signed-in agent. */
export function useSession(): SessionView {
  const query = useLiveQuery(async (): Promise<SessionSnapshot> => {
    const db = getDb();
    const [connection, session] = await Promise.all([
      db.state.get('connection'),
      db.state.get('session'),
    ]);
    const sessionRow = session?.key === 'session' ? session : undefined;
    const agent = sessionRow ? await db.agents.get(sessionRow.agentId) : undefined;
    return {
      connection: connection?.key === 'connection' ? connection : undefined,
      session: sessionRow,
      agent,
    };
  });
  const connection = computed(() => query.data.value?.connection);
  const session = computed(() => query.data.value?.session);
  return {
    loaded: query.loaded,
    connection,
    session,
    agent: computed(() => query.data.value?.agent),
    signedOut: computed(() => connection.value?.status === 'signed_out' || !session.value),
  };
}
