import type { Agent, Conversation, Customer } from '../../protocol';

/** One line of the conversation list: the conversation, its customer and assignee (when cached). */
export interface ConversationRow {
  conversation: Conversation;
  customer: Customer | undefined;
  assignee: Agent | undefined;
}
