import type { Conversation, Customer } from '../../protocol';

/** One line of the conversation list: the conversation and its customer (when cached). */
export interface ConversationRow {
  conversation: Conversation;
  customer: Customer | undefined;
}
