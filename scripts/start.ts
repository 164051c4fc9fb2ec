// `npm start` (after `npm run build`): say where the built extension is, then run the server.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const chrome = resolve('.output/chrome-mv3');
const firefox = resolve('.output/firefox-mv2');

console.log(`
Rapport agent extension
  Chrome:  ${existsSync(chrome) ? chrome : '(not built: run npm run build)'}
           chrome://extensions → turn on Developer mode → "Load unpacked" → choose that folder.
  Firefox: ${existsSync(firefox) ? firefox : '(not built: run npm run build)'}
           about:debugging#/runtime/this-firefox → "Load Temporary Add-on…" → pick manifest.json there.
Then open the extension's options page, sign in with the demo admin printed below, and open the side panel.
`);

await import('../server/main');
