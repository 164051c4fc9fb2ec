// Recognition scan of a page with 1 MB of text, in real Chromium on a real DOM: the content
// script's scanner (lib/overlay/recognize/scan.ts: walk the text nodes, find emails from each
// `@` and phones by regex per 64 KB batch, normalize, map hits back to their nodes, keep rendered
// text, dedupe) against a bare regex pass (`text.match(email)` + `text.match(phone)`) over the
// page's text (`document.body.textContent`: a DOM scan has to read the text too). A second
// figure compares the scanner's core with the bare pass on the same text as one string. All in
// the same page and run, alternating. The matching round trip to the background is
// excluded (measured by the e2e test's path, not here); the scan runs without yielding (its
// slices add event-loop turns, not work).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../tests/e2e/browser';
import { median, type Figure } from './report';

const RUNS = Number(process.env.BENCH_RECOGNITION_RUNS ?? 15);
const WARMUP = 3;
const TARGET_BYTES = 1024 * 1024;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The scanner as a script for the page (the same source files the content script bundles). */
async function scannerScript(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `
        import { scanText, visibleCandidates } from './lib/overlay/recognize/scan';
        import { EMAIL_SOURCE, PHONE_SOURCE, forEachIdentifier } from './lib/overlay/recognize/patterns';
        globalThis.__recognition = { scanText, visibleCandidates, forEachIdentifier, EMAIL_SOURCE, PHONE_SOURCE };
      `,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

const WORDS =
  'order refund shipping customer invoice account delivery package support ticket update address payment thanks please soon'.split(
    ' ',
  );

/** ~1 MB of CRM-like text: paragraphs and table rows, an email or phone every ~1.5 KB. */
function pageHtml(): string {
  const parts: string[] = ['<!doctype html><html><head><meta charset="utf-8"></head><body>'];
  let bytes = 0;
  let n = 0;
  let seed = 7;
  const word = () => WORDS[(seed = (seed * 48271) % 2147483647) % WORDS.length]!;
  while (bytes < TARGET_BYTES) {
    n++;
    const sentence = Array.from({ length: 70 }, word).join(' ');
    let extra = '';
    if (n % 3 === 0) extra = ` Contact: user${n}@example${n % 50}.com.`;
    if (n % 5 === 0) extra += ` Phone +1 (415) 555-${String(n % 10_000).padStart(4, '0')}.`;
    const html =
      n % 4 === 0
        ? `<table><tr><td>Customer ${n}</td><td>${sentence}${extra}</td></tr></table>`
        : `<p><b>Note ${n}</b> ${sentence}${extra}</p>`;
    bytes += sentence.length + extra.length + 12;
    parts.push(html);
  }
  parts.push('</body></html>');
  return parts.join('');
}

interface Timings {
  scan: number[];
  core: number[];
  bare: number[];
  barePage: number[];
  textBytes: number;
  candidates: number;
  distinct: number;
  bareHits: number;
}

export async function benchRecognitionScan(): Promise<Figure[]> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(pageHtml());
    await page.addScriptTag({ content: await scannerScript() });
    // A string, not a function: tsx would refer to its own helpers inside a function's source.
    const timings = (await page.evaluate(`(async () => {
      const r = globalThis.__recognition;
      const text = (() => {
        const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const parts = [];
        for (let n = w.nextNode(); n; n = w.nextNode()) parts.push(n.data);
        return parts.join('\\n');
      })();
      const email = new RegExp(r.EMAIL_SOURCE, 'g');
      const phone = new RegExp(r.PHONE_SOURCE, 'g');
      const out = { scan: [], core: [], bare: [], barePage: [], textBytes: text.length, candidates: 0, distinct: 0, bareHits: 0 };
      for (let i = 0; i < ${WARMUP + RUNS}; i++) {
        let t = performance.now();
        const hits = (text.match(email) ?? []).length + (text.match(phone) ?? []).length;
        const bare = performance.now() - t;

        t = performance.now();
        const page = document.body.textContent;
        (page.match(email) ?? []).length + (page.match(phone) ?? []).length;
        const barePage = performance.now() - t;

        t = performance.now();
        const seen = new Set();
        r.forEachIdentifier(text, (id) => seen.add(id));
        const core = performance.now() - t;

        t = performance.now();
        const found = r.visibleCandidates(await r.scanText(document.body, { sliceMs: Infinity }));
        const distinct = new Set(found.map((c) => c.identifier));
        const scan = performance.now() - t;

        if (i < ${WARMUP}) continue;
        out.bare.push(bare); out.barePage.push(barePage); out.core.push(core); out.scan.push(scan);
        out.candidates = found.length; out.distinct = distinct.size; out.bareHits = hits;
      }
      return out;
    })()`)) as Timings;
    const bare = median(timings.bare);
    const barePage = median(timings.barePage);
    const scan = median(timings.scan);
    const core = median(timings.core);
    const what = `${(timings.textBytes / 1024 / 1024).toFixed(2)} MB of text, ${timings.candidates} candidates (${timings.distinct} distinct; the bare regexes hit ${timings.bareHits}), median of ${RUNS}`;
    return [
      {
        name: `recognition scan of a page in real Chromium (walk the text nodes + find + normalize + keep rendered text + dedupe), ${what}; the bare regexes alone on the text already in a string: ${bare.toFixed(1)} ms`,
        baselineName:
          'bare regex pass (email + phone) over the page text, document.body.textContent read included',
        valueMs: scan,
        baselineMs: barePage,
        goal: '≤ 1.5× the bare regex pass',
        met: scan <= 1.5 * barePage,
      },
      {
        name: `recognition scan core on the same text as one string (find + normalize + dedupe), ${what}`,
        baselineName: 'bare regex pass (email + phone) over the same string',
        valueMs: core,
        baselineMs: bare,
        goal: '≤ 1.5× the bare regex pass',
        met: core <= 1.5 * bare,
      },
    ];
  } finally {
    await browser.close();
  }
}
