/**
 * Sets and reps as logs write them: `reps` a number (`8`, with `sets` 3: three sets of 8), per set
 * (`12-10-8`, `12/10/8`, `12,10,8`), or sets × reps in the reps cell (`3x8`, `3 × 8`).
 */
export type SetsReps = { sets: number | null; reps: number[] | null } | { error: string; column: 'sets' | 'reps' };

const MAX_SETS = 50;
const MAX_REPS = 1000;
const PER_SET = /^\d+(?:\s*[-/,;]\s*\d+)+$/;
const TIMES = /^(\d+)\s*[x×*]\s*(\d+)$/i;

export function parseSetsReps(setsText: string, repsText: string): SetsReps {
  let sets: number | null = null;
  if (setsText !== '') {
    const n = Number(setsText);
    if (!Number.isInteger(n) || n < 1 || n > MAX_SETS) return { error: `sets "${setsText}" is not a whole number from 1 to ${MAX_SETS}`, column: 'sets' };
    sets = n;
  }
  const text = repsText.trim();
  if (text === '') return { sets, reps: null };
  let reps: number[];
  const times = TIMES.exec(text);
  if (times) {
    const [n, r] = [Number(times[1]), Number(times[2])];
    if (sets !== null && sets !== n) return { error: `reps "${text}" says ${n} sets but sets is ${sets}`, column: 'reps' };
    if (n < 1 || n > MAX_SETS) return { error: `reps "${text}": ${n} sets is not from 1 to ${MAX_SETS}`, column: 'reps' };
    reps = new Array<number>(n).fill(r);
  } else if (PER_SET.test(text)) {
    reps = text.split(/\s*[-/,;]\s*/).map(Number);
    if (sets !== null && sets !== reps.length) return { error: `reps "${text}" lists ${reps.length} sets but sets is ${sets}`, column: 'reps' };
    if (reps.length > MAX_SETS) return { error: `reps "${text}" lists more than ${MAX_SETS} sets`, column: 'reps' };
  } else {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) return { error: `reps "${text}" is not a whole number, per-set reps (12-10-8) or sets × reps (3x8)`, column: 'reps' };
    reps = new Array<number>(sets ?? 1).fill(n);
  }
  if (reps.some((r) => r > MAX_REPS)) return { error: `reps "${text}": more than ${MAX_REPS} in a set`, column: 'reps' };
  return { sets: reps.length, reps };
}
