import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summariseAthlete } from '#core/analytics/summarise-athlete.ts';
import { aggregateTeam } from '#core/analytics/aggregate-team.ts';
import { riskSettingDefaults } from '#core/analytics/settings.ts';
import type { AnalyticsTest, AnalyticsWorkout } from '#core/analytics/input.ts';
import { input, nordic, profile, team, workout } from '../../support/analytics-builders.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 6, 1);
const NOW = new Date(T0 + 120 * DAY);

const force = fc.option(fc.integer({ min: 150, max: 600 }), { nil: null, freq: 8 });
const testArb = fc
  .record({ day: fc.integer({ min: 0, max: 119 }), hour: fc.integer({ min: 6, max: 20 }), left: force, right: force, type: fc.constantFrom('Nordic', 'Nordic', 'ISO Prone'), marked: fc.boolean() })
  .map(({ day, hour, left, right, type, marked }): AnalyticsTest =>
    nordic(new Date(T0 + day * DAY + hour * 3_600_000).toISOString(), left, right, { testType: type, ...(marked && day % 5 === 0 ? { postLoad: { source: 'notes' as const, text: 'MD+1' } } : {}) }),
  );
const workoutArb = fc
  .record({ day: fc.integer({ min: 0, max: 119 }), exercise: fc.constantFrom('nordic', 'match', 'run', 'bridge_test', 'prone_curl', 'other'), reps: fc.integer({ min: 3, max: 40 }), side: fc.constantFrom('left', 'right', 'both'), timed: fc.boolean() })
  .map(({ day, exercise, reps, side, timed }): AnalyticsWorkout => {
    const date = new Date(T0 + day * DAY).toISOString().slice(0, 10);
    return workout(date, exercise as never, { reps: [reps], side: (exercise === 'bridge_test' ? (side === 'both' ? 'left' : side) : side) as never, loadKg: exercise === 'prone_curl' ? reps : null, ...(timed ? { time: '15:00' } : {}) });
  });

/** The input in another order, with some records replayed (an S3 event delivered twice, an overlapping export). */
const reorder = <T>(items: T[], seed: number, replays: number[]): T[] => {
  const out = [...items, ...replays.filter((i) => i < items.length).map((i) => items[i]!)];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

describe('statuses do not depend on upload order or on replays', () => {
  it('summariseAthlete: the same summaries and trends for any order and any replayed records', () => {
    fc.assert(
      fc.property(fc.array(testArb, { maxLength: 40 }), fc.array(workoutArb, { maxLength: 40 }), fc.integer(), fc.array(fc.nat(40), { maxLength: 10 }), (tests, workouts, seed, replays) => {
        const athlete = profile({ injuries: [{ date: '2026-08-15', side: 'left' }] });
        const ctx = team('Nordic', 380, 60);
        const a = summariseAthlete(input(tests, { athlete, workouts, team: ctx }), riskSettingDefaults, NOW);
        const b = summariseAthlete(input(reorder(tests, seed, replays), { athlete, workouts: reorder(workouts, seed ^ 7, replays), team: ctx }), riskSettingDefaults, NOW);
        expect(b).toEqual(a);
      }),
      { numRuns: 150 },
    );
  });

  it('aggregateTeam: the same risk and context for any order of athletes', () => {
    fc.assert(
      fc.property(fc.array(fc.array(testArb, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 8 }), fc.integer(), (squads, seed) => {
        const members = squads.map((tests, i) => ({ athleteId: `a${i}`, name: `Athlete ${i}`, summaries: summariseAthlete(input(tests), riskSettingDefaults, NOW).summaries }));
        expect(aggregateTeam(reorder(members, seed, []), riskSettingDefaults, NOW)).toEqual(aggregateTeam(members, riskSettingDefaults, NOW));
      }),
      { numRuns: 100 },
    );
  });
});
