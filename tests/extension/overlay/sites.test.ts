import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import SitesOffList from '../../../components/overlay/SitesOffList.vue';
import SiteSwitch from '../../../components/popup/SiteSwitch.vue';
import { requestsOf, settle, stubBackground, type SentRequest } from '../components/helpers';

// The per-site switch in the popup and the list of switched-off sites in the options page. They
// change the list only through the background (overlay.setSite), which tells open tabs.

let off: string[];
let recognitionOff: string[];
/** Recognition: sites switched on over the admin's policy, and the policy's patterns. */
let recognitionOn: string[];
let recognitionPolicy: string[];
let sent: SentRequest[];

beforeEach(() => {
  fakeBrowser.reset();
  off = ['https://old.example.com'];
  recognitionOff = [];
  recognitionOn = [];
  recognitionPolicy = [];
  const recognitionStates = () => ({
    ok: true as const,
    off: recognitionOff,
    on: recognitionOn,
    policy: recognitionPolicy,
  });
  sent = stubBackground({
    'overlay.sites': () => ({ ok: true, off, on: [], policy: [] }),
    'overlay.setSite': ({ origin, enabled }) => {
      off = enabled ? off.filter((o) => o !== origin) : [...off, origin];
      return { ok: true, off, on: [], policy: [] };
    },
    'recognition.sites': recognitionStates,
    'recognition.setSite': ({ origin, enabled }) => {
      recognitionOff = recognitionOff.filter((o) => o !== origin);
      recognitionOn = recognitionOn.filter((o) => o !== origin);
      if (!enabled) recognitionOff.push(origin);
      else if (recognitionPolicy.length > 0) recognitionOn.push(origin);
      return recognitionStates();
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

/** The popup's "Macros on this site" and the options page's list, as the two pages show them. */
const mountSwitch = () =>
  mount(SiteSwitch, {
    props: { list: 'overlay', label: 'Macros on this site', testid: 'site', showHost: true },
  });
const mountSitesOff = () =>
  mount(SitesOffList, {
    props: {
      list: 'overlay',
      empty: 'Macros are on for every site.',
      testid: 'sites',
      rowTestid: 'site',
    },
  });

describe('"Macros on this site" in the popup', () => {
  it("switches macros off and on for the active tab's site", async () => {
    activeTab('https://mail.example.com/inbox?x=1');
    const wrapper = mountSwitch();
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
    const wrapper = mountSwitch();
    await settle();
    const box = wrapper.find<HTMLInputElement>('[data-testid="site-switch"]');
    expect(box.element.checked).toBe(false);
    wrapper.unmount();
  });

  it('is absent on pages that are not web sites (or when the address is unknown)', async () => {
    activeTab('chrome://extensions/');
    const wrapper = mountSwitch();
    await settle();
    expect(wrapper.find('[data-testid="site-switch"]').exists()).toBe(false);
    expect(requestsOf(sent, 'overlay.sites')).toEqual([]);
    wrapper.unmount();
  });
});

describe('sites switched off, in the options page', () => {
  it('lists them and switches one back on', async () => {
    off = ['https://a.example.com', 'https://b.example.com'];
    const wrapper = mountSitesOff();
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
    const wrapper = mountSitesOff();
    await settle();
    expect(wrapper.find('[data-testid="sites-off-empty"]').exists()).toBe(true);
    wrapper.unmount();
  });
});

describe('the same switch and list for recognition', () => {
  it('uses the recognition requests only', async () => {
    activeTab('https://crm.example.com/contacts');
    const props = { list: 'recognition', label: 'Recognize customers on this site' } as const;
    const popup = mount(SiteSwitch, { props: { ...props, testid: 'recognition' } });
    await settle();
    expect(popup.text()).toBe('Recognize customers on this site');
    await popup.find('[data-testid="recognition-switch"]').setValue(false);
    await settle();
    expect(recognitionOff).toEqual(['https://crm.example.com']);
    expect(off).toEqual(['https://old.example.com']);
    popup.unmount();

    const options = mount(SitesOffList, {
      props: {
        list: 'recognition',
        empty: 'Recognition is on for every site.',
        testid: 'recognition',
        rowTestid: 'recognition-site',
      },
    });
    await settle();
    await options.find('[data-testid="recognition-site-on"]').trigger('click');
    await settle();
    expect(requestsOf(sent, 'recognition.setSite')).toEqual([
      { origin: 'https://crm.example.com', enabled: false },
      { origin: 'https://crm.example.com', enabled: true },
    ]);
    expect(options.find('[data-testid="recognition-off-empty"]').text()).toBe(
      'Recognition is on for every site.',
    );
    expect(requestsOf(sent, 'overlay.setSite')).toEqual([]);
    options.unmount();
  });
});

describe("a site off by the admin's policy (O5)", () => {
  it('shows the switch off with the reason, and lets the agent switch it on', async () => {
    recognitionPolicy = ['*.example.com'];
    activeTab('https://crm.example.com/contacts');
    const props = { list: 'recognition', label: 'Recognize customers on this site' } as const;
    const popup = mount(SiteSwitch, { props: { ...props, testid: 'recognition' } });
    await settle();
    const box = popup.find<HTMLInputElement>('[data-testid="recognition-switch"]');
    expect(box.element.checked).toBe(false);
    expect(popup.find('[data-testid="recognition-policy"]').text()).toBe(
      "Off by your admin's policy",
    );
    await box.setValue(true);
    await settle();
    expect(requestsOf(sent, 'recognition.setSite')).toEqual([
      { origin: 'https://crm.example.com', enabled: true },
    ]);
    expect(recognitionOn).toEqual(['https://crm.example.com']);
    expect(box.element.checked).toBe(true);
    expect(popup.find('[data-testid="recognition-policy"]').exists()).toBe(false);
    // Off again by the agent's own choice: no policy hint.
    await box.setValue(false);
    await settle();
    expect(box.element.checked).toBe(false);
    expect(popup.find('[data-testid="recognition-policy"]').exists()).toBe(false);
    popup.unmount();
  });

  it('has no hint on a site the policy does not list', async () => {
    recognitionPolicy = ['*.example.com'];
    activeTab('https://crm.other.test/');
    const popup = mount(SiteSwitch, {
      props: { list: 'recognition', label: 'Recognize', testid: 'recognition' },
    });
    await settle();
    expect(popup.find<HTMLInputElement>('[data-testid="recognition-switch"]').element.checked).toBe(
      true,
    );
    expect(popup.find('[data-testid="recognition-policy"]').exists()).toBe(false);
    popup.unmount();
  });
});
