import { expect, it } from 'vitest';
import { uuidv7, type Change, type Macro, type MacroPin } from '../../protocol';
import type { MacroDraft, RapportStorage } from '../../server/storage/storage';
import { drain } from './sync-fixture';

// Macros in the sync log (SPEC S14–S16), part of the sync contract: runSyncContract calls this
// inside its describe block, so it runs on SQLite and on Postgres.

const team = (shortcut: string, title = `Team ${shortcut}`): MacroDraft => ({
  scope: 'team',
  ownerId: null,
  shortcut,
  title,
  body: `Body of ${shortcut}`,
  tags: [],
});
const personal = (ownerId: string, shortcut: string): MacroDraft => ({
  ...team(shortcut, `Mine ${shortcut}`),
  scope: 'personal',
  ownerId,
});

/** What an agent's cache holds after applying changes in order. */
interface Replica {
  macros: Map<string, Macro>;
  pins: MacroPin[];
  cursor: number;
}

function replay(replica: Replica, changes: Change[], cursor: number): void {
  for (const c of changes) {
    if (c.entity === 'macro') replica.macros.set(c.data.id, c.data);
    else if (c.entity === 'macroDeleted') replica.macros.delete(c.data.id);
    else if (c.entity === 'macroPins') replica.pins = c.data.pins;
  }
  replica.cursor = cursor;
}

/** A small deterministic PRNG (mulberry32), so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function runMacroSyncContract(getStorage: () => RapportStorage, tick: () => number): void {
  async function setup() {
    const storage = getStorage();
    const ws = await storage.createWorkspace({ name: 'Shop', now: tick() });
    const agent = (role: 'admin' | 'agent', name: string) =>
      storage.createAgent({
        workspaceId: ws.id,
        email: `${name}-${ws.id}@example.test`,
        name,
        role,
        passwordHash: 'hash',
        now: tick(),
      });
    const ada = await agent('admin', 'ada');
    const bob = await agent('agent', 'bob');
    const head = async () => (await storage.getSyncHead(ws.id))!.headSeq;
    const create = async (draft: MacroDraft) => {
      const write = await storage.createMacro({ workspaceId: ws.id, draft, now: tick() });
      if (write.status !== 'saved') throw new Error(`not saved: ${write.status}`);
      return write;
    };
    const update = (agentId: string, macroId: string, draft: MacroDraft) =>
      storage.updateMacro({ workspaceId: ws.id, agentId, macroId, draft, now: tick() });
    const remove = (agentId: string, macroId: string) =>
      storage.deleteMacro({ workspaceId: ws.id, agentId, macroId, now: tick() });
    const use = (agentId: string, macroId: string, clientId: string | null = uuidv7()) =>
      storage.useMacro({ workspaceId: ws.id, agentId, macroId, clientId, now: tick() });
    const pin = (agentId: string, pins: MacroPin[]) =>
      storage.setMacroPins({ workspaceId: ws.id, agentId, pins, now: tick() });
    const pull = (agentId: string | undefined, since = 0, limit = 1000) =>
      drain(storage, ws.id, since, limit, agentId);
    return { storage, ws, ada, bob, head, create, update, remove, use, pin, pull };
  }

  it('S14: macro writes take the next seqs; a delete leaves a tombstone; refusals take none', async () => {
    const { ws, ada, bob, head, create, update, remove, use, pull, storage } = await setup();
    const start = await head();
    const refund = await create(team('refund'));
    expect(refund.changes).toEqual([{ seq: start + 1, entity: 'macro', data: refund.macro }]);
    const renamed = await update(ada.id, refund.macro.id, team('refund', 'Refunds'));
    expect(renamed.status === 'saved' && renamed.changes).toEqual([
      { seq: start + 2, entity: 'macro', data: expect.objectContaining({ title: 'Refunds' }) },
    ]);
    const used = await use(bob.id, refund.macro.id);
    expect(used.status === 'counted' && used.changes).toEqual([
      { seq: start + 3, entity: 'macro', data: expect.objectContaining({ usageCount: 1 }) },
    ]);
    const imported = await storage.importMacros({
      workspaceId: ws.id,
      drafts: [team('a'), personal(bob.id, 'b')],
      now: tick(),
    });
    expect(imported.status === 'imported' && imported.changes.map((c) => c.seq)).toEqual([
      start + 4,
      start + 5,
    ]);
    const deleted = await remove(ada.id, refund.macro.id);
    expect(deleted?.changes).toEqual([
      {
        seq: start + 6,
        entity: 'macroDeleted',
        data: { id: refund.macro.id, workspaceId: ws.id, ownerId: null },
      },
    ]);

    // Refused or empty writes take no seq.
    const before = await head();
    expect(
      (await storage.createMacro({ workspaceId: ws.id, draft: team('a'), now: 1 })).status,
    ).toBe('conflict');
    expect((await update(ada.id, refund.macro.id, team('x'))).status).toBe('not_found');
    expect(await remove(ada.id, refund.macro.id)).toBeNull();
    expect(await use(ada.id, refund.macro.id)).toEqual({ status: 'not_found' });
    const failedImport = await storage.importMacros({
      workspaceId: ws.id,
      drafts: [team('new'), team('a')],
      now: tick(),
    });
    expect(failedImport.status).toBe('conflicts');
    expect(await head()).toBe(before);

    // Compacted: the deleted macro appears once, as its tombstone.
    const { changes, cursor } = await pull(bob.id, start);
    expect(changes.map((c) => [c.seq, c.entity, c.data.id])).toEqual([
      [start + 4, 'macro', imported.status === 'imported' && imported.macros[0]!.id],
      [start + 5, 'macro', imported.status === 'imported' && imported.macros[1]!.id],
      [start + 6, 'macroDeleted', refund.macro.id],
    ]);
    expect(cursor).toBe(before);
  });

  it('S14: another agent’s personal macros, their tombstones and pins never reach an agent; the cursor passes them', async () => {
    const { ada, bob, head, create, update, remove, pin, pull } = await setup();
    const seen = await head();
    const mine = await create(personal(ada.id, 'mine'));
    expect((await pin(ada.id, [{ slot: 1, macroId: mine.macro.id }])).status).toBe('saved');
    await update(ada.id, mine.macro.id, { ...personal(ada.id, 'mine'), title: 'Renamed' });
    await remove(ada.id, mine.macro.id);
    const hiddenHead = await head();
    expect(hiddenHead).toBe(seen + 5); // macro, pins, macro, tombstone, pins

    for (const limit of [1, 2, 3, 1000]) {
      const page = await pull(bob.id, seen, limit);
      expect(page.changes).toEqual([]);
      expect(page.cursor).toBe(hiddenHead);
      expect(page.pages.at(-1)).toMatchObject({ hasMore: false, cursor: hiddenHead });
      // Not even the id, from 0 either.
      expect(JSON.stringify((await pull(bob.id, 0, limit)).changes)).not.toContain(mine.macro.id);
    }
    // Without an agent (a workspace-wide reader): nothing personal either.
    expect(JSON.stringify((await pull(undefined, 0)).changes)).not.toContain(mine.macro.id);

    const forAda = await pull(ada.id, seen);
    expect(forAda.changes.map((c) => [c.entity, c.data.id])).toEqual([
      ['macroDeleted', mine.macro.id],
      ['macroPins', ada.id],
    ]);
    expect(forAda.changes[0]?.data).toMatchObject({ ownerId: ada.id });
    expect(forAda.changes[1]?.data).toMatchObject({ pins: [] });

    // A team macro after the hidden run: bob's page holds it and ends at the head.
    const shared = await create(team('shared'));
    const next = await pull(bob.id, seen, 1);
    expect(next.changes.map((c) => c.data.id)).toEqual([shared.macro.id]);
    expect(next.cursor).toBe(await head());
  });

  it('S14: a team macro made personal leaves a tombstone for the others, then its new state for its owner', async () => {
    const { ada, bob, head, create, update, pin, pull } = await setup();
    const shared = await create(team('shared'));
    await pin(bob.id, [
      { slot: 2, macroId: shared.macro.id },
      { slot: 5, macroId: (await create(team('other'))).macro.id },
    ]);
    const cursor = await head();
    const moved = await update(ada.id, shared.macro.id, personal(ada.id, 'shared'));
    expect(moved.status === 'saved' && moved.changes.map((c) => [c.seq, c.entity])).toEqual([
      [cursor + 1, 'macroDeleted'],
      [cursor + 2, 'macroPins'],
      [cursor + 3, 'macro'],
    ]);
    const forBob = await pull(bob.id, cursor);
    expect(forBob.changes.map((c) => c.entity)).toEqual(['macroDeleted', 'macroPins']);
    expect(forBob.changes[1]?.data).toMatchObject({ id: bob.id, pins: [{ slot: 5 }] });
    const forAda = await pull(ada.id, cursor);
    expect(forAda.changes.map((c) => c.entity)).toEqual(['macroDeleted', 'macro']);
    expect(forAda.cursor).toBe(cursor + 3);

    // And back: everyone gets its state again, without a tombstone.
    const back = await update(ada.id, shared.macro.id, team('shared'));
    expect(back.status === 'saved' && back.changes.map((c) => c.entity)).toEqual(['macro']);
    const again = await pull(bob.id, cursor + 3);
    expect(again.changes.map((c) => [c.entity, c.data.id])).toEqual([['macro', shared.macro.id]]);
  });

  it('S14: replaying any agent’s pulls, in pages of any size, rebuilds exactly what they see', async () => {
    const { ws, ada, bob, create, update, remove, use, pin, pull, storage } = await setup();
    const agents = [ada, bob];
    const next = random(20240611);
    const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)]!;
    const replicas = new Map<string, Replica>(
      agents.map((a) => [a.id, { macros: new Map(), pins: [], cursor: 0 }]),
    );
    let n = 0;
    for (let step = 0; step < 60; step++) {
      const agent = pick(agents);
      const visible = await storage.listMacros(ws.id, agent.id);
      const mayEdit = visible.filter((m) => m.scope === 'personal' || agent.role === 'admin');
      const draft =
        agent.role === 'admin' && next() < 0.5 ? team(`t${n++}`) : personal(agent.id, `p${n++}`);
      const op = next();
      if (op < 0.3 || mayEdit.length === 0) await create(draft);
      else if (op < 0.45) await update(agent.id, pick(mayEdit).id, draft);
      else if (op < 0.55) await remove(agent.id, pick(mayEdit).id);
      else if (op < 0.75 && visible.length > 0) await use(agent.id, pick(visible).id);
      else if (visible.length > 0) {
        const chosen = [...new Set(visible.map((m) => m.id))].filter(() => next() < 0.4);
        await pin(
          agent.id,
          chosen.slice(0, 9).map((macroId, i) => ({ slot: 9 - i, macroId })),
        );
      }
      // After some steps, each agent catches up from its cursor with a random page size.
      if (next() < 0.4) {
        for (const a of agents) {
          const replica = replicas.get(a.id)!;
          const page = await pull(a.id, replica.cursor, pick([1, 2, 5, 1000]));
          replay(replica, page.changes, page.cursor);
        }
      }
    }
    for (const a of agents) {
      const expected = await storage.listMacros(ws.id, a.id);
      const pins = (await storage.getMacroPins(ws.id, a.id)).pins;
      const replica = replicas.get(a.id)!;
      const page = await pull(a.id, replica.cursor, 3);
      replay(replica, page.changes, page.cursor);
      const byId = (list: Macro[]) => [...list].sort((x, y) => (x.id < y.id ? -1 : 1));
      expect(byId([...replica.macros.values()])).toEqual(byId(expected));
      expect(replica.pins).toEqual(pins);
      const cold: Replica = { macros: new Map(), pins: [], cursor: 0 };
      const full = await pull(a.id, 0, 4);
      replay(cold, full.changes, full.cursor);
      expect(byId([...cold.macros.values()])).toEqual(byId(expected));
      expect(cold.pins).toEqual(pins);
    }
  });

  it('S15: a use counts once per client id; a retry or an invisible macro takes no seq', async () => {
    const { ada, bob, head, create, use, storage, ws } = await setup();
    const shared = await create(team('shared'));
    const mine = await create(personal(ada.id, 'mine'));
    const clientId = uuidv7();
    const first = await use(bob.id, shared.macro.id, clientId);
    expect(first).toMatchObject({ status: 'counted', macro: { usageCount: 1 } });
    const before = await head();
    expect(await use(bob.id, shared.macro.id, clientId)).toEqual({ status: 'duplicate' });
    expect(await use(ada.id, shared.macro.id, clientId)).toEqual({ status: 'duplicate' });
    expect(await use(bob.id, mine.macro.id)).toEqual({ status: 'not_found' });
    expect(await head()).toBe(before);
    expect((await storage.getMacro(ws.id, bob.id, shared.macro.id))?.usageCount).toBe(1);
    // Without a client id (the REST route), every call counts.
    await use(bob.id, shared.macro.id, null);
    await use(bob.id, shared.macro.id, null);
    expect((await storage.getMacro(ws.id, bob.id, shared.macro.id))?.usageCount).toBe(3);
  });

  it('S16: pins are stored by slot for their agent; invisible macros are refused; a deleted macro leaves them', async () => {
    const { ws, ada, bob, head, create, remove, pin, pull, storage } = await setup();
    const a = await create(team('a'));
    const b = await create(team('b'));
    const adas = await create(personal(ada.id, 'mine'));
    const saved = await pin(bob.id, [
      { slot: 7, macroId: b.macro.id },
      { slot: 1, macroId: a.macro.id },
    ]);
    expect(saved).toMatchObject({
      status: 'saved',
      pins: {
        id: bob.id,
        workspaceId: ws.id,
        pins: [
          { slot: 1, macroId: a.macro.id },
          { slot: 7, macroId: b.macro.id },
        ],
      },
    });
    expect(saved.status === 'saved' && saved.changes).toEqual([
      { seq: await head(), entity: 'macroPins', data: saved.status === 'saved' && saved.pins },
    ]);
    expect(await storage.getMacroPins(ws.id, bob.id)).toEqual(
      saved.status === 'saved' && saved.pins,
    );
    expect(await storage.getMacroPins(ws.id, ada.id)).toEqual({
      id: ada.id,
      workspaceId: ws.id,
      pins: [],
      updatedAt: 0,
    });

    const before = await head();
    const same = await pin(bob.id, [
      { slot: 1, macroId: a.macro.id },
      { slot: 7, macroId: b.macro.id },
    ]);
    expect(same.status === 'saved' && same.changes).toEqual([]);
    expect(await pin(bob.id, [{ slot: 2, macroId: adas.macro.id }])).toEqual({
      status: 'not_found',
      macroIds: [adas.macro.id],
    });
    expect(await pin(ada.id, [])).toMatchObject({ status: 'saved', changes: [] });
    expect(await head()).toBe(before);
    expect(JSON.stringify((await pull(ada.id, 0)).changes)).not.toContain('"slot"');

    const deleted = await remove(ada.id, a.macro.id);
    expect(deleted?.changes.map((c) => [c.seq, c.entity, c.data.id])).toEqual([
      [before + 1, 'macroDeleted', a.macro.id],
      [before + 2, 'macroPins', bob.id],
    ]);
    expect((await storage.getMacroPins(ws.id, bob.id)).pins).toEqual([
      { slot: 7, macroId: b.macro.id },
    ]);
  });
}
