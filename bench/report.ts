/** One benchmark figure beside its baseline from the same run. */
export interface Figure {
  name: string;
  /** What the baseline is. */
  baselineName: string;
  valueMs: number;
  baselineMs: number;
  /** The target, e.g. "≤ 100 ms". */
  goal: string;
  met: boolean;
}

export function printFigure(figure: Figure): void {
  const ratio = figure.valueMs / figure.baselineMs;
  console.log(
    [
      figure.name,
      `  rapport:  ${figure.valueMs.toFixed(1)} ms`,
      `  baseline: ${figure.baselineMs.toFixed(1)} ms (${figure.baselineName})`,
      `  ratio:    ${ratio.toFixed(2)}×`,
      `  goal:     ${figure.goal} — ${figure.met ? 'met' : 'NOT met'}`,
      '',
    ].join('\n'),
  );
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
