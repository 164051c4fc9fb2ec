import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, MacroPinsResponse } from '../../protocol';
import { startTestServer, type TestServer } from './helpers';
import { macroWorkspaces, type MacroClient } from './macro-fixture';

// PUT/GET /api/macros/pins (SPEC S16): a real server on an ephemeral port, SQLite in a temp folder.

type PinsReply = Partial<MacroPinsResponse & ApiError>;

describe('macro pins API', () => {
  let t: TestServer;
  let admin: MacroClient;
  let agent: MacroClient;
  let agent2: MacroClient;
  let otherAdmin: MacroClient;

  beforeAll(async () => {
    t = await startTestServer({ seedDemo: false });
    ({ admin, agent, agent2, otherAdmin } = await macroWorkspaces(t));
  });
  afterAll(async () => {
    await t.close();
  });

  async function put(client: MacroClient, body: unknown) {
    const reply = await client.call('PUT', '/api/macros/pins', body);
    return { status: reply.status, body: reply.body as PinsReply };
  }

  it('S16: saves an agent’s pins by slot and answers them; GET reads them back', async () => {
    const refund = await admin.create({ shortcut: 'pin-refund' });
    const mine = await agent.create({ scope: 'personal', shortcut: 'pin-mine' });
    const saved = await put(agent, {
      pins: [
        { slot: 9, macroId: refund.id },
        { slot: 1, macroId: mine.id },
      ],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.pins).toMatchObject({
      id: agent.agentId,
      pins: [
        { slot: 1, macroId: mine.id },
        { slot: 9, macroId: refund.id },
      ],
    });
    const read = await agent.call('GET', '/api/macros/pins');
    expect((read.body as PinsReply).pins).toEqual(saved.body.pins);
    // Pins are each agent's own.
    const theirs = (await agent2.call('GET', '/api/macros/pins')).body as PinsReply;
    expect(theirs.pins).toMatchObject({ id: agent2.agentId, pins: [] });
    expect((await put(agent, { pins: [] })).body.pins?.pins).toEqual([]);
  });

  it('S16: refuses slots outside 1–9, a slot or a macro twice, and more than 9 pins, with 400', async () => {
    const a = await admin.create({ shortcut: 'pin-a' });
    const b = await admin.create({ shortcut: 'pin-b' });
    const cases: [unknown, string][] = [
      [{ pins: [{ slot: 0, macroId: a.id }] }, 'from 1 to 9'],
      [{ pins: [{ slot: 10, macroId: a.id }] }, 'from 1 to 9'],
      [{ pins: [{ slot: 1.5, macroId: a.id }] }, 'from 1 to 9'],
      [
        {
          pins: [
            { slot: 3, macroId: a.id },
            { slot: 3, macroId: b.id },
          ],
        },
        'Slot 3 is pinned twice',
      ],
      [
        {
          pins: [
            { slot: 1, macroId: a.id },
            { slot: 2, macroId: a.id },
          ],
        },
        'pinned to one slot only',
      ],
      [
        { pins: Array.from({ length: 10 }, (_, i) => ({ slot: i + 1, macroId: a.id })) },
        'at most 9',
      ],
      [{}, 'pins'],
    ];
    for (const [body, text] of cases) {
      const answer = await put(agent, body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('invalid_request');
      expect(`${answer.body.message} ${JSON.stringify(answer.body.issues)}`).toContain(text);
    }
  });

  it('S16: refuses a macro the agent cannot see (another agent’s personal one, another workspace) with 404', async () => {
    const theirs = await agent2.create({ scope: 'personal', shortcut: 'pin-theirs' });
    const elsewhere = await otherAdmin.create({ shortcut: 'pin-elsewhere' });
    for (const macroId of [theirs.id, elsewhere.id, 'no-such-macro']) {
      const answer = await put(agent, { pins: [{ slot: 2, macroId }] });
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ code: 'not_found' });
      expect(answer.body.message).toContain('The macro to pin was not found');
    }
  });

  it('asks for a sign-in', async () => {
    const response = await fetch(`${t.server.url}/api/macros/pins`, { method: 'PUT' });
    expect(response.status).toBe(401);
  });
});
