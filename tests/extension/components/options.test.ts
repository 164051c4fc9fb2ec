import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import App from '../../../entrypoints/options/App.vue';
import { resetDb } from '../../../lib/db';
import type { Failure } from '../../../lib/messages';
import { AGENT, requestsOf, seedSession, settle, stubBackground } from './helpers';

let wrapper: VueWrapper | undefined;

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

async function mountOptions(): Promise<VueWrapper> {
  wrapper = mount(App, { global: { plugins: [createPinia()] } });
  await settle();
  return wrapper;
}

async function fillAndSubmit(options: VueWrapper, password: string): Promise<void> {
  await options.find('[data-testid="email"]').setValue('ada@example.com');
  await options.find('[data-testid="password"]').setValue(password);
  await options.find('form').trigger('submit');
}

describe('options page', () => {
  it('offers the sign-in form with the local server as default', async () => {
    stubBackground();
    const options = await mountOptions();
    const server = options.find('[data-testid="server-url"]').element as HTMLInputElement;
    expect(server.value).toBe('http://127.0.0.1:8787');
    const password = options.find('[data-testid="password"]');
    expect(password.attributes('type')).toBe('password');
    expect(password.attributes('autocomplete')).toBe('current-password');
    expect(options.find('[data-testid="sign-in"]').attributes('type')).toBe('submit');
  });

  it('shows the server’s error and keeps the form', async () => {
    const failure: Failure = {
      ok: false,
      code: 'invalid_credentials',
      message: 'Wrong email or password. Check both and try again.',
    };
    const sent = stubBackground({ 'auth.signIn': () => failure });
    const options = await mountOptions();
    await fillAndSubmit(options, 'not-the-password');
    await settle();
    expect(requestsOf(sent, 'auth.signIn')).toEqual([
      {
        serverUrl: 'http://127.0.0.1:8787',
        email: 'ada@example.com',
        password: 'not-the-password',
      },
    ]);
    const error = options.find('[data-testid="auth-error"]');
    expect(error.text()).toBe(failure.message);
    expect(error.attributes('role')).toBe('alert');
    expect(options.find('[data-testid="sign-in"]').attributes('disabled')).toBeUndefined();
  });

  it('tells how long to wait when rate limited', async () => {
    stubBackground({
      'auth.signIn': () => ({
        ok: false,
        code: 'rate_limited',
        message: 'Too many sign-in attempts.',
        retryAfterSeconds: 30,
      }),
    });
    const options = await mountOptions();
    await fillAndSubmit(options, 'x');
    await settle();
    expect(options.find('[data-testid="auth-error"]').text()).toBe(
      'Too many sign-in attempts. Try again in 30 s.',
    );
  });

  it('rejects a server address that is not http(s)', async () => {
    const sent = stubBackground();
    const options = await mountOptions();
    await options.find('[data-testid="server-url"]').setValue('ftp://example.com');
    await fillAndSubmit(options, 'secret');
    await settle();
    expect(options.find('[data-testid="auth-error"]').text()).toMatch(/http:\/\/ or https:\/\//);
    expect(requestsOf(sent, 'auth.signIn')).toEqual([]);
  });

  it('shows "Signing in…" while pending, then the signed-in state from Dexie', async () => {
    let finish: () => void = () => {};
    stubBackground({
      'auth.signIn': () =>
        new Promise((resolve) => {
          finish = () => {
            void seedSession('online').then(() =>
              resolve({ ok: true, agent: AGENT, workspace: { id: 'ws_1', name: 'Acme Shop' } }),
            );
          };
        }),
    });
    const options = await mountOptions();
    await fillAndSubmit(options, 'right-password');
    await settle();
    const button = options.find('[data-testid="sign-in"]');
    expect(button.text()).toBe('Signing in…');
    expect(button.attributes('disabled')).toBeDefined();
    finish();
    await vi.waitFor(() =>
      expect(options.find('[data-testid="signed-in-as"]').text()).toBe(
        'Signed in as Ada Agent (ada@example.com) to Acme Shop',
      ),
    );
    expect(options.find('[data-testid="password"]').exists()).toBe(false);
  });

  it('signs out', async () => {
    const sent = stubBackground();
    await seedSession('online');
    const options = await mountOptions();
    await options.find('[data-testid="sign-out"]').trigger('click');
    await settle();
    expect(requestsOf(sent, 'auth.signOut')).toHaveLength(1);
  });
});
