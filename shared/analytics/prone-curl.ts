/**
 * prone-curl.ratio@1: the prone single-leg hamstring curl load per leg as a ratio of body mass, from the
 * latest day with a qualifying set (every set of at least `minReps` reps: the article's 3 × 8, or an 8RM),
 * against the article's target of 0.3 × body weight. A `both` row counts for each leg. Without a body mass
 * the ratio is null and nothing is flagged.
 */
import type { Leg, ProneCurlResult, Reason } from '../model/risk.ts';
import { bodyMassPlausible } from '../quality/warnings.ts';
import type { AnalyticsWorkout } from './input.ts';
import type { RiskSettings } from './settings.ts';
import { round2 } from './stats.ts';

export const PRONE_CURL_FORMULA = 'prone-curl.ratio@1';

export function proneCurlOf(workouts: readonly AnalyticsWorkout[], bodyMassKg: number | null, settings: RiskSettings): ProneCurlResult | null {
  const { minReps, targetRatio, source } = settings.proneCurl;
  const sets = workouts.filter((w) => w.exercise === 'prone_curl' && w.loadKg !== null && w.reps !== null && w.reps.length > 0 && Math.min(...w.reps) >= minReps);
  const last = sets.at(-1);
  if (last === undefined) return null;
  const mass = bodyMassKg !== null && bodyMassPlausible(bodyMassKg) ? bodyMassKg : null;
  const leg = (side: Leg) => {
    const loads = sets.filter((w) => w.date === last.date && (w.side === side || w.side === 'both' || w.side === null)).map((w) => w.loadKg!);
    const loadKg = loads.length === 0 ? null : Math.max(...loads);
    const ratio = loadKg === null || mass === null ? null : round2(loadKg / mass);
    return { loadKg, ratio, meetsTarget: ratio === null ? null : ratio >= targetRatio };
  };
  return { formula: PRONE_CURL_FORMULA, testedAt: last.date, bodyMassKg: mass, targetRatio, left: leg('left'), right: leg('right'), source };
}

export function proneCurlReasons(result: ProneCurlResult | null): Reason[] {
  if (result === null) return [];
  return (['left', 'right'] as const).flatMap((side): Reason[] => {
    const { loadKg, ratio, meetsTarget } = result[side];
    if (meetsTarget !== false) return [];
    return [
      {
        code: 'prone-curl-light',
        level: 'amber',
        message: `Prone curl ${side} ${loadKg} kg = ${ratio!.toFixed(2)} × body mass < ${result.targetRatio} (${result.source})`,
        value: ratio,
        threshold: result.targetRatio,
        source: result.source,
        side,
        formula: PRONE_CURL_FORMULA,
      },
    ];
  });
}
