import { describe, expect, it } from 'vitest';
import { summariseAthlete } from '#core/analytics/summarise-athlete.ts';
import { RiskSettingsSchema, riskSettingDefaults, sportKey } from '#core/analytics/settings.ts';
import { appliedThresholds } from '#core/analytics/thresholds.ts';
import { input, nordic, profile, weekly } from '../../support/analytics-builders.ts';

const NOW = new Date('2026-10-01T00:00:00Z');
/** Right 400 N; left weaker by `pct` %. */
const imb = (pct: number): [number, number] => [400 * (1 - pct / 100), 400];
const summary = (tests: ReturnType<typeof weekly>, extra = {}, settings = riskSettingDefaults) =>
  summariseAthlete(input(tests, extra), settings, NOW).summaries.find((s) => s.testType === 'Nordic')!;

describe('asymmetry-trend.ols@1', () => {
  it('5 → 12 % over 8 weekly tests: 1 %/week, crosses 15 % in ~3 weeks: amber early warning', () => {
    const s = summary(weekly('2026-08-04', [5, 6, 7, 8, 9, 10, 11, 12].map(imb)));
    const t = s.asymmetryTrend!;
    expect(t).toMatchObject({ currentPct: 12, weakerSide: 'left', slopePctPerWeek: 1, testsInWindow: 8, thresholdPct: 15, weeksToThreshold: 3, warning: true });
    expect(t.projectedCrossing).toBe('2026-10-13');
    expect(t.baselinePct).toBe(8.5); // the six tests before the latest
    expect(t.changePct).toBe(3.5);
    const reason = s.status.reasons.find((r) => r.code === 'imbalance-rising')!;
    expect(reason.message).toBe('Imbalance 12 %, rising 1.0 %/week: crosses 15 % in ~3 weeks (Bourne 2015)');
    expect(s.status.level).toBe('amber');
  });

  it('needs 4 tests in the 8-week window: 3 give no slope and no warning', () => {
    const t = summary(weekly('2026-09-08', [10, 12, 14].map(imb))).asymmetryTrend!;
    expect(t.slopePctPerWeek).toBeNull();
    expect(t.warning).toBe(false);
  });

  it('slow (0.2 %/week) or falling imbalance: no warning within 6 weeks', () => {
    expect(summary(weekly('2026-08-04', [10, 10.2, 10.4, 10.6, 10.8, 11].map(imb))).asymmetryTrend!.warning).toBe(false);
    expect(summary(weekly('2026-08-04', [12, 11, 10, 9].map(imb))).asymmetryTrend!.weeksToThreshold).toBeNull();
  });

  it('at or above the threshold: the threshold reason (amber 15–20 %, red ≥ 20 %), not the early warning', () => {
    const amber = summary(weekly('2026-08-04', [10, 12, 14, 16].map(imb)));
    expect(amber.asymmetryTrend!.warning).toBe(false);
    expect(amber.status.reasons.map((r) => [r.code, r.level, r.message])).toContainEqual(['imbalance-above-threshold', 'amber', 'Imbalance 16.0 % ≥ 15 %, left weaker (Bourne 2015)']);
    const red = summary([nordic('2026-09-29', 300, 400)]);
    expect(red.status.reasons[0]).toMatchObject({ code: 'imbalance-above-threshold', level: 'red', value: 25, threshold: 20 });
  });

  it('identical imbalance every week: slope 0, no warning', () => {
    const t = summary(weekly('2026-08-04', [8, 8, 8, 8, 8].map(imb))).asymmetryTrend!;
    expect(t.slopePctPerWeek).toBe(0);
    expect(t.warning).toBe(false);
  });
});

describe('strength and imbalance thresholds by sport', () => {
  it('Australian football (Opar 2015): < 256 N red, < 279 N amber', () => {
    const s = summary([nordic('2026-09-29', 241, 270)], { athlete: profile({ sport: 'AFL' }) });
    expect(s.thresholds.sport).toBe('australian-football');
    expect(s.status.reasons.filter((r) => r.code === 'strength-below-threshold').map((r) => [r.level, r.message])).toEqual([
      ['red', 'Left 241 N < 256 N (Opar 2015)'],
      ['amber', 'Right 270 N < 279 N (Opar 2015)'],
    ]);
  });

  it('soccer (Timmins 2016): < 337 N red; rugby union (Bourne 2015): no absolute threshold', () => {
    expect(summary([nordic('2026-09-29', 330, 345)], { athlete: profile({ sport: 'Football' }) }).status.reasons.map((r) => r.message)).toEqual(['Left 330 N < 337 N (Timmins 2016)']);
    const rugby = summary([nordic('2026-09-29', 200, 210)], { athlete: profile({ sport: 'Rugby Union' }) });
    expect(rugby.thresholds.strength).toBeNull();
    expect(rugby.status.level).toBe('green');
  });

  it('the team sport setting wins over the roster; a changed threshold is cited as the team’s', () => {
    const settings = RiskSettingsSchema.parse({ sport: 'soccer', sportPresets: { soccer: { strength: { amberN: null, redN: 300 }, imbalance: { amberPct: 10, redPct: 20 } } } });
    const t = appliedThresholds('Rugby union', settings, 'Nordic');
    expect(t).toEqual({ sport: 'soccer', strength: { amberN: null, redN: 300, source: 'team setting' }, imbalance: { amberPct: 10, redPct: 20, source: 'team setting' }, appliesToTestType: true });
    const cited = RiskSettingsSchema.parse({ sportPresets: { soccer: { strength: { amberN: 350, redN: 337, source: 'club physio 2026' }, imbalance: { amberPct: 15, redPct: 20 } } } });
    const c = appliedThresholds('soccer', cited, 'Nordic');
    expect(c.strength!.source).toBe('club physio 2026');
    expect(c.imbalance.source).toBe('Bourne 2015'); // unchanged numbers keep the citation
  });

  it('no sport: no strength threshold, the default imbalance thresholds; other test types are not judged', () => {
    expect(appliedThresholds(null, riskSettingDefaults, 'Nordic')).toEqual({ sport: null, strength: null, imbalance: { amberPct: 15, redPct: 20, source: 'Bourne 2015' }, appliesToTestType: true });
    const iso = summariseAthlete(input([nordic('2026-09-29', 100, 300, { testType: 'ISO Prone' })]), riskSettingDefaults, NOW).summaries[0]!;
    expect(iso.thresholds.appliesToTestType).toBe(false);
    expect(iso.status.level).toBe('green');
  });

  it('sport names are matched loosely', () => {
    expect(['AFL', 'Australian Rules', 'aussie rules'].map(sportKey)).toEqual(['australian-football', 'australian-football', 'australian-football']);
    expect(['Soccer', 'Football', 'futbol'].map(sportKey)).toEqual(['soccer', 'soccer', 'soccer']);
    expect(sportKey('Rugby Union')).toBe('rugby-union');
    expect(sportKey('Netball')).toBe('netball');
    expect(sportKey('  ')).toBeNull();
  });
});
