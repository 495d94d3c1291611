import { parseTestTime, type ParsedTime } from '../dates/test-time.ts';
import type { CanonicalField } from '../formats/header-aliases.ts';
import type { RowAccess } from '../formats/row-access.ts';
import type { RowProblem } from '../formats/test-row.ts';
import type { Exercise, WorkoutRecord } from '../model/workout-record.ts';
import { exerciseOf } from './exercises.ts';
import { parseSetsReps } from './sets-reps.ts';

/** A workout row read and checked, waiting only for its athlete's id and the file's date order. */
export interface WorkoutRow {
  line: number;
  time: ParsedTime;
  dateText: string;
  /** Whether the log gave a time of day (a `time` cell, or a time inside the date). */
  timed: boolean;
  athleteIdText: string | null;
  athleteName: string | null;
  externalId: string | null;
  exercise: Exercise;
  exerciseText: string;
  sets: number | null;
  reps: number[] | null;
  loadKg: number | null;
  side: WorkoutRecord['side'];
  rpe: number | null;
  durationMin: number | null;
  distanceKm: number | null;
  notes: string | null;
}

const SIDES: Record<string, WorkoutRecord['side']> = {
  left: 'left',
  l: 'left',
  right: 'right',
  r: 'right',
  both: 'both',
  b: 'both',
  bilateral: 'both',
  'left+right': 'both',
  lr: 'both',
};

/** Bounds that catch unit slips (lb for kg, metres for km, seconds for minutes) without judging training. */
const NUMBER_RULES: [CanonicalField, number, number, string][] = [
  ['loadKg', 0, 500, 'kg'],
  ['rpe', 0, 10, ''],
  ['durationMin', 0, 1440, 'min'],
  ['distanceKm', 0, 300, 'km'],
];

function problem(row: RowAccess, field: CanonicalField | null, code: string, reason: string): RowProblem {
  return { line: row.line, column: field ? row.column(field) : null, code, reason };
}

/** One workout-log row (CSV or JSON), or why it is rejected. */
export function mapWorkoutRow(row: RowAccess): WorkoutRow | RowProblem {
  const athleteIdText = row.text('athleteId') || null;
  const athleteName = row.text('athleteName') || null;
  const externalId = row.text('externalId') || null;
  if (athleteIdText === null && athleteName === null && externalId === null) {
    const field = row.has('athleteId') ? 'athleteId' : row.has('externalId') ? 'externalId' : 'athleteName';
    return problem(row, field, 'no-athlete', 'no athlete: athleteId, externalId or name is empty');
  }
  const dateText = row.text('date');
  const timeText = row.text('time');
  const time = parseTestTime(dateText, timeText === '' ? null : timeText);
  if (time.kind === 'error') return problem(row, time.column, 'bad-date', time.reason);

  const exerciseText = row.text('exercise');
  if (exerciseText === '') return problem(row, 'exercise', 'no-exercise', 'no exercise');
  const exercise = exerciseOf(exerciseText);

  const setsReps = parseSetsReps(row.text('sets'), row.text('reps'));
  if ('error' in setsReps) return problem(row, setsReps.column, 'bad-reps', setsReps.error);

  const numbers: Partial<Record<CanonicalField, number | null>> = {};
  for (const [field, min, max, unit] of NUMBER_RULES) {
    const v = row.num(field);
    if (v !== null && !Number.isFinite(v)) return problem(row, field, 'not-a-number', `"${row.text(field)}" is not a number`);
    if (v !== null && (v < min || v > max)) return problem(row, field, 'out-of-range', `${v}${unit ? ` ${unit}` : ''} is outside ${min}–${max}${unit ? ` ${unit}` : ''}`);
    numbers[field] = v;
  }

  const sideText = row.text('side').toLowerCase().replace(/\s+/g, '');
  const side = sideText === '' ? null : SIDES[sideText];
  if (side === undefined) return problem(row, 'side', 'bad-side', `side "${row.text('side')}" is not left, right or both`);
  if (exercise === 'bridge_test') {
    if (side !== 'left' && side !== 'right') return problem(row, 'side', 'bad-side', 'a bridge test is scored per leg: side must be left or right');
    if (setsReps.reps === null) return problem(row, 'reps', 'no-reps', 'a bridge test needs the reps to fatigue');
  }

  return {
    line: row.line,
    time,
    dateText,
    timed: timeText !== '' || /\d[T ]\d{1,2}:\d{2}/.test(dateText),
    athleteIdText,
    athleteName,
    externalId,
    exercise,
    exerciseText,
    sets: setsReps.sets,
    reps: setsReps.reps,
    loadKg: numbers.loadKg ?? null,
    side,
    rpe: numbers.rpe ?? null,
    durationMin: numbers.durationMin ?? null,
    distanceKm: numbers.distanceKm ?? null,
    notes: row.text('notes') || null,
  };
}
