/**
 * The entry point the recompute handler calls for one athlete (pure, no I/O): one AthleteSummary per test
 * type (the types tested, and the primary type when the athlete has workouts or injuries but no test of
 * it) and one AthleteTrend per type tested. Tests and workouts after `now` are left out, so `now` is also
 * an "as of" date; input order and replayed records change nothing.
 */
import type { AthleteSummary, AthleteTrend, Reason } from '../model/risk.ts';
import { BASELINE_FORMULA, changeOf, changeReasons, CHANGE_FORMULA, latestFreshOrAny, SWC_FORMULA, type SeriesContext } from './baseline.ts';
import { ASYMMETRY_TREND_FORMULA, asymmetryTrendOf, asymmetryTrendReasons } from './asymmetry-trend.ts';
import { BRIDGE_FORMULA, bridgeOf, bridgeReasons } from './bridge.ts';
import { EXPOSURE_FORMULA, exposureOf, exposureReasons } from './exposure.ts';
import { PRIOR_INJURY_FORMULA, priorInjuryReasons, RTP_FORMULA, rtpOf, rtpReasons } from './injury.ts';
import type { AthleteInput } from './input.ts';
import { POST_LOAD_FORMULA, postLoadOf, postLoadReasons } from './post-load.ts';
import { PRONE_CURL_FORMULA, proneCurlOf, proneCurlReasons } from './prone-curl.ts';
import { ASYMMETRY_FORMULA, distinctTests, distinctWorkouts, loadSessions, pointsOf } from './series.ts';
import type { RiskSettings } from './settings.ts';
import { statusOf, STATUS_FORMULA } from './status.ts';
import { appliedThresholds, imbalanceReasons, strengthReasons, STRENGTH_FORMULA, IMBALANCE_FORMULA } from './thresholds.ts';
import { trendOf } from './trend.ts';
import { withinSetFatigueOf } from './within-set-fatigue.ts';

export interface AthleteAnalysis {
  summaries: AthleteSummary[];
  trends: AthleteTrend[];
}

export function summariseAthlete(input: AthleteInput, settings: RiskSettings, now: Date): AthleteAnalysis {
  const nowMs = now.getTime();
  const asOf = now.toISOString();
  const { athlete } = input;
  const tests = distinctTests(input.tests, nowMs);
  const workouts = distinctWorkouts(input.workouts, nowMs);
  const sessions = loadSessions(workouts, settings);

  // Athlete-level results: the same on every test type's summary.
  const exposure = exposureOf(workouts, settings, nowMs);
  const bridge = bridgeOf(workouts, settings);
  const proneCurl = proneCurlOf(workouts, athlete.bodyMassKg, settings);
  const athleteReasons: Reason[] = [...exposureReasons(exposure, workouts, settings, nowMs), ...bridgeReasons(bridge, settings), ...proneCurlReasons(proneCurl)];

  const types = [...new Set(tests.map((t) => t.testType))].sort();
  if (!types.includes(settings.primaryTestType) && (workouts.length > 0 || athlete.injuries.length > 0)) types.push(settings.primaryTestType);

  const summaries: AthleteSummary[] = [];
  const trends: AthleteTrend[] = [];
  for (const testType of types) {
    const ctx: SeriesContext = { settings, team: input.team, testType };
    const points = pointsOf(
      tests.filter((t) => t.testType === testType),
      sessions,
      settings,
    );
    const thresholds = appliedThresholds(athlete.sport, settings, testType);
    const latest = latestFreshOrAny(points);
    const change = changeOf(points, ctx);
    const asymmetryTrend = asymmetryTrendOf(points, thresholds, settings);
    const postLoad = postLoadOf(points, ctx, nowMs);
    const rtp = rtpOf(points, athlete.injuries, settings, nowMs);
    const reasons = [
      ...strengthReasons(latest, thresholds),
      ...imbalanceReasons(latest, thresholds),
      ...asymmetryTrendReasons(asymmetryTrend, thresholds),
      ...changeReasons(change, settings),
      ...postLoadReasons(postLoad, points, ctx),
      ...rtpReasons(rtp, testType),
      ...priorInjuryReasons(athlete.injuries, rtp, settings, nowMs),
      ...athleteReasons,
    ];
    summaries.push({
      athleteId: athlete.athleteId,
      testType,
      asOf,
      status: statusOf(reasons),
      change,
      asymmetryTrend,
      postLoad,
      exposure,
      bridge,
      proneCurl,
      rtp,
      thresholds,
      formulas: [
        STATUS_FORMULA,
        BASELINE_FORMULA,
        CHANGE_FORMULA,
        SWC_FORMULA,
        ASYMMETRY_FORMULA,
        ASYMMETRY_TREND_FORMULA,
        STRENGTH_FORMULA,
        IMBALANCE_FORMULA,
        POST_LOAD_FORMULA,
        EXPOSURE_FORMULA,
        BRIDGE_FORMULA,
        PRONE_CURL_FORMULA,
        RTP_FORMULA,
        PRIOR_INJURY_FORMULA,
      ],
      latestTestAt: points.at(-1)?.testedAt ?? null,
      withinSetFatigue: withinSetFatigueOf(points),
    });
    if (points.length > 0) trends.push(trendOf(athlete, points, thresholds, ctx, nowMs));
  }
  return { summaries, trends };
}
