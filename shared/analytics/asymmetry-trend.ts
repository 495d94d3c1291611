/**
 * asymmetry-trend.ols@1: the imbalance of the latest fresh test (asymmetry.stronger-weaker@1), its change
 * vs the athlete's baseline imbalance (the same tests as the force baseline), and the least-squares slope
 * over the last `windowWeeks` (at least `minTests` fresh tests), in % points a week. Early warning when
 * the fitted line reaches the imbalance threshold within `horizonWeeks` of the latest test while the
 * imbalance is still below it: a slowly widening imbalance is flagged before it crosses.
 */
import type { AppliedThresholds, AsymmetryTrend, Reason } from '../model/risk.ts';
import { baselinePoints } from './baseline.ts';
import { ASYMMETRY_FORMULA, isoDate, type Point } from './series.ts';
import type { RiskSettings } from './settings.ts';
import { leastSquares, mean, round1, round2, WEEK_MS } from './stats.ts';

export const ASYMMETRY_TREND_FORMULA = 'asymmetry-trend.ols@1';

export interface AsymmetryFit {
  slopePctPerWeek: number;
  /** The fitted imbalance at `fromMs`. */
  interceptPct: number;
  fromMs: number;
  toMs: number;
  tests: number;
}

/** The least-squares line over the window ending at the latest fresh test with an imbalance; null below minTests. */
export function asymmetryFit(points: readonly Point[], settings: RiskSettings): { fit: AsymmetryFit | null; window: Point[] } {
  const fresh = points.filter((p) => p.postLoad === null && p.asymmetryPct !== null);
  const last = fresh.at(-1);
  if (last === undefined) return { fit: null, window: [] };
  const from = last.ms - settings.asymmetryTrend.windowWeeks * WEEK_MS;
  const window = fresh.filter((p) => p.ms >= from);
  if (window.length < settings.asymmetryTrend.minTests) return { fit: null, window };
  const fromMs = window[0]!.ms;
  const line = leastSquares(
    window.map((p) => (p.ms - fromMs) / WEEK_MS),
    window.map((p) => p.asymmetryPct!),
  );
  if (line === null) return { fit: null, window };
  return { fit: { slopePctPerWeek: line.slope, interceptPct: line.intercept, fromMs, toMs: last.ms, tests: window.length }, window };
}

export function asymmetryTrendOf(points: readonly Point[], thresholds: AppliedThresholds, settings: RiskSettings): AsymmetryTrend | null {
  const { fit, window } = asymmetryFit(points, settings);
  const current = window.at(-1);
  if (current === undefined) return null;
  const thresholdPct = thresholds.imbalance.amberPct;
  const currentPct = current.asymmetryPct!;
  const base = baselinePoints(points, current.ms, 'left', settings).filter((p) => p.asymmetryPct !== null);
  const baselinePct = base.length >= settings.baseline.minOwnTests ? mean(base.map((p) => p.asymmetryPct!)) : null;
  let weeksToThreshold: number | null = null;
  if (fit !== null && fit.slopePctPerWeek > 0 && currentPct < thresholdPct) {
    const fittedNow = fit.interceptPct + fit.slopePctPerWeek * ((fit.toMs - fit.fromMs) / WEEK_MS);
    weeksToThreshold = Math.max(0, (thresholdPct - fittedNow) / fit.slopePctPerWeek);
  }
  const warning = thresholds.appliesToTestType && weeksToThreshold !== null && weeksToThreshold <= settings.asymmetryTrend.horizonWeeks;
  return {
    formula: ASYMMETRY_TREND_FORMULA,
    asymmetryFormula: ASYMMETRY_FORMULA,
    currentPct: round1(currentPct),
    weakerSide: current.weakerSide,
    baselinePct: baselinePct === null ? null : round1(baselinePct),
    changePct: baselinePct === null ? null : round1(currentPct - baselinePct),
    slopePctPerWeek: fit === null ? null : round2(fit.slopePctPerWeek),
    testsInWindow: window.length,
    windowWeeks: settings.asymmetryTrend.windowWeeks,
    thresholdPct,
    weeksToThreshold: weeksToThreshold === null ? null : round1(weeksToThreshold),
    projectedCrossing: weeksToThreshold === null ? null : isoDate(current.ms + weeksToThreshold * WEEK_MS),
    warning,
  };
}

export function asymmetryTrendReasons(trend: AsymmetryTrend | null, thresholds: AppliedThresholds): Reason[] {
  if (trend === null || !trend.warning || trend.currentPct === null) return [];
  const weeks = Math.max(1, Math.round(trend.weeksToThreshold!));
  return [
    {
      code: 'imbalance-rising',
      level: 'amber',
      message: `Imbalance ${Math.round(trend.currentPct)} %, rising ${trend.slopePctPerWeek!.toFixed(1)} %/week: crosses ${trend.thresholdPct} % in ~${weeks} week${weeks === 1 ? '' : 's'} (${thresholds.imbalance.source})`,
      value: trend.slopePctPerWeek,
      threshold: trend.thresholdPct,
      source: thresholds.imbalance.source,
      ...(trend.weakerSide ? { side: trend.weakerSide } : {}),
      formula: ASYMMETRY_TREND_FORMULA,
    },
  ];
}
