// The overlay content script's size as shipped: gzip of the built content-scripts/overlay.js
// (what every page loads) and of overlay-ui.js (the palette and fill-in form, loaded on first
// use). Baseline: the budget of 12 KB gzip for the content script — there is no older
// overlay to compare with, and an empty WXT content script would only measure WXT's wrapper.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 12 * 1024;
const EXTENSION_DIR = resolve(process.env.RAPPORT_OUT_DIR ?? '.output', 'chrome-mv3');

export interface SizeFigure {
  name: string;
  baselineName: string;
  bytes: number;
  baselineBytes: number;
  goal: string;
  met: boolean;
}

function gzipBytes(file: string): number | null {
  const path = join(EXTENSION_DIR, file);
  return existsSync(path) ? gzipSync(readFileSync(path), { level: 9 }).length : null;
}

export function benchOverlaySize(): SizeFigure[] {
  const script = gzipBytes('content-scripts/overlay.js');
  if (script === null) {
    throw new Error(
      `No built overlay at ${join(EXTENSION_DIR, 'content-scripts/overlay.js')}: run npm run build:chrome first.`,
    );
  }
  const ui = gzipBytes('overlay-ui.js');
  const figures: SizeFigure[] = [
    {
      name: 'Overlay content script, gzip (content-scripts/overlay.js, loaded on every page)',
      baselineName: 'the budget: 12 KB gzip',
      bytes: script,
      baselineBytes: BUDGET_BYTES,
      goal: '≤ 12 KB gzip',
      met: script <= BUDGET_BYTES,
    },
  ];
  if (ui !== null) {
    figures.push({
      name: 'Overlay palette UI, gzip (overlay-ui.js, loaded when the palette or a form first opens)',
      baselineName: 'the content script budget: 12 KB gzip',
      bytes: ui,
      baselineBytes: BUDGET_BYTES,
      goal: 'loaded lazily (not counted in the 12 KB)',
      met: true,
    });
  }
  return figures;
}

/** Print like bench/report.ts's printFigure, in KB. */
export function printSizeFigure(figure: SizeFigure): void {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB (${bytes} B)`;
  console.log(
    [
      figure.name,
      `  rapport:  ${kb(figure.bytes)}`,
      `  baseline: ${kb(figure.baselineBytes)} (${figure.baselineName})`,
      `  ratio:    ${(figure.bytes / figure.baselineBytes).toFixed(2)}×`,
      `  goal:     ${figure.goal} — ${figure.met ? 'met' : 'NOT met'}`,
      '',
    ].join('\n'),
  );
}
