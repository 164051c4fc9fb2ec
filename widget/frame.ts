// frame.js: the chat inside the iframe, served from the Rapport server's origin.
import { startFrameApp } from './frame/app';
import { frameStorage } from './frame/storage';

function boot(): void {
  startFrameApp({
    root: document.getElementById('app') ?? document.body,
    href: location.href,
    storage: frameStorage(window),
    fetch: (input, init) => fetch(input, init),
    connect: (url) => new WebSocket(url),
    parent: window.parent,
    messages: window,
    startOpen: window.parent === window,
  });
}

if (document.readyState === 'loading')
  document.addEventListener('DOMContentLoaded', boot, { once: true });
else boot();
