import { describe, expect, it } from 'vitest';
import { summariseAthlete } from '#core/analytics/summarise-athlete.ts';
import { RiskSettingsSchema, riskSettingDefaults } from '#core/analytics/settings.ts';
import { input, nordic, weekly, workout } from '../../support/analytics-builders.ts';

/** Five fresh weekly tests at 400 N (Tuesdays 10:00, 2026-08-04 … 09-01). */
const fresh = weekly('2026-08-04', [[400, 400], [400, 400], [400, 400], [400, 400], [400, 400]]);
const nordicOf = (r: ReturnType<typeof summariseAthlete>) => r.summaries.find((s) => s.testType === 'Nordic')!;

describe('post-load.drop-off@1 (Bueno 2021)', () => {
  it('a test the morning after a timed match is MD+1: −11 % vs the fresh baseline, not recovered', () => {
    const tests = [...fresh, nordic('2026-09-06T09:00:00Z', 356, 380)];
    const workouts = [workout('2026-09-05', 'match', { time: '15:00' })];
    const s = nordicOf(summariseAthlete(input(tests, { workouts }), riskSettingDefaults, new Date('2026-09-06T12:00:00Z')));
    expect(s.postLoad!.latest).toMatchObject({
      label: 'MD+1',
      load: { date: '2026-09-05', exercise: 'match', source: 'workout' },
      deficitPct: { left: -11, right: -5 },
      cvPct: 5,
      recovered: false,
      markedBy: 'workout',
      baselineSource: 'athlete',
    });
    const reason = s.status.reasons.find((r) => r.code === 'post-load-not-recovered')!;
    expect(reason.message).toBe('MD+1: left −11 % vs fresh baseline, not recovered (Bueno 2021)');
    expect(reason.level).toBe('amber');
    // never a decline, never in the baseline
    expect(s.change!.left).toMatchObject({ latestN: 400, level: 'green' });
    expect(s.status.reasons.map((r) => r.code)).not.toContain('decline-vs-baseline');
  });

  it('recovered when every leg is within the CV (−3.5 % at MD+3): shown, not flagged', () => {
    const tests = [...fresh, nordic('2026-09-08T14:00:00Z', 386, 390)];
    const workouts = [workout('2026-09-05', 'match', { time: '15:00' })];
    const s = nordicOf(summariseAthlete(input(tests, { workouts }), riskSettingDefaults, new Date('2026-09-09T00:00:00Z')));
    expect(s.postLoad!.latest).toMatchObject({ label: 'MD+3', deficitPct: { left: -3.5, right: -2.5 }, recovered: true });
    expect(s.status.level).toBe('green');
  });

  it('outside 72 h the test is fresh; an untimed session counts only from the next day', () => {
    const late = nordicOf(summariseAthlete(input([...fresh, nordic('2026-09-08T16:00:00Z', 380, 380)], { workouts: [workout('2026-09-05', 'match', { time: '15:00' })] }), riskSettingDefaults, new Date('2026-09-09T00:00:00Z')));
    expect(late.postLoad).toBeNull(); // 73 h after the match
    const sameDay = nordicOf(summariseAthlete(input([...fresh, nordic('2026-09-05T08:00:00Z', 380, 380)], { workouts: [workout('2026-09-05', 'run')] }), riskSettingDefaults, new Date('2026-09-06T00:00:00Z')));
    expect(sameDay.postLoad).toBeNull();
    const nextDay = nordicOf(summariseAthlete(input([...fresh, nordic('2026-09-06T08:00:00Z', 380, 380)], { workouts: [workout('2026-09-05', 'run')] }), riskSettingDefaults, new Date('2026-09-07T00:00:00Z')));
    expect(nextDay.postLoad!.latest).toMatchObject({ label: 'MD+1', load: { exercise: 'run' } });
  });

  it('marked by the export notes: the label from the note, no session needed', () => {
    const tests = [...fresh, nordic('2026-09-07T09:00:00Z', 352, 360, { postLoad: { source: 'notes', text: 'MD+2 post-match' } })];
    const s = nordicOf(summariseAthlete(input(tests), riskSettingDefaults, new Date('2026-09-08T00:00:00Z')));
    expect(s.postLoad!.latest).toMatchObject({ label: 'MD+2', markedBy: 'notes', note: 'MD+2 post-match', load: { date: '2026-09-05', source: 'notes' }, deficitPct: { left: -12, right: -10 } });
  });

  it('a fresh test after the post-load one ends the flag', () => {
    const tests = [...fresh, nordic('2026-09-06T09:00:00Z', 356, 380), nordic('2026-09-10T09:00:00Z', 400, 400)];
    const s = nordicOf(summariseAthlete(input(tests, { workouts: [workout('2026-09-05', 'match', { time: '15:00' })] }), riskSettingDefaults, new Date('2026-09-11T00:00:00Z')));
    expect(s.postLoad!.latest!.recovered).toBe(false);
    expect(s.status.reasons.map((r) => r.code)).not.toContain('post-load-not-recovered');
  });
});

describe('exposure.nordic@1 (Ripley 2021)', () => {
  const now = new Date('2026-09-30T12:00:00Z');
  it('weekly Nordics for 4 weeks: 4 sessions / 28 days, 100 % of 1 × week, reps summed', () => {
    const workouts = ['2026-09-07', '2026-09-14', '2026-09-21', '2026-09-28'].map((d) => workout(d, 'nordic', { sets: 2, reps: [5, 5] } as never));
    const e = nordicOf(summariseAthlete(input([], { workouts }), riskSettingDefaults, now)).exposure!;
    expect(e).toMatchObject({ last7: { sessions: 1, reps: 10 }, last28: { sessions: 4, reps: 40 }, lastNordic: '2026-09-28', weeksSinceLast: 0.3, compliancePct: 100 });
    expect(e.prescription).toMatchObject({ preset: 'article-in-season', sessionsPerWeek: 1 });
    expect(e.weekly.at(-1)).toEqual({ week: '2026-W40', sessions: 1, reps: 10 });
  });

  it('two sets the same day are one session', () => {
    const workouts = [workout('2026-09-28', 'nordic', { reps: [5] }), workout('2026-09-28', 'nordic', { reps: [6] })];
    expect(nordicOf(summariseAthlete(input([], { workouts }), riskSettingDefaults, now)).exposure!.last7).toEqual({ sessions: 1, reps: 11 });
  });

  it('4 weeks since the last Nordic: nordic-gap; 1 of 4 prescribed: compliance 25 %', () => {
    const workouts = [workout('2026-08-20', 'nordic', { reps: [5] }), workout('2026-09-03', 'nordic', { reps: [5] }), workout('2026-09-29', 'run')];
    const s = nordicOf(summariseAthlete(input([], { workouts }), riskSettingDefaults, now));
    expect(s.exposure).toMatchObject({ weeksSinceLast: 3.9, compliancePct: 25 });
    expect(s.status.reasons.map((r) => r.message)).toEqual(['Nordic compliance 25 % of 1 session/week (< 50 %, Ripley 2021)', 'no Nordic session for 27 days (> 3 weeks, Ripley 2021)']);
  });

  it('never a Nordic in 5 weeks of logs: flagged; no workouts logged at all: no exposure, no flag', () => {
    const s = nordicOf(summariseAthlete(input([], { workouts: [workout('2026-08-26', 'run'), workout('2026-09-29', 'match')] }), riskSettingDefaults, now));
    expect(s.exposure).toMatchObject({ lastNordic: null, weeksSinceLast: null, compliancePct: 0 });
    expect(s.status.reasons.map((r) => r.code)).toEqual(['nordic-compliance-low', 'nordic-gap']);
    expect(s.status.reasons[1]!.message).toBe('no Nordic session logged in 35 days of workout logs (> 3 weeks, Ripley 2021)');
    const none = summariseAthlete(input([nordic('2026-09-29', 400, 400)]), riskSettingDefaults, now).summaries[0]!;
    expect(none.exposure).toBeNull();
    expect(none.status.level).toBe('green');
  });

  it('compliance against the Petersen 2011 preseason preset (2.7 sessions a week)', () => {
    const workouts = [workout('2026-08-01', 'run'), ...['2026-09-03', '2026-09-10', '2026-09-20', '2026-09-29'].map((d) => workout(d, 'nordic', { reps: [10] }))];
    const settings = RiskSettingsSchema.parse({ exposure: { prescription: 'petersen-2011-preseason' } });
    const e = nordicOf(summariseAthlete(input([], { workouts }), settings, now)).exposure!;
    expect(e.compliancePct).toBe(37); // 4 / (2.7 × 4 weeks) = 37.0 %
    // logging began 11 days ago: compliance over those days, 4 / (2.7 × 11 / 7) = 94.3 %
    const recent = workouts.slice(3).concat(workout('2026-09-22', 'nordic'), workout('2026-09-24', 'nordic'));
    expect(nordicOf(summariseAthlete(input([], { workouts: recent }), settings, now)).exposure!.compliancePct).toBe(94.3);
    expect(e.prescription.source).toBe('Petersen 2011: 27 sessions in 10 weeks');
  });
});
