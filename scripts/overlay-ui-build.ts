// The overlay's palette UI as its own ES module in the extension (overlay-ui.js), so the content
// script stays small and loads the UI on first use (lib/overlay/load-ui.ts). wxt.config.ts adds
// these hooks: `wxt build` and `wxt` (dev) write the file, and dev rebuilds it on change.
import { watch, type FSWatcher } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Wxt, WxtDevServer, ResolvedPublicFile, PublicPathEntry } from 'wxt';

export const OVERLAY_UI_FILE = 'overlay-ui.js';
const UI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../lib/overlay/ui');

/** Bundle lib/overlay/ui/index.ts: minified ESM, no imports left, no source maps. */
export async function buildOverlayUi(): Promise<string> {
  const result = await build({
    entryPoints: [join(UI_DIR, 'index.ts')],
    bundle: true,
    format: 'esm',
    minify: true,
    target: ['chrome110', 'firefox115'],
    platform: 'browser',
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no overlay-ui.js');
  return file.text;
}

let watcher: FSWatcher | undefined;

/** Dev: rebuild overlay-ui.js when its sources change (they are in no entrypoint's graph). */
function watchUiSources(wxt: Wxt, server: WxtDevServer): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const rebuild = (): void => {
    void buildOverlayUi()
      .then((contents) => writeFile(join(wxt.config.outDir, OVERLAY_UI_FILE), contents))
      .then(() => server.reloadExtension())
      .catch((error: unknown) => wxt.logger.error('Could not rebuild overlay-ui.js:', error));
  };
  watcher?.close();
  watcher = watch(UI_DIR, () => {
    clearTimeout(timer);
    timer = setTimeout(rebuild, 50);
  });
}

export const overlayUiHooks = {
  // Types runtime.getURL('/overlay-ui.js') as a known public path.
  'prepare:publicPaths': (_wxt: Wxt, paths: PublicPathEntry[]) => {
    paths.push(OVERLAY_UI_FILE);
  },
  'build:publicAssets': async (_wxt: Wxt, files: ResolvedPublicFile[]) => {
    files.push({ relativeDest: OVERLAY_UI_FILE, contents: await buildOverlayUi() });
  },
  'server:started': watchUiSources,
  'server:closed': () => {
    watcher?.close();
    watcher = undefined;
  },
};
