import type { RefusalCode, RoutingEffect } from './types';

// The sentences a refused routing event comes back with. Routing knows ids, not names, so they
// say "that agent"; the server may put the agent's name in front when it shows them.

type FixedRefusal = Exclude<RefusalCode, 'invalid_capacity'>;

const MESSAGES: Record<FixedRefusal, string> = {
  unknown_agent: 'That agent was not found. Reload the list of agents and try again.',
  agent_exists: 'That agent is already known to routing; change their status or slots instead.',
  unknown_conversation:
    'That conversation is not open: it was closed already or never started. Reload the list.',
  conversation_exists: 'That conversation is already open, so there is nothing to reopen or start.',
  conversation_queued:
    'That conversation is waiting in the queue and has no agent yet, so it cannot be transferred. ' +
    'It goes to the next agent with a free slot.',
  same_agent:
    'This conversation is already with that agent. Choose another agent to transfer it to.',
  target_offline:
    'That agent is offline, so the conversation was not transferred. Choose an agent who is online.',
  target_away:
    'That agent is away and takes no new conversations, so it was not transferred. ' +
    'Choose an agent who is online.',
  target_full:
    'That agent has no free chat slot, so the conversation was not transferred. ' +
    'Choose an agent with a free slot, or wait until one frees up.',
};

/** The effects of a refused event: this refusal alone. */
export function refused(code: FixedRefusal): RoutingEffect[] {
  return [{ type: 'refused', code, message: MESSAGES[code] }];
}

/** A refused capacity, with the message from `validateCapacity`. */
export function refusedCapacity(message: string): RoutingEffect[] {
  return [{ type: 'refused', code: 'invalid_capacity', message }];
}
