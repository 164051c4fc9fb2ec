import type { Agent, Conversation } from '../../protocol';

/** Chat slots of an agent the server has not told us yet (servers before routing). */
export const DEFAULT_SLOTS = 4;

/** "3 of 4 slots": open conversations assigned to the agent, of their chat slots. */
export function slotsText(used: number, capacity: number): string {
  return `${used} of ${capacity} ${capacity === 1 ? 'slot' : 'slots'}`;
}

/** Open conversations held by each agent, from the cached conversations. */
export function slotsUsed(conversations: readonly Conversation[]): Map<string, number> {
  const used = new Map<string, number>();
  for (const c of conversations)
    if (c.status === 'open' && c.assigneeId)
      used.set(c.assigneeId, (used.get(c.assigneeId) ?? 0) + 1);
  return used;
}

/** Why a transfer to this agent would be refused, as the server would say it; null when it can go. */
export function transferBlock(
  agent: Agent,
  used: number,
  assigneeId: string | null,
): string | null {
  if (agent.id === assigneeId) return 'has it now';
  if (agent.status === 'offline') return 'offline';
  if (agent.status === 'away') return 'away';
  if (used >= (agent.capacity ?? DEFAULT_SLOTS)) return 'no free slot';
  return null;
}
