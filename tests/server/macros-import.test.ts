import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MacroInput } from '../../protocol';
import { startTestServer, type TestServer } from './helpers';
import { input, macroWorkspaces, type MacroClient } from './macro-fixture';

const HEADER = 'scope,shortcut,title,body,tags';

describe('macro import and export', () => {
  let t: TestServer;
  let admin: MacroClient;
  let agent: MacroClient;
  let otherAdmin: MacroClient;

  beforeAll(async () => {
    t = await startTestServer({ seedDemo: false });
    ({ admin, agent, otherAdmin } = await macroWorkspaces(t));
  });
  afterAll(async () => {
    await t.close();
  });

  const shortcuts = async (client: MacroClient) =>
    ((await client.call('GET', '/api/macros')).body.macros ?? []).map((m) => m.shortcut);

  it('imports JSON rows', async () => {
    const macros = [input({ shortcut: 'j1' }), input({ shortcut: 'j2', scope: 'personal' })];
    const response = await admin.call('POST', '/api/macros/import', { format: 'json', macros });
    expect(response.status).toBe(200);
    expect(response.body.imported?.map((m) => [m.shortcut, m.scope])).toEqual([
      ['j1', 'team'],
      ['j2', 'personal'],
    ]);
    expect(await shortcuts(admin)).toEqual(expect.arrayContaining(['j1', 'j2']));
  });

  it('imports nothing when any JSON row has errors, and lists every row error', async () => {
    await admin.create({ shortcut: 'taken', title: 'Taken one' });
    const macros: unknown[] = [
      input({ shortcut: 'ok1' }),
      input({ shortcut: 'x y' }),
      input({ shortcut: 'ok1' }),
      input({ shortcut: 'long', body: 'x'.repeat(5001) }),
      input({ shortcut: 'tpl', body: '{{customer.nope}}' }),
      'not a macro',
      input({ shortcut: 'ok2' }),
    ];
    const response = await admin.call('POST', '/api/macros/import', { format: 'json', macros });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_request');
    expect(response.body.message).toContain('Nothing was imported: 5 rows have errors.');
    expect(response.body.rowErrors?.map((e) => [e.row, e.field])).toEqual([
      [2, 'shortcut'],
      [3, 'shortcut'],
      [4, 'body'],
      [5, 'body'],
      [6, undefined],
    ]);
    expect(response.body.rowErrors?.[1]?.message).toContain('Row 1 already uses');
    expect(response.body.rowErrors?.[2]?.message).toBe(
      'Macro bodies can be at most 5,000 characters.',
    );
    expect(await shortcuts(admin)).not.toContain('ok1');

    // A row that collides with a stored macro is a row error too, and still nothing is saved.
    const clash = await admin.call('POST', '/api/macros/import', {
      format: 'json',
      macros: [input({ shortcut: 'ok3' }), input({ shortcut: 'taken' })],
    });
    expect(clash.status).toBe(400);
    expect(clash.body.rowErrors).toEqual([
      {
        row: 2,
        field: 'shortcut',
        message: expect.stringContaining('already used by the team macro "Taken one"'),
      },
    ]);
    expect(await shortcuts(admin)).not.toContain('ok3');
  });

  it('accepts imports larger than the usual 64 KiB body limit', async () => {
    const macros = Array.from({ length: 30 }, (_, i) =>
      input({ shortcut: `big-${i}`, body: 'x'.repeat(5000) }),
    );
    const response = await admin.call('POST', '/api/macros/import', { format: 'json', macros });
    expect(response.status).toBe(200);
    expect(response.body.imported).toHaveLength(30);
  });

  it('refuses team rows from an agent as row errors', async () => {
    const response = await agent.call('POST', '/api/macros/import', {
      format: 'json',
      macros: [input({ scope: 'personal', shortcut: 'mine' }), input({ shortcut: 'team' })],
    });
    expect(response.status).toBe(400);
    expect(response.body.rowErrors).toEqual([
      { row: 2, field: 'scope', message: expect.stringContaining('Only admins') },
    ]);
  });

  it('imports CSV with quoted commas, quotes and line breaks', async () => {
    const csv =
      `${HEADER}\r\n` +
      `team,c1,"Shipping, fast","Line one\r\nLine ""two"", with comma",shipping|faq\r\n` +
      `personal,c2,Plain,Hello {{customer.first_name | "there"}},\n`;
    const response = await admin.call('POST', '/api/macros/import', { format: 'csv', csv });
    expect(response.status).toBe(200);
    const [c1, c2] = response.body.imported ?? [];
    expect(c1).toMatchObject({
      title: 'Shipping, fast',
      body: 'Line one\r\nLine "two", with comma',
      tags: ['shipping', 'faq'],
    });
    expect(c2).toMatchObject({ scope: 'personal', tags: [], body: expect.stringContaining('{{') });
  });

  it('imports nothing from a CSV with row errors', async () => {
    const csv = [
      HEADER,
      'team,c3,Fine,"Body, quoted",',
      'team,c4,Too few fields',
      'team,c3,Duplicate,Body,',
      'group,c5,Bad scope,Body,',
      'team,c6,Multi,"one',
      'two {{agent.nme}}",',
    ].join('\n');
    const response = await admin.call('POST', '/api/macros/import', { format: 'csv', csv });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('Nothing was imported: 4 rows have errors.');
    expect(response.body.rowErrors?.map((e) => [e.row, e.field])).toEqual([
      [2, undefined],
      [3, 'shortcut'],
      [4, 'scope'],
      [5, 'body'],
    ]);
    expect(response.body.rowErrors?.[0]?.message).toContain('Line 3 has 3 fields');
    expect(await shortcuts(admin)).not.toContain('c3');
  });

  it('refuses unreadable CSV files as a whole with what to fix', async () => {
    const cases = [
      ['', 'The CSV is empty'],
      ['scope,shortcut,title\nteam,a,b', 'has no "body" column'],
      [`${HEADER},extra\n`, 'unknown column "extra"'],
      [`${HEADER}\nteam,a,"open,b,c`, 'never closed'],
      [`${HEADER}\n`, 'no macros to import'],
    ];
    for (const [csv, text] of cases) {
      const response = await admin.call('POST', '/api/macros/import', { format: 'csv', csv });
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(text);
    }
    const bad = await admin.call('POST', '/api/macros/import', { format: 'xml' });
    expect(bad.status).toBe(400);
  });

  it('exports visible macros as JSON and CSV that import back unchanged', async () => {
    const tricky: Partial<MacroInput>[] = [
      { shortcut: 'rt-1', title: 'Comma, "quoted"', body: 'a,b\n"c"\r\n  d  ', tags: ['x', 'y'] },
      { shortcut: 'rt-2', scope: 'personal', body: 'Hi {{agent.first_name}}', tags: [] },
    ];
    for (const over of tricky) await admin.create(over);
    await agent.create({ scope: 'personal', shortcut: 'not-exported' });

    const json = await admin.call('GET', '/api/macros/export?format=json');
    expect(json.status).toBe(200);
    const csv = await admin.call('GET', '/api/macros/export?format=csv');
    expect(csv.type).toContain('text/csv');
    expect(csv.text.startsWith(`${HEADER}\r\n`)).toBe(true);
    expect(csv.text).not.toContain('not-exported');
    const exported = JSON.parse(json.text) as { format: 'json'; macros: MacroInput[] };
    expect(exported.macros.map((m) => m.shortcut)).not.toContain('not-exported');
    const sorted = (list: MacroInput[]) =>
      [...list].sort((a, b) => a.shortcut.localeCompare(b.shortcut));

    // Into another workspace: the same macros come back, through either format.
    for (const body of [exported, { format: 'csv', csv: csv.text }]) {
      const before = (await otherAdmin.call('GET', '/api/macros')).body.macros ?? [];
      for (const m of before) await otherAdmin.call('DELETE', `/api/macros/${m.id}`);
      const imported = await otherAdmin.call('POST', '/api/macros/import', body);
      expect(imported.status).toBe(200);
      const again = await otherAdmin.call('GET', '/api/macros/export?format=json');
      expect(sorted((JSON.parse(again.text) as typeof exported).macros)).toEqual(
        sorted(exported.macros),
      );
    }
    expect((await admin.call('GET', '/api/macros/export?format=yaml')).status).toBe(400);
  });
});
