import { z } from 'zod';

/**
 * Canonical exercise names of a workout log. `run` and `match` are load sessions (they open the post-load
 * window of the tests after them); `other` keeps any name not recognised, as written, in `exerciseText`.
 */
export const exerciseNames = [
  'nordic',
  'razor',
  'single_leg_bridge',
  'bridge_test',
  'prone_curl',
  'single_leg_rdl',
  'back_extension',
  'deadlift',
  'run',
  'match',
  'other',
] as const;
export type Exercise = (typeof exerciseNames)[number];

export const workoutIdFormula = 'workout-id@1';

/** One row of a workout log: one exercise (or load session) of one athlete on one day. */
export const WorkoutRecordSchema = z.object({
  workoutId: z
    .string()
    .describe('workout-id@1: `w` + 64-bit hash of athlete, date/time, exercise, side, sets/reps and load, so a re-uploaded log stores nothing twice'),
  athleteId: z.string(),
  athleteName: z.string().nullable(),
  externalId: z.string().nullable(),
  date: z.iso.date().describe('The day it was done (UTC)'),
  time: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .nullable()
    .describe('Time of day (UTC, HH:MM) when the log gives one'),
  performedAt: z.iso.datetime().describe('date + time, ISO 8601 UTC; 00:00 when the log gives no time'),
  exercise: z.enum(exerciseNames),
  exerciseText: z.string().describe('The exercise as written in the log'),
  sets: z.number().int().positive().nullable(),
  reps: z.array(z.number().int().nonnegative()).nullable().describe('Reps per set: `12-10-8` → [12, 10, 8]; `8` with 3 sets → [8, 8, 8]'),
  totalReps: z.number().int().nonnegative().nullable(),
  loadKg: z.number().nonnegative().nullable(),
  side: z.enum(['left', 'right', 'both']).nullable(),
  rpe: z.number().min(0).max(10).nullable(),
  durationMin: z.number().nonnegative().nullable(),
  distanceKm: z.number().nonnegative().nullable(),
  notes: z.string().nullable(),
  source: z.object({ file: z.string(), line: z.number().int().positive() }),
});
export type WorkoutRecord = z.infer<typeof WorkoutRecordSchema>;
