import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { createKyselyStorage } from '../../server/storage/kysely-storage';
import type { Database } from '../../server/storage/schema';

// After 0006 on a database from 0001 (seedAt0001): agents read with 4 chat slots, the open
// assigned conversation is not queued, routing's snapshot is built from the old rows (R8), and a
// routing write works on them.

export async function expectRoutingAfter0006(db: Kysely<unknown>): Promise<void> {
  const storage = createKyselyStorage(db as Kysely<Database>);
  expect(await storage.getAgent('ws-a', 'ws-a-agent')).toMatchObject({
    status: 'away',
    capacity: 4,
  });
  expect(await storage.getConversation('ws-a', 'ws-a-conv')).toMatchObject({
    assigneeId: 'ws-a-agent',
    queued: false,
  });
  const snapshot = await storage.loadRoutingSnapshot('ws-a');
  expect(snapshot).toMatchObject({
    agents: [{ id: 'ws-a-agent', status: 'away', capacity: 4, lastAssignedAt: null }],
    conversations: [{ id: 'ws-a-conv', assigneeId: 'ws-a-agent' }],
    lastAgents: [{ customerId: 'ws-a-cust', agentId: 'ws-a-agent' }],
  });
  const written = await storage.routingWrite({
    workspaceId: 'ws-a',
    agent: { id: 'ws-a-agent', capacity: 2 },
    route: () => [],
    view: { conversation: () => null, lastAssignedAt: () => null },
  });
  expect(written).toMatchObject({ status: 'done', agent: { capacity: 2 } });
}
