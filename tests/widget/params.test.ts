import { describe, expect, it } from 'vitest';
import { parseOrigin, readFrameParams } from '../../widget/frame/params';
import { socketUrl } from '../../widget/frame/chat';

describe('frame parameters', () => {
  it('accepts only an exact http(s) origin as the host', () => {
    expect(parseOrigin('https://shop.example')).toBe('https://shop.example');
    expect(parseOrigin('http://localhost:8080')).toBe('http://localhost:8080');
    for (const bad of [
      '*',
      'null',
      '',
      'https://shop.example/',
      'https://shop.example/path',
      'javascript:alert(1)',
      'file:///x',
    ]) {
      expect(parseOrigin(bad)).toBeNull();
    }
  });

  it('reads the workspace and host from the frame URL', () => {
    const href =
      'https://rapport.example/widget/frame.html?workspace=ws_1&host=https%3A%2F%2Fshop.example';
    expect(readFrameParams(href)).toEqual({
      workspaceId: 'ws_1',
      hostOrigin: 'https://shop.example',
    });
    expect(readFrameParams('https://rapport.example/widget/frame.html').workspaceId).toBeNull();
  });

  it('derives the socket URL from the frame origin', () => {
    expect(socketUrl('https://rapport.example/widget/frame.html?x=1')).toBe(
      'wss://rapport.example/ws/visitor',
    );
    expect(socketUrl('http://localhost:3000/widget/frame.html')).toBe(
      'ws://localhost:3000/ws/visitor',
    );
  });
});
