import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installWidget } from '../../widget/loader/install';
import { NARROW_MAX_WIDTH } from '../../widget/loader/layout';

const SERVER = 'https://rapport.example';

function addScriptTag(
  src = `${SERVER}/widget.js`,
  workspace: string | null = 'ws_1',
): HTMLScriptElement {
  const script = document.createElement('script');
  script.src = src;
  script.async = true;
  if (workspace !== null) script.dataset.workspace = workspace;
  document.head.append(script);
  return script;
}

function frames(): HTMLIFrameElement[] {
  return Array.from(document.querySelectorAll('iframe'));
}

function layoutMessage(open: boolean): object {
  return { rapport: 'widget', type: 'layout', open };
}

function post(data: unknown, origin: string, source: Window | null): void {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source }));
}

beforeEach(() => {
  document.head.replaceChildren();
  document.body.replaceChildren();
  document.documentElement.removeAttribute('data-rapport-widget');
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(() => vi.restoreAllMocks());

describe('widget loader', () => {
  it('injects one iframe pointing at the frame, with the workspace and the host origin', () => {
    addScriptTag();
    const frame = installWidget(window);
    expect(frames()).toHaveLength(1);
    expect(frame?.id).toBe('rapport-widget-frame');
    expect(frame?.title).toBe('Rapport chat');
    expect(frame?.src).toBe(
      `${SERVER}/widget/frame.html?workspace=ws_1&host=${encodeURIComponent(location.origin)}`,
    );
    expect(frame?.style.getPropertyValue('position')).toBe('fixed');
    expect(frame?.style.getPropertyPriority('width')).toBe('important');
  });

  it('finds its script tag among others by the src ending in /widget.js', () => {
    addScriptTag('https://cdn.example/jquery.js', null);
    addScriptTag(`${SERVER}/widget.js?v=3`, 'ws_9');
    expect(installWidget(window)?.src).toContain(`${SERVER}/widget/frame.html?workspace=ws_9&`);
  });

  it('does nothing when included twice', () => {
    addScriptTag();
    addScriptTag();
    expect(installWidget(window)).not.toBeNull();
    expect(installWidget(window)).toBeNull();
    expect(frames()).toHaveLength(1);
  });

  it('warns and injects nothing without data-workspace', () => {
    addScriptTag(`${SERVER}/widget.js`, null);
    expect(installWidget(window)).toBeNull();
    expect(frames()).toHaveLength(0);
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('data-workspace'));
  });

  it('adds one global to the host page: window.Rapport', () => {
    delete (window as { Rapport?: unknown }).Rapport;
    const before = new Set(Object.keys(window));
    addScriptTag();
    installWidget(window);
    expect(Object.keys(window).filter((key) => !before.has(key))).toEqual(['Rapport']);
  });

  it('resizes the iframe on a layout message from the frame', () => {
    addScriptTag();
    const frame = installWidget(window)!;
    expect(frame.style.width).toBe('60px');
    post(layoutMessage(true), SERVER, frame.contentWindow);
    const expected = window.innerWidth <= NARROW_MAX_WIDTH ? '100%' : '380px';
    expect(frame.style.width).toBe(expected);
    post(layoutMessage(false), SERVER, frame.contentWindow);
    expect(frame.style.width).toBe('60px');
  });

  it('ignores messages from other origins, other windows, or of unknown shape', () => {
    addScriptTag();
    const frame = installWidget(window)!;
    post(layoutMessage(true), 'https://evil.example', frame.contentWindow);
    post(layoutMessage(true), location.origin, frame.contentWindow);
    post(layoutMessage(true), SERVER, window);
    post(layoutMessage(true), SERVER, null);
    post({ rapport: 'widget', type: 'layout', open: 'yes' }, SERVER, frame.contentWindow);
    post('{"rapport":"widget","type":"layout","open":true}', SERVER, frame.contentWindow);
    expect(frame.style.width).toBe('60px');
  });
});
