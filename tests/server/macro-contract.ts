import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MacroDraft, RapportStorage } from '../../server/storage/storage';
import type { StorageUnderTest } from './storage-contract';

/** The macro rules every storage keeps: visibility, shortcut uniqueness, all-or-nothing import. */
export function runMacroContract(name: string, make: () => Promise<StorageUnderTest>): void {
  describe(`macro storage contract: ${name}`, () => {
    let subject: StorageUnderTest;
    let storage: RapportStorage;
    let now = 1_700_000_000_000;
    const tick = () => (now += 1000);

    beforeEach(async () => {
      subject = await make();
      storage = subject.storage;
    });
    afterEach(async () => {
      await subject.dispose();
    });

    async function workspace() {
      const ws = await storage.createWorkspace({ name: 'Shop', now: tick() });
      const agent = (role: 'admin' | 'agent', n: string) =>
        storage.createAgent({
          workspaceId: ws.id,
          email: `${n}-${ws.id}@example.test`,
          name: n,
          role,
          passwordHash: 'hash',
          now: tick(),
        });
      return { id: ws.id, ada: await agent('admin', 'ada'), bob: await agent('agent', 'bob') };
    }

    const team = (shortcut: string, title = `Team ${shortcut}`): MacroDraft => ({
      scope: 'team',
      ownerId: null,
      shortcut,
      title,
      body: `Body of ${shortcut}`,
      tags: ['billing', 'faq'],
    });
    const personal = (ownerId: string, shortcut: string): MacroDraft => ({
      ...team(shortcut, `Mine ${shortcut}`),
      scope: 'personal',
      ownerId,
    });

    const use = (workspaceId: string, agentId: string, macroId: string) =>
      storage.useMacro({ workspaceId, agentId, macroId, clientId: null, now: tick() });
    const remove = (workspaceId: string, agentId: string, macroId: string) =>
      storage.deleteMacro({ workspaceId, agentId, macroId, now: tick() });

    async function create(workspaceId: string, draft: MacroDraft) {
      const write = await storage.createMacro({ workspaceId, draft, now: tick() });
      if (write.status !== 'saved') throw new Error(`not saved: ${write.status}`);
      return write.macro;
    }

    it('creates macros and lists team ones plus only the caller’s personal ones', async () => {
      const ws = await workspace();
      const refund = await create(ws.id, team('refund', 'Refund policy'));
      expect(refund).toMatchObject({
        workspaceId: ws.id,
        scope: 'team',
        ownerId: null,
        shortcut: 'refund',
        title: 'Refund policy',
        tags: ['billing', 'faq'],
        usageCount: 0,
        createdAt: now,
        updatedAt: now,
      });
      const adas = await create(ws.id, personal(ws.ada.id, 'hello'));
      const bobs = await create(ws.id, personal(ws.bob.id, 'hello'));
      expect(adas.ownerId).toBe(ws.ada.id);
      const list = (agentId: string) =>
        storage.listMacros(ws.id, agentId).then((l) => l.map((m) => m.id));
      expect(await list(ws.ada.id)).toEqual([adas.id, refund.id]);
      expect(await list(ws.bob.id)).toEqual([bobs.id, refund.id]);
      expect(await storage.getMacro(ws.id, ws.bob.id, adas.id)).toBeNull();
      expect(await storage.getMacro(ws.id, ws.bob.id, refund.id)).toEqual(refund);
      expect(await storage.getMacro(ws.id, ws.ada.id, adas.id)).toEqual(adas);
    });

    it('keeps workspaces apart', async () => {
      const a = await workspace();
      const b = await workspace();
      const macro = await create(a.id, team('refund'));
      expect(await storage.listMacros(b.id, b.ada.id)).toEqual([]);
      expect(await storage.getMacro(b.id, b.ada.id, macro.id)).toBeNull();
      expect(await use(b.id, b.ada.id, macro.id)).toEqual({ status: 'not_found' });
      expect(await remove(b.id, b.ada.id, macro.id)).toBeNull();
      const update = await storage.updateMacro({
        workspaceId: b.id,
        agentId: b.ada.id,
        macroId: macro.id,
        draft: team('other'),
        now: tick(),
      });
      expect(update.status).toBe('not_found');
      // The same shortcut is free in another workspace.
      expect((await create(b.id, team('refund'))).shortcut).toBe('refund');
      expect(await storage.getMacro(a.id, a.ada.id, macro.id)).toEqual(macro);
    });

    it('refuses a shortcut taken in the same scope and names the holder', async () => {
      const ws = await workspace();
      const refund = await create(ws.id, team('refund', 'Refund policy'));
      const again = await storage.createMacro({
        workspaceId: ws.id,
        draft: team('refund', 'Copy'),
        now: tick(),
      });
      expect(again).toEqual({ status: 'conflict', other: refund });
      // Other scopes and other owners are free.
      await create(ws.id, personal(ws.ada.id, 'refund'));
      await create(ws.id, personal(ws.bob.id, 'refund'));
      const mine = await storage.createMacro({
        workspaceId: ws.id,
        draft: personal(ws.bob.id, 'refund'),
        now: tick(),
      });
      expect(mine.status === 'conflict' && mine.other.ownerId).toBe(ws.bob.id);
    });

    it('updates, counts usage and deletes only visible macros', async () => {
      const ws = await workspace();
      const refund = await create(ws.id, team('refund'));
      const ship = await create(ws.id, team('ship'));
      const adas = await create(ws.id, personal(ws.ada.id, 'hi'));
      const same = await storage.updateMacro({
        workspaceId: ws.id,
        agentId: ws.ada.id,
        macroId: refund.id,
        draft: { ...team('refund', 'Renamed'), tags: [] },
        now: tick(),
      });
      expect(same).toMatchObject({
        status: 'saved',
        macro: { id: refund.id, title: 'Renamed', tags: [], createdAt: refund.createdAt },
      });
      expect(same.status === 'saved' && same.macro.updatedAt).toBe(now);
      const taken = await storage.updateMacro({
        workspaceId: ws.id,
        agentId: ws.ada.id,
        macroId: ship.id,
        draft: team('refund'),
        now: tick(),
      });
      expect(taken.status === 'conflict' && taken.other.id).toBe(refund.id);
      const hidden = await storage.updateMacro({
        workspaceId: ws.id,
        agentId: ws.bob.id,
        macroId: adas.id,
        draft: personal(ws.bob.id, 'x'),
        now: tick(),
      });
      expect(hidden.status).toBe('not_found');

      expect(await use(ws.id, ws.bob.id, adas.id)).toEqual({ status: 'not_found' });
      await use(ws.id, ws.bob.id, refund.id);
      const used = await use(ws.id, ws.ada.id, refund.id);
      expect(used.status === 'counted' && used.macro.usageCount).toBe(2);

      expect(await remove(ws.id, ws.bob.id, adas.id)).toBeNull();
      expect(await remove(ws.id, ws.ada.id, adas.id)).not.toBeNull();
      expect(await storage.getMacro(ws.id, ws.ada.id, adas.id)).toBeNull();
    });

    it('lists by shortcut in the same order on every database, team first', async () => {
      const ws = await workspace();
      for (const shortcut of ['ab', 'a_b', 'b', 'a-b']) await create(ws.id, team(shortcut));
      await create(ws.id, personal(ws.ada.id, 'ab'));
      const list = await storage.listMacros(ws.id, ws.ada.id);
      expect(list.map((m) => `${m.scope}:${m.shortcut}`)).toEqual([
        'team:a-b',
        'team:a_b',
        'team:ab',
        'personal:ab',
        'team:b',
      ]);
    });

    it('imports all drafts in one transaction, or none of them', async () => {
      const ws = await workspace();
      const refund = await create(ws.id, team('refund', 'Refund policy'));
      const refused = await storage.importMacros({
        workspaceId: ws.id,
        drafts: [team('a'), team('refund'), team('b'), team('a')],
        now: tick(),
      });
      expect(refused.status).toBe('conflicts');
      if (refused.status !== 'conflicts') return;
      expect(refused.conflicts.map((c) => [c.index, c.other.shortcut])).toEqual([
        [1, 'refund'],
        [3, 'a'],
      ]);
      expect(refused.conflicts[0]?.other).toEqual(refund);
      expect(await storage.listMacros(ws.id, ws.ada.id)).toEqual([refund]);

      const done = await storage.importMacros({
        workspaceId: ws.id,
        drafts: [team('a'), personal(ws.bob.id, 'refund'), team('b')],
        now: tick(),
      });
      expect(done.status === 'imported' && done.macros.map((m) => m.shortcut)).toEqual([
        'a',
        'refund',
        'b',
      ]);
      expect((await storage.listMacros(ws.id, ws.bob.id)).map((m) => m.shortcut)).toEqual([
        'a',
        'b',
        'refund',
        'refund',
      ]);
    });
  });
}
