import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import App from '../../../entrypoints/options/App.vue';
import { getDb, resetDb } from '../../../lib/db';
import type { Failure } from '../../../lib/messages';
import type { Macro } from '../../../protocol/macros';
import { AGENT, macro, requestsOf, seedSession, settle, stubBackground } from './helpers';

const MACROS: Macro[] = [
  macro('m_refund', 'refund', { title: 'Refund issued', usageCount: 5 }),
  macro('m_hello', 'hello', { title: 'Greeting', usageCount: 20 }),
  macro('m_mine', 'sig', {
    title: '<b>My signature</b>',
    scope: 'personal',
    ownerId: AGENT.id,
    usageCount: 1,
  }),
];

let wrapper: VueWrapper | undefined;

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
  vi.restoreAllMocks();
});

async function mountOptions(
  macros: Macro[] = MACROS,
  role: 'admin' | 'agent' = 'admin',
): Promise<VueWrapper> {
  await seedSession();
  if (role !== AGENT.role) await getDb().agents.put({ ...AGENT, role });
  await getDb().macros.bulkPut(macros);
  wrapper = mount(App, { global: { plugins: [createPinia()] }, attachTo: document.body });
  await settle();
  return wrapper;
}

async function openNewForm(options: VueWrapper): Promise<void> {
  await options.find('[data-testid="macro-new"]').trigger('click');
}

async function fill(options: VueWrapper, fields: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(fields)) {
    await options.find(`[data-testid="macro-${name}"]`).setValue(value);
  }
}

function errorTexts(options: VueWrapper): string[] {
  return options.findAll('[data-testid="macro-error"]').map((e) => e.text());
}

describe('macro manager (options page)', () => {
  it('is not shown while signed out', async () => {
    stubBackground();
    wrapper = mount(App, { global: { plugins: [createPinia()] } });
    await settle();
    expect(wrapper.find('[data-testid="macro-manager"]').exists()).toBe(false);
  });

  it('lists the cached macros, most used first, with scope and usage, as text', async () => {
    stubBackground();
    const options = await mountOptions();
    const rows = options.findAll('[data-testid="macro-row"]');
    expect(rows.map((r) => r.find('[data-testid="macro-shortcut-text"]').text())).toEqual([
      ';hello',
      ';refund',
      ';sig',
    ]);
    expect(rows[0]!.text()).toContain('Greeting');
    expect(rows[0]!.text()).toContain('Team');
    expect(rows[0]!.text()).toContain('used 20 times');
    expect(rows[2]!.text()).toContain('Personal');
    expect(rows[2]!.find('[data-testid="macro-title-text"]').text()).toBe('<b>My signature</b>');
    expect(rows[2]!.find('b').exists()).toBe(false);

    // A macro the background writes later shows up without reloading.
    await getDb().macros.put(macro('m_new', 'new-one', { usageCount: 50 }));
    await settle();
    expect(options.find('[data-testid="macro-row"]').text()).toContain(';new-one');
  });

  it('says so when there are no macros', async () => {
    stubBackground();
    const options = await mountOptions([]);
    expect(options.find('[data-testid="macro-empty"]').text()).toContain('No macros yet');
    expect(options.findAll('[data-testid="macro-row"]')).toHaveLength(0);
  });

  it('shows a template error from the parser and blocks saving until it is fixed', async () => {
    const sent = stubBackground();
    const options = await mountOptions();
    await openNewForm(options);
    await fill(options, { shortcut: 'thanks', title: 'Thanks', body: 'Hi {{customer.shoe_size}}' });
    const errors = options.findAll('[data-testid="macro-error"]');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.attributes('role')).toBe('alert');
    expect(errors[0]!.text()).toMatch(/shoe_size/);
    const save = options.find('[data-testid="macro-save"]');
    expect(save.attributes('disabled')).toBeDefined();
    await options.find('[data-testid="macro-form"]').trigger('submit');
    await settle();
    expect(requestsOf(sent, 'macros.save')).toEqual([]);

    await fill(options, { body: 'Hi {{customer.first_name | "there"' });
    expect(options.find('[data-testid="macro-save"]').attributes('disabled')).toBeDefined();
    expect(errorTexts(options)).toHaveLength(1);

    await fill(options, { body: 'Hi {{customer.first_name | "there"}}' });
    expect(errorTexts(options)).toEqual([]);
    expect(options.find('[data-testid="macro-save"]').attributes('disabled')).toBeUndefined();
  });

  it('shows the schema’s messages beside each field on save', async () => {
    const sent = stubBackground();
    const options = await mountOptions();
    await openNewForm(options);
    await fill(options, { shortcut: 'two words', body: 'x'.repeat(5_001) });
    await options.find('[data-testid="macro-form"]').trigger('submit');
    await settle();
    const byField = (field: string): string[] =>
      options.findAll(`[data-testid="macro-error"][data-field="${field}"]`).map((e) => e.text());
    expect(byField('shortcut')[0]).toMatch(/A shortcut is 1–32 letters/);
    expect(byField('title')).toEqual(['Give the macro a title.']);
    expect(byField('body')).toEqual(['Macro bodies can be at most 5,000 characters.']);
    expect(requestsOf(sent, 'macros.save')).toEqual([]);
  });

  it('sends macros.save with the parsed input and closes the editor', async () => {
    const sent = stubBackground({
      'macros.save': ({ input }) => ({
        ok: true,
        macro: macro('m_x', input.shortcut, { ...input, ownerId: AGENT.id }),
      }),
    });
    const options = await mountOptions();
    await openNewForm(options);
    await fill(options, {
      shortcut: ';Thanks',
      title: '  Thank you  ',
      body: 'Thanks, {{customer.first_name | "friend"}}!',
      tags: 'polite, closing, Polite, ',
      scope: 'team',
    });
    await options.find('[data-testid="macro-form"]').trigger('submit');
    await settle();
    expect(requestsOf(sent, 'macros.save')).toEqual([
      {
        input: {
          shortcut: 'thanks',
          title: 'Thank you',
          body: 'Thanks, {{customer.first_name | "friend"}}!',
          tags: ['polite', 'closing'],
          scope: 'team',
        },
      },
    ]);
    expect(options.find('[data-testid="macro-form"]').exists()).toBe(false);
    expect(options.find('[data-testid="macro-notice"]').text()).toBe('Saved ;thanks.');
  });

  it('edits a macro by id, prefilled', async () => {
    const sent = stubBackground({
      'macros.save': () => ({ ok: true, macro: MACROS[0]! }),
    });
    const options = await mountOptions();
    const refund = options.find('[data-macro-id="m_refund"]');
    await refund.find('[data-testid="macro-edit"]').trigger('click');
    const title = options.find('[data-testid="macro-title"]').element as HTMLInputElement;
    expect(title.value).toBe('Refund issued');
    await fill(options, { title: 'Refund sent' });
    await options.find('[data-testid="macro-form"]').trigger('submit');
    await settle();
    const [request] = requestsOf(sent, 'macros.save') as { id: string; input: { title: string } }[];
    expect(request!.id).toBe('m_refund');
    expect(request!.input.title).toBe('Refund sent');
  });

  it('shows a shortcut collision from the server and keeps the draft', async () => {
    const failure: Failure = {
      ok: false,
      code: 'conflict',
      message:
        'The shortcut "refund" is already used by the team macro "Refund issued". Pick another.',
    };
    stubBackground({ 'macros.save': () => failure });
    const options = await mountOptions();
    await openNewForm(options);
    await fill(options, { shortcut: 'refund', title: 'My refund', body: 'Refunded.' });
    await options.find('[data-testid="macro-form"]').trigger('submit');
    await settle();
    const error = options.find('[data-testid="macro-save-error"]');
    expect(error.text()).toBe(failure.message);
    expect(error.attributes('role')).toBe('alert');
    const value = (name: string): string =>
      (options.find(`[data-testid="macro-${name}"]`).element as HTMLInputElement).value;
    expect([value('shortcut'), value('title'), value('body')]).toEqual([
      'refund',
      'My refund',
      'Refunded.',
    ]);
    expect(options.find('[data-testid="macro-save"]').attributes('disabled')).toBeUndefined();
  });

  it('closes the editor on Escape and on Cancel without saving', async () => {
    const sent = stubBackground();
    const options = await mountOptions();
    await openNewForm(options);
    await fill(options, { shortcut: 'draft' });
    await options.find('[data-testid="macro-shortcut"]').trigger('keydown', { key: 'Escape' });
    expect(options.find('[data-testid="macro-form"]').exists()).toBe(false);
    await openNewForm(options);
    await options.find('[data-testid="macro-cancel"]').trigger('click');
    expect(options.find('[data-testid="macro-form"]').exists()).toBe(false);
    expect(requestsOf(sent, 'macros.save')).toEqual([]);
  });

  it('offers the Team scope to admins only, and no team editing to agents', async () => {
    stubBackground();
    const options = await mountOptions(MACROS, 'agent');
    const team = options.find('[data-macro-id="m_hello"]');
    expect(team.find('[data-testid="macro-edit"]').exists()).toBe(false);
    expect(team.find('[data-testid="macro-delete"]').exists()).toBe(false);
    const mine = options.find('[data-macro-id="m_mine"]');
    expect(mine.find('[data-testid="macro-edit"]').exists()).toBe(true);
    await openNewForm(options);
    const scopes = options
      .findAll('[data-testid="macro-scope"] option')
      .map((o) => o.attributes('value'));
    expect(scopes).toEqual(['personal']);
  });

  it('admins can pick the Team scope', async () => {
    stubBackground();
    const options = await mountOptions();
    await openNewForm(options);
    const scopes = options
      .findAll('[data-testid="macro-scope"] option')
      .map((o) => o.attributes('value'));
    expect(scopes).toEqual(['personal', 'team']);
  });

  it('deletes only after the confirm step', async () => {
    const sent = stubBackground();
    const options = await mountOptions();
    const row = options.find('[data-macro-id="m_refund"]');
    await row.find('[data-testid="macro-delete"]').trigger('click');
    expect(requestsOf(sent, 'macros.delete')).toEqual([]);
    await row.find('[data-testid="macro-delete-cancel"]').trigger('click');
    await row.find('[data-testid="macro-delete"]').trigger('click');
    await row.find('[data-testid="macro-delete-confirm"]').trigger('click');
    await settle();
    expect(requestsOf(sent, 'macros.delete')).toEqual([{ id: 'm_refund' }]);
  });
});

async function chooseFile(options: VueWrapper, name: string, text: string): Promise<void> {
  const input = options.find('[data-testid="macro-import-file"]');
  const file = new File([text], name, {
    type: name.endsWith('.csv') ? 'text/csv' : 'application/json',
  });
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
  await input.trigger('change');
  await settle();
}

describe('macro import and export', () => {
  it('accepts .json and .csv files', async () => {
    stubBackground();
    const options = await mountOptions();
    expect(options.find('[data-testid="macro-import-file"]').attributes('accept')).toContain(
      '.json,.csv',
    );
  });

  it('imports a JSON export and says how many', async () => {
    const sent = stubBackground({ 'macros.import': () => ({ ok: true, imported: 2 }) });
    const options = await mountOptions();
    const rows = [{ shortcut: 'a' }, { shortcut: 'b' }];
    await chooseFile(
      options,
      'rapport-macros.json',
      JSON.stringify({ format: 'json', macros: rows }),
    );
    expect(requestsOf(sent, 'macros.import')).toEqual([{ format: 'json', macros: rows }]);
    expect(options.find('[data-testid="macro-import-result"]').text()).toBe('Imported 2 macros.');
  });

  it('sends a CSV file as text and lists the row errors of a refusal', async () => {
    const csv = 'scope,shortcut,title,body,tags\nteam,a b,A,Body,\n';
    const sent = stubBackground({
      'macros.import': () => ({
        ok: false,
        code: 'invalid_request',
        message: 'Nothing was imported: fix the rows below and import the file again.',
        rowErrors: [
          { row: 1, field: 'shortcut', message: 'A shortcut is 1–32 letters.' },
          { row: 3, message: 'This row has 4 columns; the header has 5.' },
        ],
      }),
    });
    const options = await mountOptions();
    await chooseFile(options, 'macros.csv', csv);
    expect(requestsOf(sent, 'macros.import')).toEqual([{ format: 'csv', csv }]);
    const error = options.find('[data-testid="macro-import-error"]');
    expect(error.attributes('role')).toBe('alert');
    expect(error.text()).toContain('Nothing was imported');
    const items = options.findAll('[data-testid="macro-import-errors"] li').map((li) => li.text());
    expect(items).toEqual([
      'Row 1, shortcut: A shortcut is 1–32 letters.',
      'Row 3: This row has 4 columns; the header has 5.',
    ]);
  });

  it('explains unreadable JSON without asking the background', async () => {
    const sent = stubBackground();
    const options = await mountOptions();
    await chooseFile(options, 'broken.json', '{"macros": [');
    expect(requestsOf(sent, 'macros.import')).toEqual([]);
    expect(options.find('[data-testid="macro-import-error"]').text()).toContain(
      '“broken.json” is not valid JSON',
    );
  });

  it('downloads an export through a Blob URL', async () => {
    const sent = stubBackground({
      'macros.export': () => ({ ok: true, text: '{"format":"json"}' }),
    });
    const createObjectURL = vi.fn((_blob: Blob) => 'blob:rapport/1');
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(`${this.download} ${this.href}`);
    });
    const options = await mountOptions();
    await options.find('[data-testid="macro-export-json"]').trigger('click');
    await settle();
    expect(requestsOf(sent, 'macros.export')).toEqual([{ format: 'json' }]);
    expect(clicked).toEqual(['rapport-macros.json blob:rapport/1']);
    expect(await createObjectURL.mock.calls[0]![0].text()).toBe('{"format":"json"}');
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:rapport/1');
  });
});
