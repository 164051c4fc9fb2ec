import type { AgentServerFrame } from '../../protocol';
import { getDb } from '../db';
import type { CacheWriter } from './cache-writer';
import { notifyNewConversation } from './notifications';
import type { PanelVisibility } from './visibility';

/** Store what a server frame carries; announce new open conversations when the panel is hidden. */
export async function applyFrame(
  frame: AgentServerFrame,
  cache: CacheWriter,
  visibility: PanelVisibility,
): Promise<void> {
  switch (frame.type) {
    case 'message.created':
    case 'message.ack':
      await cache.putMessages([frame.message]);
      return;
    case 'conversation.updated': {
      const conversation = frame.conversation;
      const isNew = await cache.putConversation(conversation);
      if (isNew && conversation.status === 'open' && !visibility.inView()) {
        const customer = await getDb().customers.get(conversation.customerId);
        await notifyNewConversation(conversation, customer);
      }
      return;
    }
    case 'customer.updated':
      await cache.putCustomer(frame.customer);
      return;
    case 'agent.updated':
      await cache.putAgent(frame.agent);
      return;
    default:
      return; // welcome, pong and error are the connection's business
  }
}
