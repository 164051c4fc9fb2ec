import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MacroInput } from '../../protocol';
import { startTestServer, type TestServer } from './helpers';
import { input, macroWorkspaces, type MacroClient } from './macro-fixture';

describe('macros API', () => {
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

  it('creates, lists, updates and deletes a team macro (admin)', async () => {
    const created = await admin.call('POST', '/api/macros', input({ shortcut: ';CRUD' }));
    expect(created.status).toBe(201);
    const macro = created.body.macro!;
    expect(macro).toMatchObject({ scope: 'team', ownerId: null, shortcut: 'crud', usageCount: 0 });
    expect((await agent.call('GET', '/api/macros')).body.macros).toContainEqual(macro);

    const put = await admin.call(
      'PUT',
      `/api/macros/${macro.id}`,
      input({ shortcut: 'crud', title: 'CRUD v2', tags: ['a', 'A', 'b'] }),
    );
    expect(put.status).toBe(200);
    expect(put.body.macro).toMatchObject({ id: macro.id, title: 'CRUD v2', tags: ['a', 'b'] });

    expect((await admin.call('DELETE', `/api/macros/${macro.id}`)).status).toBe(204);
    const gone = await admin.call('DELETE', `/api/macros/${macro.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('not_found');
  });

  it('lets only admins change team macros: 403 for agents', async () => {
    const refused = await agent.call('POST', '/api/macros', input({ shortcut: 'team-only' }));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'forbidden' });
    expect(refused.body.message).toContain('Only admins can change team macros.');

    const macro = await admin.create({ shortcut: 'locked' });
    const edit = await agent.call('PUT', `/api/macros/${macro.id}`, input({ shortcut: 'locked' }));
    expect(edit.status).toBe(403);
    expect((await agent.call('DELETE', `/api/macros/${macro.id}`)).status).toBe(403);
    // Nor can an agent move their personal macro into the team scope.
    const mine = await agent.create({ scope: 'personal', shortcut: 'promote' });
    const promote = await agent.call('PUT', `/api/macros/${mine.id}`, input({ shortcut: 'x' }));
    expect(promote.status).toBe(403);
  });

  it('lets every agent manage personal macros that nobody else sees (404)', async () => {
    const mine = await agent.create({ scope: 'personal', shortcut: 'private', title: 'Mine' });
    expect(mine).toMatchObject({ scope: 'personal', ownerId: agent.agentId });
    const renamed = await agent.call(
      'PUT',
      `/api/macros/${mine.id}`,
      input({ scope: 'personal', shortcut: 'private', title: 'Still mine' }),
    );
    expect(renamed.body.macro?.title).toBe('Still mine');

    for (const other of [agent2, admin]) {
      const list = (await other.call('GET', '/api/macros')).body.macros ?? [];
      expect(list.map((m) => m.id)).not.toContain(mine.id);
      const path = `/api/macros/${mine.id}`;
      expect((await other.call('PUT', path, input({ scope: 'personal' }))).status).toBe(404);
      expect((await other.call('DELETE', path)).status).toBe(404);
      expect((await other.call('POST', `${path}/use`)).status).toBe(404);
    }
    // The same personal shortcut is free for another agent.
    await agent2.create({ scope: 'personal', shortcut: 'private' });
    expect((await agent.call('DELETE', `/api/macros/${mine.id}`)).status).toBe(204);
  });

  it('keeps workspaces apart', async () => {
    const macro = await admin.create({ shortcut: 'isolated' });
    const list = (await otherAdmin.call('GET', '/api/macros')).body.macros ?? [];
    expect(list.map((m) => m.id)).not.toContain(macro.id);
    const path = `/api/macros/${macro.id}`;
    expect((await otherAdmin.call('PUT', path, input({ shortcut: 'isolated' }))).status).toBe(404);
    expect((await otherAdmin.call('DELETE', path)).status).toBe(404);
    expect((await otherAdmin.call('POST', `${path}/use`)).status).toBe(404);
    // The shortcut is free in the other workspace.
    await otherAdmin.create({ shortcut: 'isolated' });
    const exported = await otherAdmin.call('GET', '/api/macros/export?format=json');
    expect(JSON.stringify(exported.body)).not.toContain(macro.id);
  });

  it('refuses a colliding shortcut with 409 naming the other macro', async () => {
    await admin.create({ shortcut: 'refund', title: 'Refund policy' });
    const clash = await admin.call('POST', '/api/macros', input({ shortcut: ';Refund' }));
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('conflict');
    expect(clash.body.message).toContain(
      'The shortcut ";refund" is already used by the team macro "Refund policy".',
    );
    const other = await admin.create({ shortcut: 'refund2' });
    const rename = await admin.call(
      'PUT',
      `/api/macros/${other.id}`,
      input({ shortcut: 'refund' }),
    );
    expect(rename.status).toBe(409);
    // Personal scope is separate from the team's; a second personal one collides.
    await agent.create({ scope: 'personal', shortcut: 'refund', title: 'My refund' });
    const mine = await agent.call('POST', '/api/macros', input({ scope: 'personal' }));
    expect(mine.body.message).toContain('already used by your personal macro "My refund"');
  });

  it('refuses a body over 5,000 characters and accepts exactly 5,000', async () => {
    const long = await admin.call(
      'POST',
      '/api/macros',
      input({ shortcut: 'long', body: 'x'.repeat(5001) }),
    );
    expect(long.status).toBe(400);
    expect(long.body.code).toBe('invalid_request');
    expect(long.body.message).toContain('Macro bodies can be at most 5,000 characters.');
    expect(long.body.issues?.[0]?.path).toBe('body');
    const max = await admin.create({ shortcut: 'max', body: 'x'.repeat(5000) });
    expect(max.body).toHaveLength(5000);
  });

  it('refuses broken templates and unknown variables with the parser message', async () => {
    const unknown = await admin.call(
      'POST',
      '/api/macros',
      input({ shortcut: 'bad', body: 'Hi {{customer.frist_name}}' }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('Unknown variable "customer.frist_name"');
    expect(unknown.body.issues?.[0]).toMatchObject({ path: 'body' });
    const open = await admin.call('POST', '/api/macros', input({ shortcut: 'bad', body: '{{ask' }));
    expect(open.status).toBe(400);
    expect(open.body.message).toContain('never closed');
    const ok = await admin.create({ shortcut: 'good' });
    const broken = await admin.call(
      'PUT',
      `/api/macros/${ok.id}`,
      input({ shortcut: 'good', body: '{{cursor}}{{cursor}}' }),
    );
    expect(broken.status).toBe(400);
  });

  it('refuses bad shortcuts, titles and tags with clear messages', async () => {
    const cases: [Partial<MacroInput>, string, string][] = [
      [{ shortcut: 'two words' }, 'shortcut', 'without spaces'],
      [{ shortcut: 'x'.repeat(33) }, 'shortcut', '1–32'],
      [{ title: ' ' }, 'title', 'Give the macro a title.'],
      [{ tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, 'tags', 'at most 10 tags'],
      [{ tags: ['a|b'] }, 'tags', 'without "|"'],
    ];
    for (const [over, path, text] of cases) {
      const response = await admin.call('POST', '/api/macros', input(over));
      expect(response.status).toBe(400);
      expect(response.body.issues?.[0]?.path).toContain(path);
      expect(response.body.message).toContain(text);
    }
  });

  it('counts usage and returns the macro', async () => {
    const macro = await admin.create({ shortcut: 'used' });
    await agent.call('POST', `/api/macros/${macro.id}/use`);
    const used = await agent2.call('POST', `/api/macros/${macro.id}/use`);
    expect(used.status).toBe(200);
    expect(used.body.macro).toMatchObject({ id: macro.id, usageCount: 2 });
    const listed = (await admin.call('GET', '/api/macros')).body.macros ?? [];
    expect(listed.find((m) => m.id === macro.id)?.usageCount).toBe(2);
  });

  it('asks for a sign-in', async () => {
    const response = await fetch(`${t.server.url}/api/macros`);
    expect(response.status).toBe(401);
  });
});
