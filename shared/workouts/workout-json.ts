import { canonicalFieldOf } from '../formats/header-aliases.ts';

export interface WorkoutJson {
  /** Where the rows are: `workouts`, `items`, `data` or `$` (a bare array). */
  path: string;
  rows: unknown[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether a JSON row is a workout: it names an exercise (through the header aliases) and carries no forces. */
function looksLikeWorkout(row: unknown): boolean {
  if (!isObject(row)) return false;
  const fields = new Set(Object.keys(row).map(canonicalFieldOf));
  return fields.has('exercise') && !fields.has('leftMax') && !fields.has('rightMax');
}

/**
 * A JSON workout log: `{ "workouts": [...] }`, or `{ "items" | "data": [...] }` or a bare array whose first
 * object names an exercise and no forces. Null for anything else (VALD test rows are looked for next).
 */
export function pickWorkoutRows(value: unknown): WorkoutJson | null {
  if (isObject(value) && Array.isArray(value.workouts)) return { path: 'workouts', rows: value.workouts };
  let path: string | undefined;
  let rows: unknown[] | undefined;
  if (Array.isArray(value)) [path, rows] = ['$', value];
  else if (isObject(value)) {
    const key = ['items', 'data'].find((k) => Array.isArray(value[k]));
    if (key) [path, rows] = [key, value[key] as unknown[]];
  }
  if (rows === undefined || path === undefined) return null;
  const first = rows.find(isObject);
  return first !== undefined && looksLikeWorkout(first) ? { path, rows } : null;
}
