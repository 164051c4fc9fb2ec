import type { AgentServerFrame, Change } from '../../protocol';

// Who may see which change (SPEC S14). Everything in a workspace is shared by its agents except
// a personal macro, its tombstone and an agent's pins: those reach their owner only. The pull
// filters the same way in SQL (kysely-sync.ts); this is the live fan-out's side.

export function visibleTo(change: Change, agentId: string): boolean {
  switch (change.entity) {
    case 'macro':
      return change.data.scope === 'team' || change.data.ownerId === agentId;
    case 'macroDeleted':
      return change.data.ownerId === null || change.data.ownerId === agentId;
    case 'macroPins':
      return change.data.id === agentId;
    default:
      return true;
  }
}

/**
 * The frame as one agent gets it: a `sync.changes` frame keeps its seq range (`from`…`to`, which
 * moves the cursor) and only the changes this agent may see, possibly none.
 */
export function frameFor(frame: AgentServerFrame, agentId: string): AgentServerFrame {
  if (frame.type !== 'sync.changes') return frame;
  const changes = frame.changes.filter((change) => visibleTo(change, agentId));
  return changes.length === frame.changes.length ? frame : { ...frame, changes };
}
