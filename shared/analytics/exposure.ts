/**
 * exposure.nordic@1: Nordic sessions (days with a logged `nordic`) and reps in the last 7 and 28 days,
 * weeks since the last one, and compliance = sessions / prescribed sessions × 100 (capped at 100) over the
 * last 28 days, or since the athlete's first logged workout when that is more recent (at least 7 days).
 * Flags: more than `maxWeeksWithout` weeks without a Nordic, or compliance below `minCompliancePct`
 * (Ripley 2021: > 50 % compliance and < 3 weeks between sessions are protective). Athletes with no
 * workout logged at all get no exposure (the team may not log workouts), not a flag.
 */
import type { Exposure, Prescription, Reason } from '../model/risk.ts';
import type { AnalyticsWorkout } from './input.ts';
import { prescriptionPresets, type RiskSettings } from './settings.ts';
import { SOURCES, TEAM_SETTING } from './sources.ts';
import { DAY_MS, dayOf, isoWeek, round1 } from './stats.ts';

export const EXPOSURE_FORMULA = 'exposure.nordic@1';
const CHART_WEEKS = 52;

export function prescriptionOf(settings: RiskSettings): Prescription {
  const p = settings.exposure.prescription;
  if (typeof p === 'string') return { preset: p, ...prescriptionPresets[p] };
  return { preset: 'custom', ...p };
}

const dayMs = (w: AnalyticsWorkout) => Date.parse(`${w.date}T00:00:00.000Z`);

export function exposureOf(workouts: readonly AnalyticsWorkout[], settings: RiskSettings, nowMs: number): Exposure | null {
  if (workouts.length === 0) return null;
  const today = dayOf(nowMs);
  const nordics = workouts.filter((w) => w.exercise === 'nordic');
  const window = (days: number) => {
    const inWindow = nordics.filter((w) => today - dayOf(dayMs(w)) < days);
    return { sessions: new Set(inWindow.map((w) => w.date)).size, reps: inWindow.reduce((sum, w) => sum + (w.totalReps ?? 0), 0) };
  };
  const last = nordics.at(-1) ?? null;
  const prescription = prescriptionOf(settings);
  const firstDay = dayOf(dayMs(workouts[0]!));
  const days = Math.min(28, today - firstDay + 1);
  const last28 = window(28);
  const sessionsInDays = days === 28 ? last28.sessions : window(days).sessions;
  const compliancePct = days < 7 ? null : round1(Math.min(100, (sessionsInDays / ((prescription.sessionsPerWeek * days) / 7)) * 100));

  const weeks = new Map<string, { sessions: Set<string>; reps: number }>();
  for (let d = Math.max(firstDay, today - CHART_WEEKS * 7 + 1); d <= today; d += 1) {
    const week = isoWeek(d * DAY_MS);
    if (!weeks.has(week)) weeks.set(week, { sessions: new Set(), reps: 0 });
  }
  for (const w of nordics) {
    const bucket = weeks.get(isoWeek(dayMs(w)));
    if (bucket === undefined) continue;
    bucket.sessions.add(w.date);
    bucket.reps += w.totalReps ?? 0;
  }
  return {
    formula: EXPOSURE_FORMULA,
    last7: window(7),
    last28,
    lastNordic: last?.date ?? null,
    weeksSinceLast: last === null ? null : round1((today - dayOf(dayMs(last))) / 7),
    prescription,
    compliancePct,
    weekly: [...weeks].map(([week, v]) => ({ week, sessions: v.sessions.size, reps: v.reps })),
  };
}

export function exposureReasons(exposure: Exposure | null, workouts: readonly AnalyticsWorkout[], settings: RiskSettings, nowMs: number): Reason[] {
  if (exposure === null) return [];
  const { maxWeeksWithout, minCompliancePct } = settings.exposure;
  const source = maxWeeksWithout === 3 && minCompliancePct === 50 ? settings.exposure.source : settings.exposure.source === SOURCES.ripley2021 ? TEAM_SETTING : settings.exposure.source;
  const out: Reason[] = [];
  const sinceFirst = (dayOf(nowMs) - dayOf(Date.parse(`${workouts[0]!.date}T00:00:00.000Z`))) / 7;
  const gapWeeks = exposure.weeksSinceLast ?? sinceFirst;
  if (gapWeeks > maxWeeksWithout) {
    const days = Math.round(gapWeeks * 7);
    const limit = `> ${maxWeeksWithout} week${maxWeeksWithout === 1 ? '' : 's'}`;
    out.push({
      code: 'nordic-gap',
      level: 'amber',
      message: exposure.lastNordic === null ? `no Nordic session logged in ${days} days of workout logs (${limit}, ${source})` : `no Nordic session for ${days} days (${limit}, ${source})`,
      value: round1(gapWeeks),
      threshold: maxWeeksWithout,
      source,
      formula: EXPOSURE_FORMULA,
    });
  }
  if (exposure.compliancePct !== null && exposure.compliancePct < minCompliancePct) {
    const p = exposure.prescription;
    out.push({
      code: 'nordic-compliance-low',
      level: 'amber',
      message: `Nordic compliance ${Math.round(exposure.compliancePct)} % of ${p.sessionsPerWeek} session${p.sessionsPerWeek === 1 ? '' : 's'}/week (< ${minCompliancePct} %, ${source})`,
      value: exposure.compliancePct,
      threshold: minCompliancePct,
      source,
      formula: EXPOSURE_FORMULA,
    });
  }
  return out;
}

