import { hash64, toHex64 } from '../identity/hash64.ts';
import { idKey } from '../identity/id-grammar.ts';
import type { WorkoutRecord } from '../model/workout-record.ts';

/**
 * workout-id@1: `w` + the 64-bit hash of what makes a logged exercise itself — athlete (case-insensitive,
 * like every key), date and time, exercise (the text for `other`), side, reps per set and load — so the same
 * log uploaded twice (or an overlapping export of it) maps to the same ids, while two different sets of
 * the same exercise on one day stay two. For the load sessions (`run`, `match`) distance and duration are
 * their load and take part too. Notes and RPE do not: correcting them in a re-upload updates the row
 * instead of adding one. Two untimed sessions identical in all of these are one: give them a time.
 */
export function workoutId(w: Pick<WorkoutRecord, 'athleteId' | 'performedAt' | 'exercise' | 'exerciseText' | 'side' | 'reps' | 'loadKg' | 'distanceKm' | 'durationMin'>): string {
  const exercise = w.exercise === 'other' ? `other:${w.exerciseText.trim().toLowerCase()}` : w.exercise;
  const parts = [idKey(w.athleteId), w.performedAt, exercise, w.side ?? '', (w.reps ?? []).join('-'), w.loadKg ?? ''];
  if (w.exercise === 'run' || w.exercise === 'match') parts.push(w.distanceKm ?? '', w.durationMin ?? '');
  const [hi, lo] = hash64(parts.join('\u0001'));
  return `w${toHex64(hi, lo)}`;
}
