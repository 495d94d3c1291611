import { describe, expect, it } from 'vitest';
import { summariseAthlete } from '#core/analytics/summarise-athlete.ts';
import { RiskSettingsSchema, riskSettingDefaults } from '#core/analytics/settings.ts';
import { input, nordic, profile, weekly, workout } from '../../support/analytics-builders.ts';

const NOW = new Date('2026-10-01T00:00:00Z');
const first = (r: ReturnType<typeof summariseAthlete>) => r.summaries[0]!;

describe('bridge.reps-band@1', () => {
  const bridge = (left: number, right: number, date = '2026-09-20') => [workout(date, 'bridge_test', { side: 'left', reps: [left] }), workout(date, 'bridge_test', { side: 'right', reps: [right] })];
  it.each([
    [14, 'poor', 'poor'],
    [15, 'satisfactory', 'poor'],
    [20, 'satisfactory', 'average'],
    [30, 'satisfactory', 'average'],
    [31, 'excellent', 'good'],
  ])('%i reps: article %s, Freckleton 2014 %s', (reps, article, freckleton) => {
    expect(first(summariseAthlete(input([], { workouts: bridge(reps, 40) }), riskSettingDefaults, NOW)).bridge!.left.band).toBe(article);
    const f = RiskSettingsSchema.parse({ bridge: { preset: 'freckleton-2014' } });
    expect(first(summariseAthlete(input([], { workouts: bridge(reps, 40) }), f, NOW)).bridge!.left.band).toBe(freckleton);
  });

  it('the latest day counts; a poor leg is flagged with its band and source', () => {
    const s = first(summariseAthlete(input([], { workouts: [...bridge(25, 25, '2026-08-01'), ...bridge(12, 22)] }), riskSettingDefaults, NOW));
    expect(s.bridge).toMatchObject({ testedAt: '2026-09-20', preset: 'article', left: { reps: 12, band: 'poor' }, right: { reps: 22, band: 'satisfactory' }, source: 'Beer (article)' });
    expect(s.status.reasons.filter((r) => r.code === 'bridge-poor').map((r) => r.message)).toEqual(['Bridge test left 12 reps: poor (< 15, Beer (article))']);
  });
});

describe('prone-curl.ratio@1', () => {
  const curl = (loadKg: number, reps: number[], side: 'left' | 'right' | 'both' = 'both', date = '2026-09-20') => workout(date, 'prone_curl', { loadKg, reps, side });
  it('3 × 8 at 24 kg for 80 kg body mass is 0.30: meets the 0.3 target; 20 kg (0.25) is light', () => {
    const s = first(summariseAthlete(input([], { workouts: [curl(24, [8, 8, 8], 'left'), curl(20, [8, 8, 8], 'right')] }), riskSettingDefaults, NOW));
    expect(s.proneCurl).toMatchObject({ bodyMassKg: 80, targetRatio: 0.3, left: { loadKg: 24, ratio: 0.3, meetsTarget: true }, right: { loadKg: 20, ratio: 0.25, meetsTarget: false } });
    expect(s.status.reasons.filter((r) => r.code === 'prone-curl-light').map((r) => r.message)).toEqual(['Prone curl right 20 kg = 0.25 × body mass < 0.3 (Beer (article))']);
  });

  it('sets under 8 reps do not count (3 × 6 at a heavier load); an 8RM does', () => {
    const s = first(summariseAthlete(input([], { workouts: [curl(18, [8]), curl(30, [6, 6, 6], 'both', '2026-09-25')] }), riskSettingDefaults, NOW));
    expect(s.proneCurl).toMatchObject({ testedAt: '2026-09-20', left: { loadKg: 18 } });
  });

  it('no body mass: the load is shown, the ratio is null and nothing is flagged', () => {
    const s = first(summariseAthlete(input([], { athlete: profile({ bodyMassKg: null }), workouts: [curl(10, [8, 8, 8])] }), riskSettingDefaults, NOW));
    expect(s.proneCurl).toMatchObject({ bodyMassKg: null, left: { loadKg: 10, ratio: null, meetsTarget: null } });
    expect(s.status.reasons.map((r) => r.code)).not.toContain('prone-curl-light');
  });
});

describe('prior injury and return to play (rtp.pct-of-baseline@1)', () => {
  const pre = weekly('2026-07-07', [[400, 400], [410, 410], [390, 390], [400, 400]]); // last on 07-28, baseline 400
  const injury = { date: '2026-08-01', side: 'left' as const };

  it('the injured leg at 320 N is 80 % of its pre-injury 400 N, limb symmetry 80 %: red, not cleared', () => {
    const tests = [...pre, nordic('2026-09-01', 300, 400), nordic('2026-09-29', 320, 400)];
    const s = first(summariseAthlete(input(tests, { athlete: profile({ injuries: [injury] }) }), riskSettingDefaults, NOW));
    expect(s.rtp).toMatchObject({ injury, preInjuryBaselineN: 400, latestPctOfBaseline: 80, targetPct: 90, cleared: false, reference: 'pre-injury-baseline' });
    expect(s.rtp!.points.map((p) => [p.injuredN, p.uninjuredN, p.pctOfBaseline, p.limbSymmetryPct])).toEqual([[300, 400, 75, 75], [320, 400, 80, 80]]);
    const reason = s.status.reasons.find((r) => r.code === 'rtp-deficit')!;
    expect(reason).toMatchObject({ level: 'red', side: 'left', value: 80, threshold: 90 });
    expect(reason.message).toBe('Returning from left injury (2026-08-01): 80 % of pre-injury 400 N < 90 % (Eccentric default; deficits persist (Maniar 2016))');
    expect(s.status.reasons.map((r) => r.code)).not.toContain('prior-injury');
  });

  it('cleared at 90 %: the return to play stays shown, the prior injury is flagged (Bourne 2015)', () => {
    const tests = [...pre, nordic('2026-09-29', 364, 380)];
    const s = first(summariseAthlete(input(tests, { athlete: profile({ injuries: [injury] }) }), riskSettingDefaults, NOW));
    expect(s.rtp).toMatchObject({ latestPctOfBaseline: 91, cleared: true });
    // the decline vs the pre-injury baseline is still shown beside it (−9 %, red): cleared is not recovered to baseline
    expect(s.status.reasons.filter((r) => r.code.startsWith('rtp') || r.code === 'prior-injury').map((r) => [r.code, r.level, r.message])).toEqual([['prior-injury', 'amber', 'Prior hamstring injury 2026-08-01 (left): a previous injury raises the risk (Bourne 2015)']]);
  });

  it('no test before the injury: limb symmetry is the reference; no test since: amber', () => {
    const s = first(summariseAthlete(input([nordic('2026-09-29', 340, 400)], { athlete: profile({ injuries: [injury] }) }), riskSettingDefaults, NOW));
    expect(s.rtp).toMatchObject({ reference: 'uninjured-limb', preInjuryBaselineN: null, latestPctOfBaseline: 85, cleared: false });
    const none = first(summariseAthlete(input(pre, { athlete: profile({ injuries: [injury] }) }), riskSettingDefaults, NOW));
    expect(none.status.reasons.map((r) => [r.code, r.level])).toContainEqual(['rtp-no-test', 'amber']);
  });

  it('an injury older than the RTP window is only a prior injury; older than 12 months, nothing', () => {
    const old = first(summariseAthlete(input(pre, { athlete: profile({ injuries: [{ date: '2026-02-01', side: 'right' }] }) }), riskSettingDefaults, NOW));
    expect(old.rtp).toBeNull();
    expect(old.status.reasons.map((r) => r.code)).toEqual(['prior-injury']);
    const older = first(summariseAthlete(input(pre, { athlete: profile({ injuries: [{ date: '2025-08-01', side: 'right' }] }) }), riskSettingDefaults, NOW));
    expect(older.status.level).toBe('green');
  });

  it('side unknown: followed on the leg further from its baseline', () => {
    const s = first(summariseAthlete(input([...pre, nordic('2026-09-29', 390, 330)], { athlete: profile({ injuries: [{ date: '2026-08-01', side: null }] }) }), riskSettingDefaults, NOW));
    expect(s.rtp!.injury.side).toBe('right');
    const trend = summariseAthlete(input(pre, { athlete: profile({ injuries: [{ date: '2026-08-01', side: 'both' }] }) }), riskSettingDefaults, NOW).trends[0]!;
    expect(trend.injuries).toEqual([{ date: '2026-08-01', side: 'left' }, { date: '2026-08-01', side: 'right' }]);
  });
});
