import type { TestRecord } from '../model/test-record.ts';
import type { WorkoutRecord } from '../model/workout-record.ts';
import type { TeamContext } from '../model/risk.ts';

/** What the analytics read of a test: stored items without their trace detail are enough. */
export type AnalyticsTest = Pick<TestRecord, 'testId' | 'testedAt' | 'testType' | 'postLoad' | 'fatigue'> & {
  left: { peakN: number | null };
  right: { peakN: number | null };
  /** Present when the test came from a raw trace. */
  trace?: unknown;
};

export type AnalyticsWorkout = Pick<
  WorkoutRecord,
  'workoutId' | 'date' | 'time' | 'performedAt' | 'exercise' | 'side' | 'reps' | 'totalReps' | 'loadKg'
>;

export interface AthleteProfileInput {
  athleteId: string;
  name: string | null;
  bodyMassKg: number | null;
  sport: string | null;
  squad: string | null;
  position: string | null;
  injuries: { date: string; side: 'left' | 'right' | 'both' | null }[];
}

export interface AthleteInput {
  athlete: AthleteProfileInput;
  /** Every test of the athlete, any type, any order, replays included. */
  tests: readonly AnalyticsTest[];
  workouts: readonly AnalyticsWorkout[];
  /** From the last team aggregate; null before there is one. */
  team: TeamContext | null;
}
