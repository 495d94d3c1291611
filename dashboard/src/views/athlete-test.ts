/** One selected test: its per-rep peaks with the within-set decrement, and the raw trace with detected reps. */
import { repBarsOption } from '../../../shared/charts/rep-bars-chart.ts';
import { traceChartOption } from '../../../shared/charts/trace-chart.ts';
import type { AppContext } from '../context.ts';
import { el, fmt, replace } from '../dom.ts';
import { chartFigure } from '../ui/chart.ts';
import { empty, errorState, loading } from '../ui/states.ts';

export async function renderSelectedTest(ctx: AppContext, box: HTMLElement, athleteId: string, testId: string): Promise<void> {
  replace(box, el('h2', {}, 'Selected test'), loading('the test'));
  try {
    const test = await ctx.api.test(athleteId, testId);
    if (!ctx.current()) return;
    replace(box, el('h2', {}, `Selected test: ${fmt.dateTime(test.testedAt)}`), el('p', { class: 'sub' }, `${test.testType} · ${test.device ?? 'device unknown'} · test ${test.testId}`));
    const reps = { left: test.left.reps ?? [], right: test.right.reps ?? [] };
    if (reps.left.length + reps.right.length === 0) {
      box.append(empty('This test has no per-rep data.', 'Per-rep peaks, fatigue and the raw trace exist for tests uploaded with a force trace.'));
      return;
    }
    const f = test.fatigue;
    const reason = (side: 'left' | 'right') => f?.reasons?.[side];
    chartFigure(box, {
      title: 'Peak force per rep',
      testId: 'rep-bars',
      caption: `Peak force of each rep (peak.quadratic-fit@1). Within-set decrement (${f?.formula.decrementPct ?? 'fatigue.percent-decrement@1'}): left ${f?.left ? `${f.left.decrementPct.toFixed(1)} %` : (reason('left') ?? '–')}, right ${f?.right ? `${f.right.decrementPct.toFixed(1)} %` : (reason('right') ?? '–')}.`,
      option: repBarsOption({ left: { peaks: reps.left.map((r) => r.peakN), decrementPct: f?.left?.decrementPct ?? null }, right: { peaks: reps.right.map((r) => r.peakN), decrementPct: f?.right?.decrementPct ?? null }, formula: f?.formula.decrementPct ?? 'fatigue.percent-decrement@1' }),
      height: 260,
    });
    if (!test.trace) return;
    const traceBox = el('div', {}, loading('the raw trace'));
    box.append(traceBox);
    const trace = await ctx.api.trace(athleteId, testId);
    if (!ctx.current()) return;
    replace(traceBox);
    chartFigure(traceBox, {
      title: 'Raw force trace',
      testId: 'trace',
      caption: `Force per leg at ${trace.sampleRateHz} Hz (${trace.samples} samples, drawn with ${trace.downsample}); shaded: reps detected by rep-detection.threshold-hysteresis@1, each peak marked with its value.`,
      option: traceChartOption({ left: trace.left, right: trace.right, reps: trace.reps }),
      height: 320,
    });
  } catch (error) {
    if (ctx.current()) box.append(errorState('the test', error));
  }
}
