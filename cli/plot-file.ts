/**
 * `eccentric analyze --plot out.svg|out.png`: the first trace drawn with the page's own chart (shared/charts),
 * rendered by ECharts on the server side to SVG, and to PNG through resvg with the system's fonts.
 */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { TraceSamples } from '#core/analyze/analyze-upload.ts';
import type { TestRecord } from '#core/model/test-record.ts';
import { traceChartOption, type TraceChartInput, type TraceLeg } from '#core/charts/trace-chart.ts';
import { renderChartSvg } from '#core/charts/render-svg.ts';
import { downsampleFormula, downsampleMinMax } from '#core/traces/downsample.ts';

export const PLOT_SIZE = { width: 960, height: 420 } as const;
/** As the API's trace endpoint serves the page: peaks survive min-max downsampling. */
const MAX_POINTS = 2000;

function leg(series: ArrayLike<number>, rateHz: number): TraceLeg {
  const { indices, values } = downsampleMinMax(series, MAX_POINTS);
  return { t: Array.from(indices, (i) => i / rateHz), n: values };
}

export function tracePlotInput(test: TestRecord, samples: TraceSamples): TraceChartInput {
  const markers = (side: TestRecord['left']) => (side.reps ?? []).map(({ startS, endS, peakS, peakN }) => ({ startS, endS, peakS, peakN }));
  const who = test.athleteName ?? test.athleteId;
  return {
    title: `${who} · ${test.testType} · ${test.testedAt.slice(0, 16).replace('T', ' ')} UTC`,
    left: leg(samples.left, samples.sampleRateHz),
    right: leg(samples.right, samples.sampleRateHz),
    reps: { left: markers(test.left), right: markers(test.right) },
    note: `Reps: rep-detection.threshold-hysteresis@1; peaks: peak.quadratic-fit@1; drawn with ${downsampleFormula}`,
  };
}

export async function writePlot(file: string, plots: { test: TestRecord; samples: TraceSamples }[]): Promise<void> {
  const ext = extname(file).toLowerCase();
  if (ext !== '.svg' && ext !== '.png') throw new Error(`--plot writes .svg or .png, not "${ext || file}"`);
  const first = plots[0];
  if (!first) throw new Error('--plot needs a raw force trace among the files');
  const { svg } = renderChartSvg(traceChartOption(tracePlotInput(first.test, first.samples)), PLOT_SIZE);
  if (ext === '.svg') writeFileSync(file, svg);
  else writeFileSync(file, await svgToPng(svg));
  process.stderr.write(`plot written to ${file}\n`);
}

/** Loaded only for PNG: resvg is a native module the rest of the CLI never needs. */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: '#ffffff' }).render().asPng();
}
