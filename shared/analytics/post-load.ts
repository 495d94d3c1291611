/**
 * post-load.drop-off@1: a test within `windowHours` after a logged match or run (post-load.window@1), or
 * marked post-load by the export's notes or the API, compared per leg with the fresh baseline that applied
 * to it: deficit % = (post-load − baseline) / baseline × 100. Recovered when no leg's deficit reaches the
 * test's CV (Bueno 2021: < 5 %; after soccer match play eccentric force fell 12 % at once, 6 % at 48 h,
 * 3.5 % at 72 h). Post-load tests never enter the baseline and never count as a decline.
 */
import type { PostLoad, PostLoadTest, Reason } from '../model/risk.ts';
import { legBaseline, type SeriesContext } from './baseline.ts';
import type { Point } from './series.ts';
import { SOURCES, TEAM_SETTING } from './sources.ts';
import { DAY_MS, round1, signedPct } from './stats.ts';

export const POST_LOAD_FORMULA = 'post-load.drop-off@1';

function postLoadTest(points: readonly Point[], p: Point, ctx: SeriesContext): PostLoadTest {
  const mark = p.postLoad!;
  const cvPct = ctx.settings.postLoad.recoveredBelowPct;
  const deficit = (leg: 'left' | 'right') => {
    const base = legBaseline(points, p.ms, leg, ctx);
    const value = p[leg];
    return { pct: value === null || base.baselineN === null || base.baselineN <= 0 ? null : round1(((value - base.baselineN) / base.baselineN) * 100), source: base.source };
  };
  const left = deficit('left');
  const right = deficit('right');
  const known = [left.pct, right.pct].filter((x): x is number => x !== null);
  return {
    testId: p.testId,
    testedAt: p.testedAt,
    label: mark.label,
    load: mark.load,
    deficitPct: { left: left.pct, right: right.pct },
    cvPct,
    recovered: known.length > 0 && known.every((d) => d > -cvPct),
    markedBy: mark.markedBy,
    note: mark.note,
    baselineSource: left.source ?? right.source,
  };
}

export function postLoadOf(points: readonly Point[], ctx: SeriesContext, nowMs: number): PostLoad | null {
  const all = points.filter((p) => p.postLoad !== null);
  if (all.length === 0) return null;
  const since = nowMs - ctx.settings.postLoad.recentDays * DAY_MS;
  const recent = all.filter((p) => p.ms >= since).map((p) => postLoadTest(points, p, ctx));
  return { formula: POST_LOAD_FORMULA, windowHours: ctx.settings.postLoad.windowHours, latest: recent.at(-1) ?? null, recent };
}

/** Flagged while the latest test of the type is a recent post-load test that has not recovered. */
export function postLoadReasons(postLoad: PostLoad | null, points: readonly Point[], ctx: SeriesContext): Reason[] {
  const latest = postLoad?.latest;
  if (!latest || latest.recovered || points.at(-1)?.testId !== latest.testId) return [];
  const legs = (['left', 'right'] as const).filter((l) => latest.deficitPct[l] !== null);
  if (legs.length === 0) return [];
  const worst = legs.reduce((a, b) => (latest.deficitPct[b]! < latest.deficitPct[a]! ? b : a));
  const pct = latest.deficitPct[worst]!;
  const source = ctx.settings.postLoad.recoveredBelowPct === 5 ? SOURCES.bueno2021 : TEAM_SETTING;
  return [
    {
      code: 'post-load-not-recovered',
      level: 'amber',
      message: `${latest.label}: ${worst} ${signedPct(pct)} vs fresh baseline, not recovered (${source})`,
      value: pct,
      threshold: -latest.cvPct,
      source,
      side: worst,
      formula: POST_LOAD_FORMULA,
    },
  ];
}
