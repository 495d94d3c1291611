/** `GET /athletes/{a}/trend`: one athlete's points of one test type with everything its charts draw. */
import type { AppliedThresholds, AthleteTrend, Leg, TrendPoint } from '../model/risk.ts';
import { BASELINE_FORMULA, legBaseline, swcN, SWC_FORMULA, type SeriesContext } from './baseline.ts';
import { ASYMMETRY_TREND_FORMULA, asymmetryFit } from './asymmetry-trend.ts';
import type { AthleteProfileInput } from './input.ts';
import { ASYMMETRY_FORMULA, isoDate, type Point } from './series.ts';
import { round1, round2 } from './stats.ts';

const rounded = (x: number | null) => (x === null ? null : round1(x));

export function trendOf(profile: AthleteProfileInput, points: readonly Point[], thresholds: AppliedThresholds, ctx: SeriesContext, nowMs: number): AthleteTrend {
  const trendPoints: TrendPoint[] = points.map((p) => ({
    testId: p.testId,
    testedAt: p.testedAt,
    left: p.left,
    right: p.right,
    asymmetryPct: rounded(p.asymmetryPct),
    weakerSide: p.weakerSide,
    postLoad: p.postLoad !== null,
    postLoadLabel: p.postLoad?.label ?? null,
    baseline: { left: rounded(legBaseline(points, p.ms, 'left', ctx).baselineN), right: rounded(legBaseline(points, p.ms, 'right', ctx).baselineN) },
    hasTrace: p.hasTrace,
  }));
  // The baseline the next test will meet: every fresh test so far.
  const next = { left: legBaseline(points, nowMs + 1, 'left', ctx), right: legBaseline(points, nowMs + 1, 'right', ctx) };
  const { fit } = asymmetryFit(points, ctx.settings);
  const injuries: AthleteTrend['injuries'] = profile.injuries.flatMap((i) =>
    i.side === 'both' ? (['left', 'right'] as Leg[]).map((side) => ({ date: i.date, side })) : [{ date: i.date, side: i.side }],
  );
  return {
    athleteId: profile.athleteId,
    name: profile.name,
    testType: ctx.testType,
    points: trendPoints,
    baseline: { left: rounded(next.left.baselineN), right: rounded(next.right.baselineN), source: next.left.source ?? next.right.source },
    swc: { left: rounded(swcN(ctx, 'left')), right: rounded(swcN(ctx, 'right')), formula: SWC_FORMULA },
    thresholds,
    asymmetrySlope:
      fit === null
        ? null
        : { slopePctPerWeek: round2(fit.slopePctPerWeek), interceptPct: round1(fit.interceptPct), from: isoDate(fit.fromMs), to: isoDate(fit.toMs), formula: ASYMMETRY_TREND_FORMULA },
    injuries,
    formulas: [BASELINE_FORMULA, SWC_FORMULA, ASYMMETRY_FORMULA, ASYMMETRY_TREND_FORMULA],
  };
}
