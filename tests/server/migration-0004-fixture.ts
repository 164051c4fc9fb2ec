import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { createKyselyStorage } from '../../server/storage/kysely-storage';
import type { Database } from '../../server/storage/schema';
import { drain } from './sync-fixture';

// Macros written by a Rapport at migration 0003 (before macros were synced), and the checks that
// 0004 numbered them after each workspace's head, so a cache from before gets them (S14).

const T = 1_700_000_000_000;

/** At 0003, after seedAt0001 and 0002: two team macros and one personal macro in ws-a. */
export async function seedMacrosAt0003(db: Kysely<unknown>): Promise<void> {
  const raw = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const macro = (id: string, ownerId: string | null, shortcut: string, at: number) => ({
    id,
    workspace_id: 'ws-a',
    scope: ownerId ? 'personal' : 'team',
    owner_id: ownerId,
    owner_key: ownerId ?? '',
    shortcut,
    title: shortcut,
    body: `Body of ${shortcut}`,
    tags: '[]',
    usage_count: 3,
    created_at: at,
    updated_at: at,
  });
  await raw
    .insertInto('macros')
    .values([
      macro('m-late', null, 'late', T + 30),
      macro('m-early', null, 'early', T + 10),
      macro('m-mine', 'ws-a-agent', 'mine', T + 20),
    ])
    .execute();
}

/** After 0004 (and any later migration): macros at seqs 7, 8, 9 (oldest first) in ws-a; ws-b untouched; pins work. */
export async function expectMacrosAfter0004(db: Kysely<unknown>): Promise<void> {
  const storage = createKyselyStorage(db as Kysely<Database>);
  expect((await storage.getSyncHead('ws-a'))?.headSeq).toBe(9);
  expect((await storage.getSyncHead('ws-b'))?.headSeq).toBe(6);
  // A cache at the old head (6) gets every macro in its next pull; another agent no personal one.
  const owner = await drain(storage, 'ws-a', 6, 2, 'ws-a-agent');
  expect(owner.changes.map((c) => [c.seq, c.entity, c.data.id])).toEqual([
    [7, 'macro', 'm-early'],
    [8, 'macro', 'm-mine'],
    [9, 'macro', 'm-late'],
  ]);
  expect(owner.changes[0]?.data).toMatchObject({ usageCount: 3, shortcut: 'early' });
  const other = await drain(storage, 'ws-a', 6, 2, 'someone-else');
  expect(other.changes.map((c) => c.data.id)).toEqual(['m-early', 'm-late']);
  expect(other.cursor).toBe(9);

  const pinned = await storage.setMacroPins({
    workspaceId: 'ws-a',
    agentId: 'ws-a-agent',
    pins: [{ slot: 1, macroId: 'm-mine' }],
    now: T + 40,
  });
  expect(pinned.status === 'saved' && pinned.changes.map((c) => c.seq)).toEqual([10]);
  const deleted = await storage.deleteMacro({
    workspaceId: 'ws-a',
    agentId: 'ws-a-agent',
    macroId: 'm-mine',
    now: T + 50,
  });
  expect(deleted?.changes.map((c) => [c.seq, c.entity])).toEqual([
    [11, 'macroDeleted'],
    [12, 'macroPins'],
  ]);
}
