import { describe, expect, it } from 'vitest';
import { summariseAthlete } from '#core/analytics/summarise-athlete.ts';
import { RiskSettingsSchema, riskSettingDefaults } from '#core/analytics/settings.ts';
import { input, nordic, team, weekly } from '../../support/analytics-builders.ts';

const at = (iso: string) => new Date(iso);
const nordicSummary = (r: ReturnType<typeof summariseAthlete>) => r.summaries.find((s) => s.testType === 'Nordic')!;
/** Six fresh tests around 400 N, then the latest. */
const history = (latest: number) => weekly('2026-08-04', [[400, 400], [410, 410], [390, 390], [400, 400], [420, 420], [380, 380], [latest, latest]]);
const NOW = at('2026-09-16T12:00:00Z');

describe('baseline.rolling@1 and change.two-gate@1', () => {
  it('a 60 N drop: baseline 400 N (last 6), Δ −15 %, SD 14.1 N floored at the 21.7 N typical error, z −2.76, red', () => {
    const s = nordicSummary(summariseAthlete(input(history(340), { team: team('Nordic', 400, 50) }), riskSettingDefaults, NOW));
    expect(s.change!.left).toEqual({ latestN: 340, baselineN: 400, baselineSource: 'athlete', baselineTests: 6, deltaPct: -15, z: -2.76, sdN: 14.1, swcN: 10, level: 'red' });
    const reason = s.status.reasons.find((r) => r.code === 'decline-vs-baseline' && r.side === 'left')!;
    expect(reason.message).toBe('Left −15 % vs baseline 400 N (z −2.8, beyond SWC 10 N)');
    expect(reason.level).toBe('red');
    expect(s.status.level).toBe('red');
  });

  it('a 15 N drop: z −0.69 is amber when the decline beats the SWC (10 N), green when the SWC is 20 N (the first gate)', () => {
    const amber = nordicSummary(summariseAthlete(input(history(385), { team: team('Nordic', 400, 50) }), riskSettingDefaults, NOW));
    expect(amber.change!.left.z).toBe(-0.69);
    expect(amber.change!.left.level).toBe('amber');
    const green = nordicSummary(summariseAthlete(input(history(385), { team: team('Nordic', 400, 100) }), riskSettingDefaults, NOW));
    expect(green.change!.left.swcN).toBe(20);
    expect(green.change!.left.level).toBe('green');
  });

  it('a rise is never a decline', () => {
    const s = nordicSummary(summariseAthlete(input(history(480), { team: team('Nordic', 400, 50) }), riskSettingDefaults, NOW));
    expect(s.change!.left.deltaPct).toBe(20);
    expect(s.change!.left.level).toBe('green');
  });

  it('one test only: the team mean is the baseline, Δ% vs it, no z, no flag', () => {
    const s = nordicSummary(summariseAthlete(input([nordic('2026-09-15', 360, 380)], { team: team('Nordic', 400, 50) }), riskSettingDefaults, NOW));
    expect(s.change!.left).toMatchObject({ baselineN: 400, baselineSource: 'team', baselineTests: 0, deltaPct: -10, z: null, level: 'green' });
    const alone = nordicSummary(summariseAthlete(input([nordic('2026-09-15', 360, 380)]), riskSettingDefaults, NOW));
    expect(alone.change!.left).toMatchObject({ baselineN: null, baselineSource: null, deltaPct: null, z: null, swcN: null });
  });

  it('the team mean until 3 own tests, then the athlete’s own', () => {
    const two = weekly('2026-08-04', [[420, 420], [430, 430], [300, 300]]);
    expect(nordicSummary(summariseAthlete(input(two, { team: team('Nordic', 400, 50) }), riskSettingDefaults, NOW)).change!.left.baselineSource).toBe('team');
    const three = weekly('2026-08-04', [[420, 420], [430, 430], [410, 410], [300, 300]]);
    const s = nordicSummary(summariseAthlete(input(three, { team: team('Nordic', 400, 50) }), riskSettingDefaults, NOW));
    expect(s.change!.left).toMatchObject({ baselineSource: 'athlete', baselineN: 420, baselineTests: 3 });
  });

  it('identical values (SD 0): z stays finite, floored by the typical error: 390 vs 400 ×3 is z −0.46, green', () => {
    const tests = weekly('2026-08-04', [[400, 400], [400, 400], [400, 400], [390, 390]]);
    const s = nordicSummary(summariseAthlete(input(tests, { team: team('Nordic', 400, 50) }), riskSettingDefaults, NOW));
    expect(s.change!.left).toMatchObject({ sdN: 0, z: -0.46, level: 'green' });
  });

  it('a type without a typical error in N is floored at CV 5.8 % of its baseline (ISO Prone: 23.2 N at 400 N)', () => {
    const tests = weekly('2026-08-04', [[400, 400], [400, 400], [400, 400], [377, 377]], { testType: 'ISO Prone' });
    const s = summariseAthlete(input(tests), riskSettingDefaults, NOW).summaries.find((x) => x.testType === 'ISO Prone')!;
    expect(s.change!.left.z).toBe(-0.99); // −23 / 23.2
    expect(s.thresholds.appliesToTestType).toBe(false);
  });

  it('keeps the last 6 within 120 days: older tests leave the baseline', () => {
    const old = nordic('2026-03-01', 800, 800);
    const s = nordicSummary(summariseAthlete(input([old, ...history(340)]), riskSettingDefaults, NOW));
    expect(s.change!.left.baselineN).toBe(400);
    const fewer = RiskSettingsSchema.parse({ baseline: { maxTests: 2, minOwnTests: 2 } });
    expect(nordicSummary(summariseAthlete(input(history(340)), fewer, NOW)).change!.left.baselineN).toBe(400); // 420, 380
    const shorter = RiskSettingsSchema.parse({ baseline: { maxDays: 10, minOwnTests: 1 } });
    expect(nordicSummary(summariseAthlete(input(history(340)), shorter, NOW)).change!.left).toMatchObject({ baselineN: 380, baselineTests: 1 });
  });

  it('starts over at the season start (MM-DD every year): June tests do not make a July baseline', () => {
    const tests = [...weekly('2026-06-02', [[500, 500], [500, 500], [500, 500]]), ...weekly('2026-07-07', [[400, 400], [400, 400], [390, 390]])];
    const now = at('2026-07-22T00:00:00Z');
    const s = nordicSummary(summariseAthlete(input(tests), RiskSettingsSchema.parse({ baseline: { seasonStart: '07-01' } }), now));
    expect(s.change!.left).toMatchObject({ baselineTests: 2, baselineSource: null });
    expect(s.change!.window.seasonStart).toBe('2026-07-01');
    const noReset = nordicSummary(summariseAthlete(input(tests), riskSettingDefaults, now));
    expect(noReset.change!.left).toMatchObject({ baselineTests: 5, baselineN: 460 });
  });

  it('a side missing: that leg has no change, the other is judged', () => {
    const tests = weekly('2026-08-04', [[400, null], [400, null], [400, null], [300, null]]);
    const s = nordicSummary(summariseAthlete(input(tests, { team: team('Nordic', 400, 50) }), riskSettingDefaults, NOW));
    expect(s.change!.right).toMatchObject({ latestN: null, deltaPct: null, level: 'green' });
    expect(s.change!.left.level).toBe('red');
    expect(s.asymmetryTrend).toBeNull();
  });

  it('a post-load test never enters the baseline and never counts as a decline', () => {
    const fresh = weekly('2026-08-04', [[400, 400], [410, 410], [390, 390], [400, 400], [420, 420], [400, 400]]);
    const tests = [...fresh, nordic('2026-09-14T10:00:00Z', 300, 300, { postLoad: { source: 'notes', text: 'MD+1' } })];
    const s = nordicSummary(summariseAthlete(input(tests, { team: team('Nordic', 400, 50) }), riskSettingDefaults, NOW));
    // the change is of the latest fresh test (400 N on 09-08) against the five before it, not of the 300 N
    expect(s.change!.left).toMatchObject({ latestN: 400, baselineN: 404, level: 'green' });
    expect(s.status.reasons.some((r) => r.code === 'decline-vs-baseline')).toBe(false);
    const next = [...tests, nordic('2026-09-15T10:00:00Z', 395, 395)];
    const after = nordicSummary(summariseAthlete(input(next, { team: team('Nordic', 400, 50) }), riskSettingDefaults, NOW));
    expect(after.change!.left.baselineN).toBe(403.3); // the six fresh ones (2420 / 6); 300 N left out
  });
});
