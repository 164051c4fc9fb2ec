import type { Customer } from '../../protocol';

/**
 * The customer as the visitor may see it: who they are, never what agents wrote about them
 * (notes, tags), their claims or pages.
 */
export function visitorCustomer(customer: Customer): Customer {
  const { id, workspaceId, name, email, createdAt } = customer;
  return { id, workspaceId, name, email, createdAt };
}
