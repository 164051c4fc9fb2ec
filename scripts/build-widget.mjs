// `npm run build:widget`: bundle the website widget into widget/dist/.
//   widget.js   the loader a business adds with one <script> tag (IIFE, no globals)
//   frame.html  the chat page the loader puts in an iframe, with frame.js and frame.css
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'widget');
const dist = join(src, 'dist');

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  format: 'iife',
  minify: true,
  target: 'es2020',
  platform: 'browser',
  legalComments: 'none',
  logLevel: 'warning',
};

await build({ ...common, entryPoints: [join(src, 'loader.ts')], outfile: join(dist, 'widget.js') });
await build({ ...common, entryPoints: [join(src, 'frame.ts')], outfile: join(dist, 'frame.js') });
copyFileSync(join(src, 'frame.html'), join(dist, 'frame.html'));
copyFileSync(join(src, 'frame.css'), join(dist, 'frame.css'));

for (const file of ['widget.js', 'frame.html', 'frame.js', 'frame.css']) {
  const path = join(dist, file);
  const bytes = statSync(path).size;
  const gzipped = gzipSync(readFileSync(path)).length;
  console.log(`widget/dist/${file.padEnd(10)} ${String(bytes).padStart(7)} B  (${gzipped} B gzip)`);
}
