import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import SitesOff from '../../../components/overlay/SitesOff.vue';
import SiteSwitch from '../../../components/popup/SiteSwitch.vue';
import { requestsOf, settle, stubBackground, type SentRequest } from '../components/helpers';

// The per-site switch in the popup and the list of switched-off sites in the options page. They
// change the list only through the background (overlay.setSite), which tells open tabs.

let off: string[];
let sent: SentRequest[];

beforeEach(() => {
  fakeBrowser.reset();
  off = ['https://old.example.com'];
  sent = stubBackground({
    'overlay.sites': () => ({ ok: true, off }),
    'overlay.setSite': ({ origin, enabled }) => {
      off = enabled ? off.filter((o) => o !== origin) : [...off, origin];
      return { ok: true, off };
    },
  });
});

/** The active tab at `url` (what activeTab lets the popup read; the fake has no active tab). */
function activeTab(url: string): void {
  vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([
    { id: 1, index: 0, windowId: 0, url, active: true } as Browser.tabs.Tab,
  ]);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('"Macros on this site" in the popup', () => {
  it("switches macros off and on for the active tab's site", async () => {
    activeTab('https://mail.example.com/inbox?x=1');
    const wrapper = mount(SiteSwitch);
    await settle();
    const box = wrapper.find<HTMLInputElement>('[data-testid="site-switch"]');
    expect(box.element.checked).toBe(true);
    expect(wrapper.find('[data-testid="site-origin"]').text()).toBe('mail.example.com');
    await box.setValue(false);
    await settle();
    expect(requestsOf(sent, 'overlay.setSite')).toEqual([
      { origin: 'https://mail.example.com', enabled: false },
    ]);
    expect(box.element.checked).toBe(false);
    await box.setValue(true);
    await settle();
    expect(requestsOf(sent, 'overlay.setSite')).toHaveLength(2);
    expect(off).toEqual(['https://old.example.com']);
    wrapper.unmount();
  });

  it('shows the site as off when it is in the list', async () => {
    activeTab('https://old.example.com/');
    const wrapper = mount(SiteSwitch);
    await settle();
    const box = wrapper.find<HTMLInputElement>('[data-testid="site-switch"]');
    expect(box.element.checked).toBe(false);
    wrapper.unmount();
  });

  it('is absent on pages that are not web sites (or when the address is unknown)', async () => {
    activeTab('chrome://extensions/');
    const wrapper = mount(SiteSwitch);
    await settle();
    expect(wrapper.find('[data-testid="site-switch"]').exists()).toBe(false);
    expect(requestsOf(sent, 'overlay.sites')).toEqual([]);
    wrapper.unmount();
  });
});

describe('sites switched off, in the options page', () => {
  it('lists them and switches one back on', async () => {
    off = ['https://a.example.com', 'https://b.example.com'];
    const wrapper = mount(SitesOff);
    await settle();
    const rows = wrapper.findAll('[data-testid="site-off"]');
    expect(rows.map((row) => row.text().replace('Switch on', '').trim())).toEqual([
      'https://a.example.com',
      'https://b.example.com',
    ]);
    await rows[0]!.find('[data-testid="site-on"]').trigger('click');
    await settle();
    expect(requestsOf(sent, 'overlay.setSite')).toEqual([
      { origin: 'https://a.example.com', enabled: true },
    ]);
    expect(wrapper.findAll('[data-testid="site-off"]')).toHaveLength(1);
    wrapper.unmount();
  });

  it('says so when macros are on everywhere', async () => {
    off = [];
    const wrapper = mount(SitesOff);
    await settle();
    expect(wrapper.find('[data-testid="sites-off-empty"]').exists()).toBe(true);
    wrapper.unmount();
  });
});
