import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type AgentServerFrame, type FrameOf, type SyncPage } from '../../protocol';
import { agentSocket, startTestServer, type TestServer, type TestSocket } from './helpers';
import { input, macroWorkspaces, type MacroClient } from './macro-fixture';
import { postgresAvailable, startPostgresTestServer } from './postgres';

// Macros over the agents' sockets (SPEC S14, S15): what each agent's live frames and pulls hold.

type ChangesFrame = FrameOf<AgentServerFrame, 'sync.changes'>;

const DIALECTS = [
  { name: 'SQLite', start: startTestServer, skip: false },
  { name: 'Postgres', start: startPostgresTestServer, skip: !postgresAvailable },
];

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip)(`macros over sockets: ${dialect.name}`, () => {
    let t: TestServer;
    let admin: MacroClient;
    let agentA: MacroClient;
    let agentB: MacroClient;

    beforeAll(async () => {
      t = await dialect.start({ seedDemo: false });
      ({ admin, agent: agentA, agent2: agentB } = await macroWorkspaces(t));
    });
    afterAll(async () => {
      await t.close();
    });

    /** The sync.changes frames received so far (after a ping barrier), then forgotten. */
    async function frames(socket: TestSocket): Promise<ChangesFrame[]> {
      await socket.barrier();
      const list = socket.frames.filter((f) => f.type === 'sync.changes') as ChangesFrame[];
      socket.frames.splice(0);
      return list;
    }

    it('S14: an admin’s team macro edit reaches agent B live; agent A’s personal macro reaches B as an empty range', async () => {
      const b = await agentSocket(t.server.url, agentB.token);
      const a = await agentSocket(t.server.url, agentA.token);
      let cursor = b.welcome!.headSeq as number;

      const team = await admin.create({ shortcut: 'live-team', title: 'Before' });
      const edited = await admin.call(
        'PUT',
        `/api/macros/${team.id}`,
        input({ shortcut: 'live-team', title: 'After' }),
      );
      expect(edited.status).toBe(200);
      const teamFrames = await frames(b);
      expect(teamFrames.map((f) => [f.from, f.to])).toEqual([
        [cursor + 1, cursor + 1],
        [cursor + 2, cursor + 2],
      ]);
      expect(teamFrames[1]!.changes).toEqual([
        { seq: cursor + 2, entity: 'macro', data: edited.body.macro },
      ]);
      cursor += 2;

      const mine = await agentA.create({ scope: 'personal', shortcut: 'live-mine' });
      await agentA.call(
        'PUT',
        `/api/macros/${mine.id}`,
        input({ scope: 'personal', shortcut: 'live-mine', title: 'Renamed' }),
      );
      const pinned = await agentA.call('PUT', '/api/macros/pins', {
        pins: [{ slot: 1, macroId: mine.id }],
      });
      expect(pinned.status).toBe(200);
      expect((await agentA.call('DELETE', `/api/macros/${mine.id}`)).status).toBe(204);
      const hidden = await frames(b);
      // One frame per commit; the delete took two seqs (tombstone, A's pins). No data for B.
      expect(hidden).toEqual([
        { type: 'sync.changes', from: cursor + 1, to: cursor + 1, changes: [] },
        { type: 'sync.changes', from: cursor + 2, to: cursor + 2, changes: [] },
        { type: 'sync.changes', from: cursor + 3, to: cursor + 3, changes: [] },
        { type: 'sync.changes', from: cursor + 4, to: cursor + 5, changes: [] },
      ]);
      expect(JSON.stringify(hidden)).not.toContain(mine.id);

      // A got all of it: its macro twice, its pins, then the tombstone and its emptied pins.
      const forA = (await frames(a)).flatMap((f) => f.changes);
      expect(forA.slice(-5).map((c) => c.entity)).toEqual([
        'macro',
        'macro',
        'macroPins',
        'macroDeleted',
        'macroPins',
      ]);

      // B's pull from its cursor over the same seqs: nothing, and the cursor at the head.
      b.send({ type: 'sync.pull', since: cursor, limit: 1 });
      const page = await b.next<SyncPage>('sync.page');
      expect(page).toMatchObject({ changes: [], cursor: cursor + 5, hasMore: false });
      a.close();
      b.close();
    });

    it('S15: macro.use is acked after commit and counted once per client id; B sees the count', async () => {
      const b = await agentSocket(t.server.url, agentB.token);
      const a = await agentSocket(t.server.url, agentA.token);
      const team = await admin.create({ shortcut: 'use-team' });
      await frames(a);
      await frames(b);
      const clientId = uuidv7();
      for (let i = 0; i < 3; i++) {
        a.send({ type: 'macro.use', clientId, macroId: team.id });
        expect(await a.next('ack')).toEqual({ type: 'ack', clientId });
      }
      const counted = (await frames(b)).flatMap((f) => f.changes);
      expect(counted).toEqual([
        expect.objectContaining({ entity: 'macro', data: { ...team, usageCount: 1 } }),
      ]);
      // A macro that is gone, or another agent's personal one: acknowledged, nothing counted.
      const theirs = await agentB.create({ scope: 'personal', shortcut: 'use-theirs' });
      await frames(a);
      for (const macroId of ['no-such-macro', theirs.id]) {
        const id = uuidv7();
        a.send({ type: 'macro.use', clientId: id, macroId });
        expect(await a.next('ack')).toEqual({ type: 'ack', clientId: id });
      }
      expect(await frames(a)).toEqual([]);
      const listed = (await agentB.call('GET', '/api/macros')).body.macros ?? [];
      expect(listed.find((m) => m.id === theirs.id)?.usageCount).toBe(0);
      expect(listed.find((m) => m.id === team.id)?.usageCount).toBe(1);
      a.close();
      b.close();
    });
  });
}
