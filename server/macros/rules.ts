import type { Agent, Macro, MacroInput, MacroScope } from '../../protocol';
import type { MacroDraft } from '../storage/storage';

// Who may change which macro, and the sentences that say so.

export const TEAM_MACROS_ADMIN_ONLY =
  'Only admins can change team macros. Save it as a personal macro, or ask an admin.';

/** Admins change team macros; everyone changes their own personal ones. */
export function mayChange(agent: Agent, scope: MacroScope): boolean {
  return scope === 'personal' || agent.role === 'admin';
}

/** The stored form of an input: a personal macro belongs to the agent who saves it. */
export function toDraft(input: MacroInput, agent: Agent): MacroDraft {
  return { ...input, ownerId: input.scope === 'personal' ? agent.id : null };
}

/** `The shortcut ";refund" is already used by the team macro "Refund policy". …` */
export function shortcutTakenMessage(other: Macro): string {
  const kind = other.scope === 'team' ? 'the team macro' : 'your personal macro';
  return (
    `The shortcut ";${other.shortcut}" is already used by ${kind} "${other.title}". ` +
    'Choose another shortcut, or change that macro first.'
  );
}
