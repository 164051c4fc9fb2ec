import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { onMessage, sendMessage, type Handlers } from '../../lib/messaging';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const ok = () => ({ ok: true as const });
  return {
    'auth.signIn': () => ({ ok: false, code: 'invalid_credentials', message: 'Wrong password.' }),
    'auth.signOut': ok,
    'message.send': ({ clientId }) => ({ ok: true, clientId }),
    'message.retry': ok,
    'message.discard': () => ({ ok: true, text: 'draft' }),
    'conversation.open': ok,
    'conversation.loadOlder': () => ({ ok: true, hasMore: false }),
    'conversation.read': ok,
    'conversation.assign': ok,
    'conversation.transfer': ok,
    'conversation.close': ok,
    'conversation.reopen': ok,
    'macros.refresh': () => ({ ok: true, count: 0 }),
    'macro.used': ok,
    'macros.save': () => ({ ok: false, code: 'conflict', message: 'Taken.' }),
    'macros.delete': ok,
    'macros.pin': () => ({ ok: true, pins: [] }),
    'macros.import': () => ({ ok: true, imported: 0 }),
    'macros.export': () => ({ ok: true, text: '' }),
    'customer.profile': () => ({ ok: false, code: 'network', message: 'Offline.' }),
    'customer.update': () => ({ ok: false, code: 'network', message: 'Offline.' }),
    'customer.openConversation': ok,
    'agent.setStatus': ok,
    'agent.activity': ok,
    'overlay.sites': () => ({ ok: true, off: [], on: [], policy: [] }),
    'overlay.setSite': () => ({ ok: true, off: [], on: [], policy: [] }),
    'recognition.sites': () => ({ ok: true, off: [], on: [], policy: [] }),
    'recognition.setSite': () => ({ ok: true, off: [], on: [], policy: [] }),
    'sidepanel.visibility': ok,
    ...overrides,
  };
}

type Listener = (message: unknown, sender: unknown, sendResponse?: (r: unknown) => void) => unknown;

/** Register handlers and capture the raw listener that the runtime would call. */
function captureListener(h: Handlers): Listener {
  const add = vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener');
  onMessage(h);
  const listener = add.mock.calls.at(-1)?.[0] as Listener | undefined;
  add.mockRestore();
  if (!listener) throw new Error('onMessage registered no listener');
  return listener;
}

const envelope = { rapport: 1, type: 'conversation.read', data: { conversationId: 'co1' } };

describe('typed messaging between extension pages and the background', () => {
  beforeEach(() => fakeBrowser.reset());

  it('round-trips a typed request through the fake runtime (promise style)', async () => {
    const read = vi.fn(() => ({ ok: true as const }));
    onMessage(handlers({ 'conversation.read': read }));
    expect(await sendMessage('conversation.read', { conversationId: 'co1' })).toEqual({ ok: true });
    expect(read).toHaveBeenCalledWith({ conversationId: 'co1' });
    expect(await sendMessage('auth.signIn', { serverUrl: 'x', email: 'e', password: 'p' })).toEqual(
      { ok: false, code: 'invalid_credentials', message: 'Wrong password.' },
    );
    expect(
      await sendMessage('message.send', { conversationId: 'co1', clientId: 'c1', text: 'Hi' }),
    ).toEqual({ ok: true, clientId: 'c1' });
    expect(await sendMessage('message.discard', { clientId: 'c1' })).toEqual({
      ok: true,
      text: 'draft',
    });
  });

  it('Chrome path: with sendResponse the listener returns true and answers later', async () => {
    const listener = captureListener(handlers());
    const sendResponse = vi.fn();
    expect(listener(envelope, {}, sendResponse)).toBe(true);
    expect(sendResponse).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(sendResponse).toHaveBeenCalledWith({ ok: true }));
  });

  it('promise path: without sendResponse the listener returns a promise of the answer', async () => {
    const listener = captureListener(handlers());
    const answer = listener(envelope, {});
    expect(answer).toBeInstanceOf(Promise);
    expect(await answer).toEqual({ ok: true });
  });

  it('ignores messages that are not Rapport requests', () => {
    const listener = captureListener(handlers());
    const sendResponse = vi.fn();
    expect(listener({ type: 'conversation.read' }, {}, sendResponse)).toBeUndefined();
    expect(listener('hello', {}, sendResponse)).toBeUndefined();
    expect(listener(null, {})).toBeUndefined();
    expect(listener({ rapport: 1, type: 'no.such.request', data: {} }, {})).toBeUndefined();
    expect(sendResponse).not.toHaveBeenCalled();
  });

  it('turns a throwing handler into an internal Failure', async () => {
    onMessage(handlers({ 'agent.setStatus': () => Promise.reject(new Error('boom')) }));
    expect(await sendMessage('agent.setStatus', { status: 'away' })).toEqual({
      ok: false,
      code: 'internal',
      message: 'Rapport hit an unexpected error: boom',
    });
  });

  it('sendMessage answers a network Failure when no background listens', async () => {
    expect(await sendMessage('auth.signOut')).toMatchObject({ ok: false, code: 'network' });
  });

  it('stops listening when the returned function is called', async () => {
    const stop = onMessage(handlers());
    stop();
    expect(await sendMessage('auth.signOut')).toMatchObject({ ok: false, code: 'network' });
  });
});
