import type { Change, Conversation, Customer, Message, Workspace } from '../../protocol';
import { hashToken, newToken } from '../auth/tokens';
import { NotFoundError } from '../errors';
import { visitorCustomer } from '../identity/visitor-customer';
import type { RapportStorage } from '../storage/storage';

/** How many of the latest conversation's messages a visitor gets when a session starts. */
export const VISITOR_HISTORY_LIMIT = 100;

export interface VisitorState {
  customer: Customer;
  workspace: Workspace;
  conversation: Conversation | null;
  messages: Message[];
}

/** The customer behind a visitor token, or null when the workspace or token is unknown. */
export async function authenticateVisitor(
  storage: RapportStorage,
  workspaceId: string,
  visitorToken: string,
): Promise<{ customer: Customer; workspace: Workspace } | null> {
  const workspace = await storage.getWorkspace(workspaceId);
  if (!workspace) return null;
  const customer = await storage.findCustomerByVisitorToken(workspaceId, hashToken(visitorToken));
  return customer ? { customer, workspace } : null;
}

/** The visitor's latest conversation and its latest messages, oldest first. */
export async function visitorHistory(
  storage: RapportStorage,
  customer: Customer,
): Promise<{ conversation: Conversation | null; messages: Message[] }> {
  const conversation = await storage.findLatestConversation(customer.workspaceId, customer.id);
  if (!conversation) return { conversation: null, messages: [] };
  const page = await storage.listMessages(customer.workspaceId, conversation.id, {
    limit: VISITOR_HISTORY_LIMIT,
  });
  return { conversation, messages: page.messages };
}

/**
 * Resume the visitor behind `visitorToken`, or create a new anonymous customer (with a new token,
 * returned here once) when there is no token or it is unknown; the new customer's change is
 * handed to `publish` after commit.
 */
export async function startVisitorSession(
  storage: RapportStorage,
  input: { workspaceId: string; visitorToken?: string | undefined },
  now: number,
  publish: (workspaceId: string, changes: Change[]) => Promise<void>,
  /** Called before a new customer is created; throws to refuse (e.g. too many from one address). */
  admitNewVisitor: () => void = () => {},
): Promise<VisitorState & { visitorToken: string }> {
  const workspace = await storage.getWorkspace(input.workspaceId);
  if (!workspace) throw new NotFoundError('The workspace in the widget script tag');
  if (input.visitorToken) {
    const customer = await storage.findCustomerByVisitorToken(
      workspace.id,
      hashToken(input.visitorToken),
    );
    if (customer) {
      const history = await visitorHistory(storage, customer);
      return {
        visitorToken: input.visitorToken,
        customer: visitorCustomer(customer),
        workspace,
        ...history,
      };
    }
  }
  admitNewVisitor();
  const visitorToken = newToken();
  const { customer, changes } = await storage.createCustomer({
    workspaceId: workspace.id,
    visitorTokenHash: hashToken(visitorToken),
    now,
  });
  await publish(workspace.id, changes);
  return {
    visitorToken,
    customer: visitorCustomer(customer),
    workspace,
    conversation: null,
    messages: [],
  };
}
