import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useRecognitionOpen } from '../../../components/overlay/useRecognitionOpen';
import {
  RECOGNITION_OPEN_KEY,
  RECOGNITION_OPEN_TTL_MS,
  requestOpen,
} from '../../../lib/background/recognition-open';
import { useSelectionStore } from '../../../stores/selection';

// The side panel's half of "Open in side panel" on a customer card (the background stores the
// request; the panel selects the conversation when it opens, or at once when open already).

const Host = defineComponent({
  setup() {
    useRecognitionOpen();
    return () => h('div');
  },
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('"Open in side panel" in the side panel', () => {
  let unmount: (() => void) | undefined;
  beforeEach(() => {
    fakeBrowser.reset();
    setActivePinia(createPinia());
  });
  afterEach(() => unmount?.());

  function mountPanel() {
    const pinia = createPinia();
    setActivePinia(pinia);
    const wrapper = mount(Host, { global: { plugins: [pinia] } });
    unmount = () => wrapper.unmount();
    return useSelectionStore();
  }

  it('selects the requested conversation when the panel opens, once', async () => {
    await requestOpen('cu1', 'co1');
    const selection = mountPanel();
    await settle();
    expect(selection.conversationId).toBe('co1');
    expect(await fakeBrowser.storage.local.get(RECOGNITION_OPEN_KEY)).toEqual({});
  });

  it('selects at once when the panel is open already', async () => {
    const selection = mountPanel();
    await settle();
    expect(selection.conversationId).toBeNull();
    await requestOpen('cu1', 'co7');
    await settle();
    expect(selection.conversationId).toBe('co7');
  });

  it('ignores a stale request', async () => {
    await fakeBrowser.storage.local.set({
      [RECOGNITION_OPEN_KEY]: {
        version: 1,
        customerId: 'cu1',
        conversationId: 'co1',
        at: Date.now() - RECOGNITION_OPEN_TTL_MS - 1,
      },
    });
    const selection = mountPanel();
    await settle();
    expect(selection.conversationId).toBeNull();
  });
});
