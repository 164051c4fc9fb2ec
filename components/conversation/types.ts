import type { Agent, Conversation, Customer } from '../../protocol';

/** One line of the conversation list: the conversation, its customer and assignee (when cached). */
export interface ConversationRow {
  conversation: Conversation;
  customer: Customer | undefined;
  assignee: Agent | undefined;
}

/**
 * Conversations the side panel reads and renders at first, and adds each time the list asks for
 * more (scroll, keys): a screenful and then some, so the first render stays small.
 */
export const LIST_PAGE_SIZE = 30;
