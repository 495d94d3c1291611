/**
 * baseline.rolling@1 and change.two-gate@1, per test type and leg.
 *
 * Baseline of a test: the mean of the athlete's previous fresh tests (post-load tests never enter), the last
 * `maxTests` within `maxDays` and since the season start; with fewer than `minOwnTests` of them, the team
 * mean of that type and leg. Change: Δ% vs that baseline; z = (latest − mean(prev)) / max(SD(prev), typical
 * error) (Opar 2013: the floor keeps a few identical values from exploding z); SWC = 0.2 × between-athlete SD
 * (Hopkins 2004). Two gates: a decline larger than the SWC **and** |z| ≥ amberZ (amber) or > redZ (red).
 * z and the gates need the athlete's own baseline: against the team mean Δ% is shown, no decline is flagged.
 */
import type { Change, Leg, LegChange, Level, Reason, TeamContext } from '../model/risk.ts';
import { SOURCES, TEAM_SETTING } from './sources.ts';
import type { Point } from './series.ts';
import { seasonStartOf } from './series.ts';
import type { RiskSettings } from './settings.ts';
import { DAY_MS, mean, round1, round2, sampleSd, signedPct } from './stats.ts';

export const BASELINE_FORMULA = 'baseline.rolling@1';
export const CHANGE_FORMULA = 'change.two-gate@1';
export const SWC_FORMULA = 'swc.hopkins@1';

export interface SeriesContext {
  settings: RiskSettings;
  team: TeamContext | null;
  testType: string;
}

export interface LegBaseline {
  baselineN: number | null;
  source: 'athlete' | 'team' | null;
  /** The athlete's own fresh tests in the window (counted even when the team mean is the baseline). */
  ownTests: number;
  ownMeanN: number | null;
  ownSdN: number | null;
  /** The points whose values made the athlete's baseline (empty for the team mean). */
  used: Point[];
}

/** The previous fresh tests of one leg that make the baseline for a test at `atMs` (exclusive). */
export function baselinePoints(points: readonly Point[], atMs: number, leg: Leg, settings: RiskSettings): Point[] {
  const { maxTests, maxDays, seasonStart } = settings.baseline;
  const from = Math.max(seasonStartOf(atMs, seasonStart), atMs - maxDays * DAY_MS);
  const out: Point[] = [];
  for (let i = points.length - 1; i >= 0 && out.length < maxTests; i--) {
    const p = points[i]!;
    if (p.ms >= atMs || p.postLoad !== null || p[leg] === null) continue;
    if (p.ms < from) break;
    out.push(p);
  }
  return out.reverse();
}

export function teamLeg(team: TeamContext | null, testType: string, leg: Leg) {
  return team?.byType[testType]?.[leg] ?? null;
}

export function legBaseline(points: readonly Point[], atMs: number, leg: Leg, ctx: SeriesContext): LegBaseline {
  const used = baselinePoints(points, atMs, leg, ctx.settings);
  const values = used.map((p) => p[leg]!);
  const ownMeanN = mean(values);
  const ownSdN = sampleSd(values);
  if (used.length >= ctx.settings.baseline.minOwnTests) return { baselineN: ownMeanN, source: 'athlete', ownTests: used.length, ownMeanN, ownSdN, used };
  const teamMean = teamLeg(ctx.team, ctx.testType, leg)?.meanN ?? null;
  return { baselineN: teamMean, source: teamMean === null ? null : 'team', ownTests: used.length, ownMeanN, ownSdN, used: [] };
}

/** The SD floor of a test type: its typical error in N, else the CV × the baseline. */
export function typicalErrorN(settings: RiskSettings, testType: string, baselineN: number | null): number | null {
  const want = testType.toLowerCase();
  for (const [type, te] of Object.entries(settings.change.typicalErrorN)) if (type.toLowerCase() === want) return te;
  return baselineN === null ? null : (settings.change.typicalErrorCvPct / 100) * baselineN;
}

export function swcN(ctx: SeriesContext, leg: Leg): number | null {
  const sd = teamLeg(ctx.team, ctx.testType, leg)?.sdN ?? null;
  return sd === null ? null : ctx.settings.change.swcFactor * sd;
}

function legChange(latestN: number | null, base: LegBaseline, swc: number | null, ctx: SeriesContext): LegChange {
  const { baselineN, source } = base;
  const deltaPct = latestN !== null && baselineN !== null && baselineN > 0 ? ((latestN - baselineN) / baselineN) * 100 : null;
  let z: number | null = null;
  let level: Level = 'green';
  if (latestN !== null && source === 'athlete' && baselineN !== null) {
    const floor = typicalErrorN(ctx.settings, ctx.testType, baselineN) ?? 0;
    const sd = Math.max(base.ownSdN ?? 0, floor);
    z = sd > 0 ? (latestN - baselineN) / sd : null;
    const decline = baselineN - latestN;
    const beyondSwc = swc === null ? decline > 0 : decline > swc;
    if (z !== null && z < 0 && beyondSwc) {
      const size = Math.abs(z);
      if (size > ctx.settings.change.redZ) level = 'red';
      else if (size >= ctx.settings.change.amberZ) level = 'amber';
    }
  }
  return {
    latestN,
    baselineN: baselineN === null ? null : round1(baselineN),
    baselineSource: source,
    baselineTests: base.ownTests,
    deltaPct: deltaPct === null ? null : round1(deltaPct),
    z: z === null ? null : round2(z),
    sdN: base.ownSdN === null ? null : round1(base.ownSdN),
    swcN: swc === null ? null : round1(swc),
    level,
  };
}

/** The latest fresh test against its baseline, per leg; null without a fresh test. */
export function changeOf(points: readonly Point[], ctx: SeriesContext): Change | null {
  let latest: Point | null = null;
  for (let i = points.length - 1; i >= 0 && latest === null; i--) if (points[i]!.postLoad === null) latest = points[i]!;
  if (latest === null) return null;
  const { maxTests, maxDays, seasonStart } = ctx.settings.baseline;
  const start = seasonStartOf(latest.ms, seasonStart);
  return {
    formula: CHANGE_FORMULA,
    testType: ctx.testType,
    left: legChange(latest.left, legBaseline(points, latest.ms, 'left', ctx), swcN(ctx, 'left'), ctx),
    right: legChange(latest.right, legBaseline(points, latest.ms, 'right', ctx), swcN(ctx, 'right'), ctx),
    window: { maxTests, maxDays, seasonStart: Number.isFinite(start) ? new Date(start).toISOString().slice(0, 10) : null },
  };
}

/** The latest fresh point (else the latest of any kind), the one strength is judged on. */
export function latestFreshOrAny(points: readonly Point[]): Point | null {
  for (let i = points.length - 1; i >= 0; i--) if (points[i]!.postLoad === null) return points[i]!;
  return points.at(-1) ?? null;
}

/** A decline through both gates, per leg: "Left −11 % vs baseline 412 N (z −1.8, beyond SWC 9 N)". */
export function changeReasons(change: Change | null, settings: RiskSettings): Reason[] {
  if (change === null) return [];
  const defaults = settings.change.amberZ === 0.5 && settings.change.redZ === 1.5 && settings.change.swcFactor === 0.2;
  const source = defaults ? `${SOURCES.twoGate}; ${SOURCES.hopkins2004}` : TEAM_SETTING;
  return (['left', 'right'] as const).flatMap((side): Reason[] => {
    const leg = change[side];
    if (leg.level === 'green' || leg.deltaPct === null || leg.z === null) return [];
    const swc = leg.swcN === null ? 'SWC unknown: no team data' : `beyond SWC ${Math.round(leg.swcN)} N`;
    return [
      {
        code: 'decline-vs-baseline',
        level: leg.level,
        message: `${side === 'left' ? 'Left' : 'Right'} ${signedPct(leg.deltaPct)} vs baseline ${Math.round(leg.baselineN!)} N (z ${leg.z.toFixed(1).replace('-', '−')}, ${swc})`,
        value: leg.deltaPct,
        threshold: leg.level === 'red' ? -settings.change.redZ : -settings.change.amberZ,
        source,
        side,
        formula: CHANGE_FORMULA,
      },
    ];
  });
}
