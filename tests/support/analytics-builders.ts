import type { AnalyticsTest, AnalyticsWorkout, AthleteInput, AthleteProfileInput } from '#core/analytics/input.ts';
import type { TeamContext } from '#core/model/risk.ts';
import { workoutId } from '#core/workouts/workout-id.ts';
import type { Exercise } from '#core/model/workout-record.ts';

/** Builders for the analytics' inputs: a test is a time and two peaks; a workout an exercise on a day. */
let counter = 0;

export function nordic(testedAt: string, left: number | null, right: number | null, extra: Partial<AnalyticsTest> = {}): AnalyticsTest {
  const at = testedAt.includes('T') ? new Date(testedAt).toISOString() : `${testedAt}T10:00:00.000Z`;
  return { testId: `t-${at}-${left}-${right}-${extra.testType ?? 'Nordic'}`, testedAt: at, testType: 'Nordic', left: { peakN: left }, right: { peakN: right }, ...extra };
}

/** Weekly tests from `start` (a date), one per value pair. */
export function weekly(start: string, values: [number | null, number | null][], extra: Partial<AnalyticsTest> = {}): AnalyticsTest[] {
  const t0 = Date.parse(`${start}T10:00:00.000Z`);
  return values.map(([l, r], i) => nordic(new Date(t0 + i * 7 * 86_400_000).toISOString(), l, r, extra));
}

export function workout(date: string, exercise: Exercise, extra: Partial<AnalyticsWorkout> = {}): AnalyticsWorkout {
  const time = extra.time ?? null;
  const performedAt = time === null ? `${date}T00:00:00.000Z` : `${date}T${time}:00.000Z`;
  const base = { date, time, performedAt, exercise, side: null, reps: null, totalReps: null, loadKg: null, ...extra };
  const id = workoutId({ athleteId: 'a1', exerciseText: exercise, distanceKm: null, durationMin: null, ...base }) + String(counter++ * 0);
  return { workoutId: id, ...base, totalReps: base.totalReps ?? (base.reps ? base.reps.reduce((a, b) => a + b, 0) : null) };
}

export function profile(extra: Partial<AthleteProfileInput> = {}): AthleteProfileInput {
  return { athleteId: 'a1', name: 'Jane Doe', bodyMassKg: 80, sport: 'Soccer', squad: null, position: null, injuries: [], ...extra };
}

export function team(testType: string, meanN: number, sdN: number, athletes = 20): TeamContext {
  const leg = { meanN, sdN, athletes };
  return { asOf: null, byType: { [testType]: { left: leg, right: leg } } };
}

export function input(tests: AnalyticsTest[], extra: Partial<AthleteInput> = {}): AthleteInput {
  return { athlete: profile(), tests, workouts: [], team: null, ...extra };
}
