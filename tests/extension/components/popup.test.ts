import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import App from '../../../entrypoints/popup/App.vue';
import { getDb, resetDb } from '../../../lib/db';
import {
  AGENT,
  conversation,
  requestsOf,
  seedSession,
  settle,
  stubBackground,
  type SentRequest,
} from './helpers';

let sent: SentRequest[];
let wrapper: VueWrapper | undefined;
const panelApis = fakeBrowser as unknown as {
  sidePanel?: { open: (options: { windowId: number }) => Promise<void> };
  sidebarAction?: { open: () => Promise<void> };
};

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  sent = stubBackground();
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
  delete panelApis.sidePanel;
});

async function mountPopup(): Promise<VueWrapper> {
  wrapper = mount(App, { global: { plugins: [createPinia()] } });
  await settle();
  return wrapper;
}

describe('popup', () => {
  it('shows the agent, workspace, connection and counts', async () => {
    await seedSession('online');
    await getDb().conversations.bulkPut([
      conversation('a', { unreadCount: 2 }),
      conversation('b'),
      conversation('c', { status: 'closed', unreadCount: 1 }),
    ]);
    const popup = await mountPopup();
    expect(popup.find('[data-testid="connection-status"]').attributes('data-status')).toBe(
      'online',
    );
    expect(popup.find('[data-testid="agent-name"]').text()).toBe('Ada Agent');
    expect(popup.find('[data-testid="workspace-name"]').text()).toBe('Acme Shop');
    expect(popup.find('[data-testid="open-count"]').text()).toBe('2');
    expect(popup.find('[data-testid="unread-conversations-count"]').text()).toBe('2');
  });

  it('switches the agent between online and away', async () => {
    await seedSession('online');
    const popup = await mountPopup();
    const toggle = () => popup.find('[data-testid="status-toggle"]');
    expect(toggle().attributes('aria-pressed')).toBe('true');
    await toggle().trigger('click');
    await settle();
    expect(requestsOf(sent, 'agent.setStatus')).toEqual([{ status: 'away' }]);

    // The background writes the new status; the switch follows Dexie.
    await getDb().agents.update(AGENT.id, { status: 'away' });
    await vi.waitFor(() => expect(toggle().attributes('aria-pressed')).toBe('false'));
    await toggle().trigger('click');
    await settle();
    expect(requestsOf(sent, 'agent.setStatus')).toEqual([{ status: 'away' }, { status: 'online' }]);
  });

  it('shows why the status could not change', async () => {
    fakeBrowser.runtime.onMessage.removeAllListeners();
    stubBackground({
      'agent.setStatus': () => ({ ok: false, code: 'network', message: 'Server unreachable.' }),
    });
    await seedSession('online');
    const popup = await mountPopup();
    await popup.find('[data-testid="status-toggle"]').trigger('click');
    await settle();
    expect(popup.find('[role="alert"]').text()).toBe('Server unreachable.');
    expect(popup.find('[data-testid="status-toggle"]').attributes('aria-pressed')).toBe('true');
  });

  it('opens the Chrome side panel for the current window', async () => {
    const open = vi.fn(async (_options: { windowId: number }) => {});
    panelApis.sidePanel = { open };
    const window = await fakeBrowser.windows.create({ focused: true });
    const close = vi.spyOn(globalThis.window, 'close').mockImplementation(() => {});
    await seedSession('online');
    const popup = await mountPopup();
    await popup.find('[data-testid="open-sidepanel"]').trigger('click');
    expect(open).toHaveBeenCalledWith({ windowId: window.id });
    await settle();
    expect(close).toHaveBeenCalled();
    close.mockRestore();
  });

  it('links to the options page when signed out', async () => {
    const openOptionsPage = vi.fn(async () => {});
    fakeBrowser.runtime.openOptionsPage = openOptionsPage;
    const popup = await mountPopup();
    expect(popup.find('[data-testid="signed-out"]').exists()).toBe(true);
    expect(popup.find('[data-testid="status-toggle"]').exists()).toBe(false);
    await popup.find('[data-testid="open-options"]').trigger('click');
    expect(openOptionsPage).toHaveBeenCalledOnce();
  });
});
