import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installWidget } from '../../widget/loader/install';
import { checkIdentify, identifyResultText } from '../../widget/shared/identify';

const SERVER = 'https://rapport.example';
const HASH = 'a1'.repeat(32);

type HostWindow = Window & {
  Rapport?: { identify(user: unknown): void; reset(): void; q?: unknown[] };
};
const host = window as HostWindow;

function install(): { frame: HTMLIFrameElement; posted: unknown[] } {
  const script = document.createElement('script');
  script.src = `${SERVER}/widget.js`;
  script.dataset.workspace = 'ws_1';
  document.head.append(script);
  const frame = installWidget(window)!;
  const posted: unknown[] = [];
  vi.spyOn(frame.contentWindow!, 'postMessage').mockImplementation((message, target) => {
    expect(target).toBe(SERVER);
    posted.push(message);
  });
  return { frame, posted };
}

function fromFrame(frame: HTMLIFrameElement, data: unknown, origin = SERVER): void {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source: frame.contentWindow }));
}

const identifies = (posted: unknown[]) =>
  posted.filter((m) => (m as { type: string }).type === 'identify');

beforeEach(() => {
  document.head.replaceChildren();
  document.body.replaceChildren();
  document.documentElement.removeAttribute('data-rapport-widget');
  delete host.Rapport;
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('Rapport.identify input checks', () => {
  it('accepts id, email, name and a 64-hex hash; absent, null or empty extras are left out', () => {
    expect(checkIdentify({ id: 'u-1', email: 'a@b.c', name: 'Ada', hash: HASH })).toEqual({
      id: 'u-1',
      email: 'a@b.c',
      name: 'Ada',
      hash: HASH,
    });
    expect(checkIdentify({ id: 'u-1', email: null, name: '', hash: undefined })).toEqual({
      id: 'u-1',
    });
  });

  it.each([
    [undefined, /pass an object/],
    ['u-1', /pass an object/],
    [{}, /id is missing/],
    [{ id: '' }, /id is missing/],
    [{ id: 42 }, /id must be a string \(got number\).*String\(user\.id\)/],
    [{ id: 'x'.repeat(256) }, /at most 255/],
    [{ id: 'u', hash: 'abc' }, /hash must be 64 hex characters \(got 3 characters\)/],
    [{ id: 'u', hash: 'z'.repeat(64) }, /hash must be 64 hex characters/],
    [{ id: 'u', hash: 123 }, /hash must be 64 hex characters \(got number\)/],
    [{ id: 'u', email: 5 }, /email must be a string/],
    [{ id: 'u', name: 'x'.repeat(201) }, /name can be at most 200/],
  ])('refuses %j with a message that says what to do', (input, message) => {
    const result = checkIdentify(input);
    expect(result).toEqual({ error: expect.stringMatching(message) });
    expect((result as { error: string }).error).toMatch(
      /^Rapport\.identify: .*Nothing was sent\.$/,
    );
  });

  it('explains an unverified answer and a refusal for the console', () => {
    const base = { id: 'u-1', verified: false, hashGiven: true, error: null };
    expect(identifyResultText({ ...base, verified: true })).toBeNull();
    expect(identifyResultText(base)).toEqual({
      level: 'warn',
      text: expect.stringMatching(/does not match id "u-1".*unverified claim/),
    });
    expect(identifyResultText({ ...base, hashGiven: false })?.text).toMatch(/no hash was given/);
    expect(identifyResultText({ ...base, error: 'The hash must be…' })).toEqual({
      level: 'error',
      text: 'Rapport.identify: The hash must be…',
    });
  });
});

describe('widget loader: Rapport.identify', () => {
  it('logs a console error for bad input and posts nothing', () => {
    const { frame, posted } = install();
    fromFrame(frame, { rapport: 'widget', type: 'ready' });
    host.Rapport!.identify({ id: 42, hash: HASH });
    host.Rapport!.identify({ id: 'u-1', hash: 'not-a-hash' });
    host.Rapport!.identify({ email: 'a@b.c' });
    expect(console.error).toHaveBeenCalledTimes(3);
    expect(vi.mocked(console.error).mock.calls.map(([text]) => String(text))).toEqual([
      expect.stringMatching(/^Rapport\.identify: id must be a string/),
      expect.stringMatching(/^Rapport\.identify: hash must be 64 hex characters/),
      expect.stringMatching(/^Rapport\.identify: id is missing/),
    ]);
    expect(identifies(posted)).toEqual([]);
  });

  it('holds identify until the frame is ready, then posts it to the server origin only', () => {
    const { frame, posted } = install();
    host.Rapport!.identify({ id: 'u-1', email: 'a@b.c', hash: HASH });
    expect(posted).toEqual([]);
    fromFrame(frame, { rapport: 'widget', type: 'ready' }, 'https://evil.example');
    expect(posted).toEqual([]);
    fromFrame(frame, { rapport: 'widget', type: 'ready' });
    expect(identifies(posted)).toEqual([
      {
        rapport: 'host',
        type: 'identify',
        user: { id: 'u-1', email: 'a@b.c', hash: HASH },
      },
    ]);
    host.Rapport!.identify({ id: 'u-2' });
    expect(identifies(posted)).toHaveLength(2);
  });

  it('posts Rapport.reset() (the user signed out) to the frame', () => {
    const { frame, posted } = install();
    fromFrame(frame, { rapport: 'widget', type: 'ready' });
    host.Rapport!.reset();
    expect(posted.at(-1)).toEqual({ rapport: 'host', type: 'reset' });
  });

  it('replays calls queued on the snippet stub before widget.js ran', () => {
    host.Rapport = {
      q: [
        ['identify', { id: 'early', hash: HASH }],
        ['identify', { id: 7 }],
      ],
      identify() {},
      reset() {},
    };
    const { frame, posted } = install();
    fromFrame(frame, { rapport: 'widget', type: 'ready' });
    expect(identifies(posted)).toEqual([
      { rapport: 'host', type: 'identify', user: { id: 'early', hash: HASH } },
    ]);
    expect(console.error).toHaveBeenCalledWith(
      expect.stringMatching(/^Rapport\.identify: id must be a string/),
    );
  });

  it("logs the frame's answer: a warning when unverified, an error when refused", () => {
    const { frame } = install();
    const result = { rapport: 'widget', type: 'identify.result', id: 'u-1', hashGiven: true };
    fromFrame(frame, { ...result, verified: true, error: null });
    expect(console.warn).not.toHaveBeenCalled();
    fromFrame(frame, { ...result, verified: false, error: null });
    expect(console.warn).toHaveBeenCalledWith(expect.stringMatching(/unverified claim/));
    fromFrame(frame, { ...result, verified: false, error: 'Start a visitor session first.' });
    expect(console.error).toHaveBeenCalledWith('Rapport.identify: Start a visitor session first.');
    // Not from the frame: ignored.
    fromFrame(frame, { ...result, verified: false, error: 'x' }, 'https://evil.example');
    expect(console.error).toHaveBeenCalledTimes(1);
  });
});

describe('widget loader: page reports', () => {
  it('reports the page on load and after a single-page-app navigation', () => {
    vi.useFakeTimers();
    const start = location.href;
    document.title = 'Home';
    const { frame, posted } = install();
    fromFrame(frame, { rapport: 'widget', type: 'ready' });
    expect(posted).toEqual([{ rapport: 'host', type: 'page', url: start, title: 'Home' }]);

    history.pushState({}, '', '/products/42');
    document.title = 'Product 42';
    vi.advanceTimersByTime(1_000);
    expect(posted.at(-1)).toEqual({
      rapport: 'host',
      type: 'page',
      url: new URL('/products/42', start).href,
      title: 'Product 42',
    });
    // Nothing new: nothing posted.
    vi.advanceTimersByTime(5_000);
    expect(posted).toHaveLength(2);

    history.back();
    history.replaceState({}, '', start);
    window.dispatchEvent(new PopStateEvent('popstate'));
    vi.advanceTimersByTime(300);
    expect(posted).toHaveLength(3);
    expect(posted.at(-1)).toMatchObject({ url: start });
  });

  it('cuts long URLs and titles to what the server accepts', () => {
    vi.useFakeTimers();
    const start = location.href;
    const { frame, posted } = install();
    fromFrame(frame, { rapport: 'widget', type: 'ready' });
    history.pushState({}, '', `/search?q=${'x'.repeat(3000)}`);
    document.title = 't'.repeat(400);
    vi.advanceTimersByTime(1_000);
    const last = posted.at(-1) as { url: string; title: string };
    expect(last.url).toHaveLength(2048);
    expect(last.title).toHaveLength(300);
    history.replaceState({}, '', start);
  });
});
