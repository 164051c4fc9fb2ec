// Bundle the end-to-end test pages (tests/e2e/pages/*.ts, built from the real editor packages)
// into test-results/pages/ (git-ignored), one <name>.html + <name>.js (+ <name>.css) per page.
// The overlay e2e tests run this before serving the folder; run it by hand to look at a page:
//   node scripts/build-test-pages.mjs && npx http-server test-results/pages  (any static server)
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'tests/e2e/pages');
export const outDir = process.env.RAPPORT_TEST_PAGES_DIR ?? join(root, 'test-results/pages');

/** Every page: the .ts files of tests/e2e/pages except the shared page API. */
const pages = readdirSync(src)
  .filter((file) => file.endsWith('.ts') && file !== 'page-api.ts')
  .map((file) => file.slice(0, -'.ts'.length));

// Overwritten in place, not emptied first: another test run may be serving the folder.
mkdirSync(outDir, { recursive: true });
const started = performance.now();
const result = await build({
  entryPoints: pages.map((page) => join(src, `${page}.ts`)),
  outdir: outDir,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  loader: { '.svg': 'text' },
});

for (const page of pages) {
  const css = existsSync(join(outDir, `${page}.css`))
    ? `<link rel="stylesheet" href="${page}.css">\n`
    : '';
  writeFileSync(
    join(outDir, `${page}.html`),
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${page}</title>\n${css}</head>\n<body>\n<script type="module" src="${page}.js"></script>\n</body>\n</html>\n`,
  );
}
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(
  `test pages: ${pages.length} built into ${outDir} in ${Math.round(performance.now() - started)} ms (${Math.round(bytes / 1024)} KB)`,
);
