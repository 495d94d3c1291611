/**
 * The trend of within-set fatigue (fatigue.percent-decrement@1, computed from raw traces in
 * shared/traces/fatigue.ts): each traced test's decrement per leg, and the least-squares slope of the mean
 * of both legs over time (% points a week, from 3 traced tests). Shown, not flagged: no threshold is published.
 */
import { percentDecrementFormula } from '../traces/fatigue.ts';
import type { WithinSetFatigue } from '../model/risk.ts';
import type { Point } from './series.ts';
import { leastSquares, round1, round2, WEEK_MS } from './stats.ts';

export function withinSetFatigueOf(points: readonly Point[]): WithinSetFatigue | null {
  const traced = points.filter((p) => p.decrementPct !== null && (p.decrementPct.left !== null || p.decrementPct.right !== null));
  if (traced.length === 0) return null;
  const rows = traced.map((p) => ({
    testId: p.testId,
    testedAt: p.testedAt,
    left: p.decrementPct!.left === null ? null : round1(p.decrementPct!.left),
    right: p.decrementPct!.right === null ? null : round1(p.decrementPct!.right),
  }));
  const first = traced[0]!.ms;
  const xs = traced.map((p) => (p.ms - first) / WEEK_MS);
  const ys = traced.map((p) => {
    const both = [p.decrementPct!.left, p.decrementPct!.right].filter((x): x is number => x !== null);
    return both.reduce((a, b) => a + b, 0) / both.length;
  });
  const fit = traced.length >= 3 ? leastSquares(xs, ys) : null;
  return { formula: percentDecrementFormula, points: rows, slopePctPerWeek: fit === null ? null : round2(fit.slope) };
}
