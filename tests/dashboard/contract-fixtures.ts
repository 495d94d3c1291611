/**
 * Risk-API answers in the shapes of shared/model/risk.ts, made from the demo squad's real tests, so the browser
 * test can check that every view draws the contract's fields before the routes exist. Typed against the
 * contract: a change to it breaks this file first.
 */
import type { AthleteSummary, AthleteTrend, Level, Reason, TeamRisk, TrendPoint } from '../../shared/model/risk.ts';

export const thresholds = {
  sport: 'Australian football',
  strength: { amberN: 279, redN: 256, source: 'Opar 2015' },
  imbalance: { amberPct: 15, redPct: 20, source: 'Bourne 2015' },
  appliesToTestType: true,
} satisfies AthleteSummary['thresholds'];

type Row = { athleteId: string; name: string | null; latest: { testedAt: string; left: { peakN: number | null }; right: { peakN: number | null }; asymmetry: { pct: number; weakerSide: 'left' | 'right' | null } | null } | null };

const worst = (reasons: Reason[]): Level => (reasons.some((r) => r.level === 'red') ? 'red' : reasons.some((r) => r.level === 'amber') ? 'amber' : 'green');

/** Flags from the latest test alone (the real rules are the analytics core's; these only need to be plausible). */
export function summaryFor(row: Row): Omit<AthleteSummary, 'athleteId' | 'testType' | 'asOf'> {
  const reasons: Reason[] = [];
  const t = row.latest;
  if (t) {
    for (const side of ['left', 'right'] as const) {
      const n = t[side].peakN;
      if (n != null && n < thresholds.strength.amberN) {
        const level: Level = n < thresholds.strength.redN ? 'red' : 'amber';
        const limit = level === 'red' ? thresholds.strength.redN : thresholds.strength.amberN;
        reasons.push({ code: 'strength-below-threshold', level, message: `${side === 'left' ? 'Left' : 'Right'} ${Math.round(n)} N < ${limit} N (Opar 2015)`, value: n, threshold: limit, source: 'Opar 2015', side });
      }
    }
    const pct = t.asymmetry?.pct ?? 0;
    if (pct >= 15) reasons.push({ code: 'imbalance-above-threshold', level: pct >= 20 ? 'red' : 'amber', message: `Imbalance ${pct.toFixed(0)} % ≥ ${pct >= 20 ? 20 : 15} % (Bourne 2015)`, value: pct, threshold: pct >= 20 ? 20 : 15, source: 'Bourne 2015' });
  }
  const leg = (n: number | null) => ({ latestN: n, baselineN: n == null ? null : n + 12, baselineSource: 'athlete' as const, baselineTests: 6, deltaPct: n == null ? null : (-12 / (n + 12)) * 100, z: -0.8, sdN: 21.7, swcN: 8, level: 'amber' as Level });
  return {
    status: { level: worst(reasons), reasons },
    change: t ? { formula: 'change.two-gate@1', testType: 'Nordic', left: leg(t.left.peakN), right: leg(t.right.peakN), window: { maxTests: 6, maxDays: 120, seasonStart: '2026-07-01' } } : null,
    asymmetryTrend: t
      ? { formula: 'asymmetry.ols-slope@1', asymmetryFormula: 'asymmetry.stronger-weaker@1', currentPct: t.asymmetry?.pct ?? null, weakerSide: t.asymmetry?.weakerSide ?? null, baselinePct: 5, changePct: 1, slopePctPerWeek: 0.6, testsInWindow: 8, windowWeeks: 8, thresholdPct: 15, weeksToThreshold: null, projectedCrossing: null, warning: false }
      : null,
    postLoad: null,
    exposure: {
      formula: 'exposure.nordic-sessions@1',
      last7: { sessions: 1, reps: 10 },
      last28: { sessions: 3, reps: 30 },
      lastNordic: '2026-11-20',
      weeksSinceLast: 0,
      prescription: { preset: 'in-season', sessionsPerWeek: 1, repsPerSession: 10, source: 'the article' },
      compliancePct: 75,
      weekly: ['2026-W44', '2026-W45', '2026-W46', '2026-W47'].map((week, i) => ({ week, sessions: i === 1 ? 0 : 1, reps: i === 1 ? 0 : 10 })),
    },
    bridge: { formula: 'bridge.reps-band@1', preset: 'article', testedAt: '2026-11-10', left: { reps: 12, band: 'poor' }, right: { reps: 22, band: 'satisfactory' }, source: 'Hamstring strength for runners' },
    proneCurl: { formula: 'prone-curl.ratio@1', testedAt: '2026-11-10', bodyMassKg: 80, targetRatio: 0.3, left: { loadKg: 20, ratio: 0.25, meetsTarget: false }, right: { loadKg: 25, ratio: 0.31, meetsTarget: true }, source: 'Hamstring strength for runners' },
    rtp: null,
    thresholds,
    formulas: ['asymmetry.stronger-weaker@1', 'change.two-gate@1'],
    latestTestAt: t?.testedAt ?? null,
    withinSetFatigue: null,
  };
}

export function teamRisk(rows: (Row & { status: { level: Level; reasons: Reason[] } })[]): TeamRisk {
  const counts = { green: 0, amber: 0, red: 0 };
  for (const r of rows) counts[r.status.level]++;
  return {
    asOf: '2026-12-01T00:00:00.000Z',
    testType: 'Nordic',
    counts,
    flagged: rows.filter((r) => r.status.level !== 'green').map((r) => ({ athleteId: r.athleteId, name: r.name, level: r.status.level, reasons: r.status.reasons })),
    distribution: {
      peakN: rows.filter((r) => r.latest).map((r) => ({ athleteId: r.athleteId, left: r.latest!.left.peakN, right: r.latest!.right.peakN })),
      asymmetryPct: rows.filter((r) => r.latest).map((r) => ({ athleteId: r.athleteId, pct: r.latest!.asymmetry?.pct ?? null })),
      thresholds,
    },
    newestData: rows.map((r) => r.latest?.testedAt ?? '').sort().at(-1) ?? null,
  };
}

/** A trend from the athlete's stored tests (oldest first): rolling baselines, one post-load test, a slope. */
export function trendFrom(athleteId: string, name: string, tests: { testId: string; testedAt: string; left: { peakN: number | null }; right: { peakN: number | null }; asymmetry: { pct: number; weakerSide: 'left' | 'right' | null } | null }[]): AthleteTrend {
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const points: TrendPoint[] = tests.map((t, i) => {
    const prev = tests.slice(Math.max(0, i - 6), i);
    return {
      testId: t.testId,
      testedAt: t.testedAt,
      left: t.left.peakN,
      right: t.right.peakN,
      asymmetryPct: t.asymmetry?.pct ?? null,
      weakerSide: t.asymmetry?.weakerSide ?? null,
      postLoad: i === tests.length - 3,
      postLoadLabel: i === tests.length - 3 ? 'MD+1' : null,
      baseline: { left: mean(prev.map((p) => p.left.peakN ?? 0)), right: mean(prev.map((p) => p.right.peakN ?? 0)) },
      hasTrace: false,
    };
  });
  return {
    athleteId,
    name,
    testType: 'Nordic',
    points,
    baseline: { left: points.at(-1)!.baseline.left, right: points.at(-1)!.baseline.right, source: 'athlete' },
    swc: { left: 8, right: 8, formula: 'swc.hopkins-0.2-sd@1' },
    thresholds,
    asymmetrySlope: { slopePctPerWeek: 0.6, interceptPct: points[0]!.asymmetryPct, from: points[0]!.testedAt, to: points.at(-1)!.testedAt, formula: 'asymmetry.ols-slope@1' },
    injuries: [{ date: tests[Math.floor(tests.length / 2)]!.testedAt.slice(0, 10), side: 'left' }],
    formulas: ['swc.hopkins-0.2-sd@1'],
  };
}
