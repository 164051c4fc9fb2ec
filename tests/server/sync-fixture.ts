import { expect } from 'vitest';
import { uuidv7, type Change, type SyncPage } from '../../protocol';
import type { RapportStorage } from '../../server/storage/storage';

/**
 * Every page from `since` until hasMore is false, checking each page's own rules on the way;
 * as `agentId` sees them (S14) when given.
 */
export async function drain(
  storage: RapportStorage,
  workspaceId: string,
  since: number,
  limit: number,
  agentId?: string,
): Promise<{ changes: Change[]; pages: SyncPage[]; cursor: number }> {
  const pages: SyncPage[] = [];
  let cursor = since;
  for (;;) {
    const result = await storage.pullChanges(workspaceId, { since: cursor, limit, agentId });
    if (result.status !== 'page') throw new Error(`pull refused: ${result.status}`);
    const page: SyncPage = {
      epoch: result.epoch,
      changes: result.changes,
      cursor: result.cursor,
      headSeq: result.headSeq,
      hasMore: result.hasMore,
    };
    expect(page.changes.length).toBeLessThanOrEqual(limit);
    pages.push(page);
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  return { changes: pages.flatMap((p) => p.changes), pages, cursor };
}

/** entity:id, to compare changes by what they are about. */
export const key = (c: Change) => `${c.entity}:${c.data.id}`;

/** A workspace with one agent, and shortcuts to write in it. */
export async function syncSetup(s: RapportStorage, tick: () => number) {
  const workspace = await s.createWorkspace({ name: 'Shop', now: tick() });
  const agent = await s.createAgent({
    workspaceId: workspace.id,
    email: `a-${workspace.id}@example.test`,
    name: 'Ada',
    role: 'agent',
    passwordHash: 'hash',
    now: tick(),
  });
  const customer = async (token: string) =>
    (
      await s.createCustomer({
        workspaceId: workspace.id,
        visitorTokenHash: token,
        now: tick(),
      })
    ).customer;
  const say = async (customerId: string, text: string, clientId = uuidv7()) => {
    const r = await s.appendCustomerMessage({
      workspaceId: workspace.id,
      customerId,
      clientId,
      text,
      now: tick(),
    });
    if (r.status !== 'created') throw new Error(`not created: ${r.status}`);
    return r;
  };
  const reply = async (conversationId: string, text: string, clientId = uuidv7()) =>
    s.appendAgentMessage({
      workspaceId: workspace.id,
      conversationId,
      agent: { id: agent.id, name: agent.name },
      clientId,
      text,
      now: tick(),
    });
  const head = async () => (await s.getSyncHead(workspace.id))!.headSeq;
  return { workspace, agent, customer, say, reply, head };
}
