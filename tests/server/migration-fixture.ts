import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { createKyselyStorage } from '../../server/storage/kysely-storage';
import type { Database } from '../../server/storage/schema';
import { drain } from './sync-fixture';

// Data written by a Rapport that stopped at migration 0001 (before the sync log), and the checks
// that 0002 numbered it densely and kept it intact.

const T = 1_700_000_000_000;

/** Two workspaces' worth of 0001 rows: agent, customer, conversation, three messages each. */
export async function seedAt0001(db: Kysely<unknown>): Promise<void> {
  const raw = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  for (const ws of ['ws-a', 'ws-b']) {
    await raw.insertInto('workspaces').values({ id: ws, name: ws, created_at: T }).execute();
    await raw
      .insertInto('agents')
      .values({
        id: `${ws}-agent`,
        workspace_id: ws,
        email: `${ws}@example.test`,
        name: 'Ada',
        role: 'admin',
        status: 'away',
        password_hash: 'hash',
        created_at: T + 1,
      })
      .execute();
    await raw
      .insertInto('customers')
      .values({
        id: `${ws}-cust`,
        workspace_id: ws,
        name: null,
        email: null,
        visitor_token_hash: `${ws}-token`,
        created_at: T + 2,
      })
      .execute();
    await raw
      .insertInto('conversations')
      .values({
        id: `${ws}-conv`,
        workspace_id: ws,
        customer_id: `${ws}-cust`,
        status: 'open',
        assignee_id: `${ws}-agent`,
        created_at: T + 3,
        last_activity_at: T + 6,
        last_message_preview: 'third',
        unread_count: 1,
      })
      .execute();
    for (const [i, text] of ['first', 'second', 'third'].entries()) {
      await raw
        .insertInto('messages')
        .values({
          id: `${ws}-m${i}`,
          workspace_id: ws,
          conversation_id: `${ws}-conv`,
          author_kind: i === 1 ? 'agent' : 'customer',
          author_id: i === 1 ? `${ws}-agent` : `${ws}-cust`,
          author_name: i === 1 ? 'Ada' : null,
          text,
          created_at: T + 4 + i,
          client_id: `${ws}-c${i}`,
        })
        .execute();
    }
  }
}

/** After migrating to the latest schema: dense seqs per workspace, oldest first, data intact. */
export async function expectBackfilled(db: Kysely<unknown>): Promise<void> {
  const storage = createKyselyStorage(db as Kysely<Database>);
  for (const ws of ['ws-a', 'ws-b']) {
    const head = await storage.getSyncHead(ws);
    expect(head?.headSeq).toBe(6);
    expect(head?.epoch).toMatch(/\S{8,}/);
    const { changes } = await drain(storage, ws, 0, 2);
    expect(changes.map((c) => [c.seq, c.entity, c.data.id])).toEqual([
      [1, 'agent', `${ws}-agent`],
      [2, 'customer', `${ws}-cust`],
      [3, 'message', `${ws}-m0`],
      [4, 'message', `${ws}-m1`],
      [5, 'message', `${ws}-m2`],
      [6, 'conversation', `${ws}-conv`],
    ]);
    const page = await storage.listMessages(ws, `${ws}-conv`, { limit: 10 });
    expect(page.messages.map((m) => [m.text, m.createdAt, m.clientId])).toEqual([
      ['first', T + 4, `${ws}-c0`],
      ['second', T + 5, `${ws}-c1`],
      ['third', T + 6, `${ws}-c2`],
    ]);
    expect(await storage.getConversation(ws, `${ws}-conv`)).toMatchObject({
      assigneeId: `${ws}-agent`,
      unreadCount: 1,
      lastActivityAt: T + 6,
    });
    // New writes continue after the backfilled numbers.
    const more = await storage.createCustomer({
      workspaceId: ws,
      visitorTokenHash: 'new',
      now: T + 9,
    });
    expect(more.changes.map((c) => c.seq)).toEqual([7]);
  }
  const a = await storage.getSyncHead('ws-a');
  const b = await storage.getSyncHead('ws-b');
  expect(a?.epoch).not.toBe(b?.epoch);
}

/** After 0003 on a database that was at 0002 with data: macros work next to the kept rows. */
export async function expectMacrosAfter0003(db: Kysely<unknown>): Promise<void> {
  const storage = createKyselyStorage(db as Kysely<Database>);
  const draft = { title: 'Refund policy', body: 'Hi {{customer.first_name}}', tags: ['billing'] };
  const team = await storage.createMacro({
    workspaceId: 'ws-a',
    draft: { ...draft, scope: 'team', ownerId: null, shortcut: 'refund' },
    now: T + 10,
  });
  expect(team).toMatchObject({ status: 'saved', macro: { scope: 'team', tags: ['billing'] } });
  const mine = await storage.createMacro({
    workspaceId: 'ws-a',
    draft: { ...draft, scope: 'personal', ownerId: 'ws-a-agent', shortcut: 'refund' },
    now: T + 11,
  });
  expect(mine.status).toBe('saved');
  const again = await storage.createMacro({
    workspaceId: 'ws-a',
    draft: { ...draft, scope: 'team', ownerId: null, shortcut: 'refund' },
    now: T + 12,
  });
  expect(again.status).toBe('conflict');
  expect(await storage.listMacros('ws-a', 'ws-a-agent')).toHaveLength(2);
  expect(await storage.listMacros('ws-b', 'ws-b-agent')).toEqual([]);
}
