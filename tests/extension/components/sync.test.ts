import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import PopupApp from '../../../entrypoints/popup/App.vue';
import SidePanelApp from '../../../entrypoints/sidepanel/App.vue';
import { getDb, resetDb } from '../../../lib/db';
import { conversation, putSync, seedSession, settle, stubBackground } from './helpers';

let pinia: Pinia;
let wrapper: VueWrapper | undefined;

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  delete document.body.dataset.ready;
  pinia = createPinia();
  setActivePinia(pinia);
  stubBackground();
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

async function mountPanel(app: typeof SidePanelApp = SidePanelApp): Promise<VueWrapper> {
  wrapper = mount(app, { global: { plugins: [pinia] }, attachTo: document.body });
  await settle();
  return wrapper;
}

describe('sync progress and storage errors', () => {
  it('shows the initial sync’s progress over the cached list, then hides it', async () => {
    await seedSession();
    await getDb().conversations.put(conversation('a', { lastMessagePreview: 'Cached' }));
    await putSync({ syncing: true, applied: 120, total: 800 });
    const panel = await mountPanel();

    const bar = panel.find('[data-testid="sync-progress"]');
    expect(bar.element.tagName).toBe('PROGRESS');
    expect((bar.element as HTMLProgressElement).value).toBe(120);
    expect((bar.element as HTMLProgressElement).max).toBe(800);
    expect(bar.attributes('aria-label')).toBeTruthy();
    expect(panel.find('[data-testid="sync"]').text()).toContain('Syncing 120 of 800 changes…');
    // The cache is on screen while the sync runs.
    expect(panel.find('[data-testid="conversation-item"]').text()).toContain('Cached');

    await putSync({ syncing: true, applied: 640, total: 800 });
    await vi.waitFor(() =>
      expect(
        (panel.find('[data-testid="sync-progress"]').element as HTMLProgressElement).value,
      ).toBe(640),
    );
    await putSync({ syncing: false, applied: 800, total: 800 });
    await vi.waitFor(() =>
      expect(panel.find('[data-testid="sync-progress"]').exists()).toBe(false),
    );
  });

  it('groups large counts in the label', async () => {
    await seedSession();
    await putSync({ syncing: true, applied: 12_000, total: 100_000 });
    const panel = await mountPanel();
    expect(panel.find('[data-testid="sync"]').text()).toContain(
      `Syncing ${(12_000).toLocaleString()} of ${(100_000).toLocaleString()} changes…`,
    );
  });

  it('shows no bar while syncing without a known total', async () => {
    await seedSession();
    await putSync({ syncing: true, applied: 0, total: 0 });
    const panel = await mountPanel();
    expect(panel.find('[data-testid="sync-progress"]').exists()).toBe(false);
  });

  it('shows a storage error as an alert until it is cleared', async () => {
    await seedSession();
    await putSync({ storageError: 'The disk is full. Free some space; Rapport will retry.' });
    const panel = await mountPanel();
    const alert = panel.find('[data-testid="storage-error"]');
    expect(alert.attributes('role')).toBe('alert');
    expect(alert.text()).toBe('The disk is full. Free some space; Rapport will retry.');
    await putSync({ storageError: null });
    await vi.waitFor(() =>
      expect(panel.find('[data-testid="storage-error"]').exists()).toBe(false),
    );
  });

  it('tells in the popup that it is syncing', async () => {
    await seedSession();
    await putSync({ syncing: true, applied: 1, total: 10 });
    const popup = await mountPanel(PopupApp);
    expect(popup.find('[data-testid="sync-status"]').text()).toBe('Syncing…');
    await putSync({ syncing: false });
    await vi.waitFor(() => expect(popup.find('[data-testid="sync-status"]').exists()).toBe(false));
  });
});

describe('ready markers for the benchmark', () => {
  it('marks the body once the list is on screen', async () => {
    await seedSession();
    await getDb().conversations.put(conversation('a'));
    const panel = await mountPanel();
    expect(panel.find('[data-testid="conversation-list"]').exists()).toBe(true);
    expect(document.body.dataset.ready).toBe('list');
  });

  it('marks the body for the empty state too', async () => {
    await seedSession();
    const panel = await mountPanel();
    expect(panel.find('[data-testid="empty-state"]').exists()).toBe(true);
    expect(document.body.dataset.ready).toBe('list');
  });
});
