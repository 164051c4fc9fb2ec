import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startPage } from '../../../components/common/startPage';
import { getDb, getMetaDb, resetDb } from '../../../lib/db';
import { putConnection, putSession, putSync, settle } from './helpers';

// A page that shows which DATA database it reads.
const Probe = defineComponent({ render: () => h('p', { id: 'probe' }, getDb().name) });

let target: HTMLElement;
let stop: (() => void) | undefined;

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  target = document.createElement('div');
  document.body.append(target);
});

afterEach(() => {
  stop?.();
  stop = undefined;
  target.remove();
});

describe('starting a page', () => {
  it('opens the signed-in account’s database before mounting', async () => {
    await putSession('rapport-data-account-1');
    const reload = vi.fn();
    stop = await startPage(Probe, { target, reload });
    expect(target.querySelector('#probe')?.textContent).toBe('rapport-data-account-1');
    await settle();
    expect(reload).not.toHaveBeenCalled();
  });

  it('reloads once when the agent signs in to another account', async () => {
    await putSession('rapport-data-account-1');
    const reload = vi.fn();
    stop = await startPage(Probe, { target, reload });
    await settle();
    // Other META rows change all the time: no reload for those.
    await putConnection('offline');
    await putSync({ syncing: true, applied: 1, total: 2 });
    await settle();
    expect(reload).not.toHaveBeenCalled();

    await putSession('rapport-data-account-2');
    await vi.waitFor(() => expect(reload).toHaveBeenCalledOnce());
    await putSession('rapport-data-account-3');
    await settle();
    expect(reload).toHaveBeenCalledOnce();
  });

  it('reloads when the agent signs out', async () => {
    await putSession('rapport-data-account-1');
    const reload = vi.fn();
    stop = await startPage(Probe, { target, reload });
    await settle();
    await getMetaDb().state.delete('session');
    await vi.waitFor(() => expect(reload).toHaveBeenCalledOnce());
  });

  it('reloads when an agent signs in on a signed-out page', async () => {
    const reload = vi.fn();
    stop = await startPage(Probe, { target, reload });
    expect(target.querySelector('#probe')?.textContent).toBe('rapport-data-none');
    await settle();
    expect(reload).not.toHaveBeenCalled();
    await putSession('rapport-data-account-1');
    await vi.waitFor(() => expect(reload).toHaveBeenCalledOnce());
  });
});
