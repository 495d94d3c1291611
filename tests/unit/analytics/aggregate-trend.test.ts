import { describe, expect, it } from 'vitest';
import { aggregateTeam } from '#core/analytics/aggregate-team.ts';
import { summariseAthlete } from '#core/analytics/summarise-athlete.ts';
import { riskSettingDefaults } from '#core/analytics/settings.ts';
import { input, nordic, profile, weekly, workout } from '../../support/analytics-builders.ts';

const NOW = new Date('2026-10-01T00:00:00Z');
const member = (id: string, tests: ReturnType<typeof weekly>, extra = {}) => ({
  athleteId: id,
  name: id.toUpperCase(),
  summaries: summariseAthlete(input(tests, { athlete: profile({ athleteId: id }), ...extra }), riskSettingDefaults, NOW).summaries,
});

describe('aggregateTeam', () => {
  const members = [
    member('a', [nordic('2026-09-29', 400, 420)]),
    member('b', [nordic('2026-09-28', 300, 310)]), // soccer: both legs < 337 N, red
    member('c', [nordic('2026-09-27', 500, 380)]), // imbalance 24 %: red
    member('d', [nordic('2026-09-26', 440, 430)]),
  ];
  const { risk, context, riskByType } = aggregateTeam(members, riskSettingDefaults, NOW);

  it('counts, flagged (reds first, most reasons first) and distributions', () => {
    expect(risk.counts).toEqual({ green: 2, amber: 0, red: 2 });
    expect(risk.flagged.map((f) => [f.athleteId, f.name, f.level, f.reasons.length])).toEqual([['b', 'B', 'red', 2], ['c', 'C', 'red', 1]]);
    expect(risk.distribution.peakN).toContainEqual({ athleteId: 'c', left: 500, right: 380 });
    expect(risk.distribution.asymmetryPct).toContainEqual({ athleteId: 'c', pct: 24 });
    expect(risk.distribution.thresholds.strength).toEqual({ amberN: null, redN: 337, source: 'Timmins 2016' });
    expect(risk.newestData).toBe('2026-09-29T10:00:00.000Z');
    expect(Object.keys(riskByType)).toEqual(['Nordic']);
  });

  it('the team context: mean and between-athlete SD of the latest fresh peaks per leg', () => {
    // left 400, 300, 500, 440: mean 410, SD 84.1 (√(21200 / 3)); right 420, 310, 380, 430: mean 385, SD 54.5
    expect(context.byType.Nordic).toEqual({ left: { meanN: 410, sdN: 84.1, athletes: 4 }, right: { meanN: 385, sdN: 54.5, athletes: 4 } });
  });

  it('fewer than 3 athletes: no team mean or SD', () => {
    expect(aggregateTeam(members.slice(0, 2), riskSettingDefaults, NOW).context.byType.Nordic!.left).toEqual({ meanN: null, sdN: null, athletes: 2 });
  });

  it('feeds the next summaries: SWC = 0.2 × 84.1 N, the team mean as baseline for a new athlete', () => {
    const next = summariseAthlete(input([nordic('2026-09-30', 369, 400)], { team: context }), riskSettingDefaults, NOW).summaries[0]!;
    expect(next.change!.left).toMatchObject({ baselineN: 410, baselineSource: 'team', deltaPct: -10, swcN: 16.8 });
  });
});

describe('athlete trend', () => {
  it('points with the baseline that applied to each, post-load labels, the next baseline, slope and thresholds', () => {
    const tests = [...weekly('2026-08-04', [[380, 400], [384, 400], [388, 400], [392, 400]]), nordic('2026-09-01T09:00:00Z', 340, 360)];
    const workouts = [workout('2026-08-31', 'match', { time: '18:00' })];
    const { trends } = summariseAthlete(input(tests, { workouts }), riskSettingDefaults, NOW);
    const t = trends[0]!;
    expect(t).toMatchObject({ athleteId: 'a1', name: 'Jane Doe', testType: 'Nordic' });
    expect(t.points.map((p) => [p.left, p.postLoad, p.postLoadLabel, p.baseline.left])).toEqual([
      [380, false, null, null],
      [384, false, null, null],
      [388, false, null, null],
      [392, false, null, 384],
      [340, true, 'MD+1', 386],
    ]);
    expect(t.baseline).toEqual({ left: 386, right: 400, source: 'athlete' });
    expect(t.asymmetrySlope).toMatchObject({ slopePctPerWeek: -1, from: '2026-08-04', to: '2026-08-25', formula: 'asymmetry-trend.ols@1' });
    expect(t.thresholds.imbalance.amberPct).toBe(15);
    expect(t.formulas).toContain('baseline.rolling@1');
  });
});
