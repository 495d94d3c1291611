/**
 * `node_modules/.bin/node bench/recompute.ts`: time of summariseAthlete (the pure core the recompute
 * handler calls) for one athlete with 3 seasons of weekly Nordic tests (plus a monthly ISO Prone), a
 * season's worth of workout logs a year (Nordics, runs, matches, gym, bridge tests, prone curls) and an
 * injury, against a team context. Inputs are built (seeded) before timing; only summariseAthlete is timed.
 * Options: --athletes N (distinct athletes timed per run; default 200), --runs N (default 7), --seasons N (default 3).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { summariseAthlete } from '../shared/analytics/summarise-athlete.ts';
import { riskSettingDefaults } from '../shared/analytics/settings.ts';
import type { AnalyticsTest, AnalyticsWorkout, AthleteInput } from '../shared/analytics/input.ts';
import type { Exercise } from '../shared/model/workout-record.ts';
import type { TeamContext } from '../shared/model/risk.ts';
import { mulberry32 } from '../shared/math/random.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const athletes = arg('athletes', 200);
const runs = arg('runs', 7);
const seasons = arg('seasons', 3);

const DAY = 86_400_000;
const START = Date.UTC(2024, 6, 2); // a Tuesday
const WEEKS = seasons * 52;
const NOW = new Date(START + WEEKS * 7 * DAY);
const team: TeamContext = { asOf: null, byType: { Nordic: { left: { meanN: 400, sdN: 60, athletes: 60 }, right: { meanN: 410, sdN: 60, athletes: 60 } } } };

function athlete(seed: number): AthleteInput {
  const r = mulberry32(seed);
  const base = 330 + 150 * r();
  const tests: AnalyticsTest[] = [];
  const workouts: AnalyticsWorkout[] = [];
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const w = (ms: number, exercise: Exercise, extra: Partial<AnalyticsWorkout> = {}) =>
    workouts.push({ workoutId: `w${seed}-${workouts.length}`, date: day(ms), time: null, performedAt: `${day(ms)}T00:00:00.000Z`, exercise, side: null, reps: null, totalReps: null, loadKg: null, ...extra });
  for (let k = 0; k < WEEKS; k++) {
    const t = START + k * 7 * DAY;
    const f = base * (1 + 0.05 * Math.sin(k / 9)) * (1 + (r() - 0.5) * 0.06);
    tests.push({ testId: `t${seed}-${k}`, testedAt: new Date(t + 15 * 3_600_000).toISOString(), testType: 'Nordic', left: { peakN: f * (0.92 + 0.06 * r()) }, right: { peakN: f }, ...(k % 13 === 0 ? { postLoad: { source: 'notes' as const, text: 'MD+1' } } : {}) });
    if (k % 4 === 0) tests.push({ testId: `i${seed}-${k}`, testedAt: new Date(t + 16 * 3_600_000).toISOString(), testType: 'ISO Prone', left: { peakN: f * 0.6 }, right: { peakN: f * 0.62 } });
    w(t - DAY, 'nordic', { reps: [5, 5], totalReps: 10, side: 'both' });
    w(t + DAY, 'run');
    w(t + 3 * DAY, 'match', { time: '19:30', performedAt: `${day(t + 3 * DAY)}T19:30:00.000Z` });
    w(t + 2 * DAY, 'single_leg_rdl', { reps: [8, 8, 8], totalReps: 24, loadKg: 16 });
    if (k % 4 === 1) {
      w(t + 2 * DAY, 'bridge_test', { side: 'left', reps: [25], totalReps: 25 });
      w(t + 2 * DAY, 'bridge_test', { side: 'right', reps: [27], totalReps: 27 });
      w(t + 2 * DAY, 'prone_curl', { side: 'both', reps: [8, 8, 8], totalReps: 24, loadKg: 26 });
    }
  }
  return {
    athlete: { athleteId: `a${seed}`, name: `Athlete ${seed}`, bodyMassKg: 80, sport: 'Soccer', squad: null, position: null, injuries: [{ date: day(NOW.getTime() - 60 * DAY), side: 'left' }] },
    tests,
    workouts,
    team,
  };
}

const inputs = Array.from({ length: athletes }, (_, i) => athlete(1000 + i));
const cpus = os.cpus();
console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} logical cores, node ${process.version}, load ${os.loadavg()[0]!.toFixed(2)}`);
console.log(`per athlete: ${inputs[0]!.tests.length} tests (${WEEKS} weekly Nordic + monthly ISO Prone, ${seasons} seasons), ${inputs[0]!.workouts.length} workouts`);

for (const input of inputs.slice(0, 20)) summariseAthlete(input, riskSettingDefaults, NOW); // warm-up (JIT)
const perAthlete: number[] = [];
for (let run = 0; run < runs; run++) {
  const t0 = performance.now();
  for (const input of inputs) summariseAthlete(input, riskSettingDefaults, NOW);
  perAthlete.push((performance.now() - t0) / inputs.length);
}
perAthlete.sort((a, b) => a - b);
const result = { athletes, runs, seasons, testsPerAthlete: inputs[0]!.tests.length, workoutsPerAthlete: inputs[0]!.workouts.length, msPerAthlete: { best: perAthlete[0], median: perAthlete[runs >> 1], worst: perAthlete.at(-1) } };
console.log(`summariseAthlete: ${result.msPerAthlete.best!.toFixed(2)} ms best, ${result.msPerAthlete.median!.toFixed(2)} ms median, ${result.msPerAthlete.worst!.toFixed(2)} ms worst per athlete (mean over ${athletes} athletes, ${runs} runs)`);
console.log(JSON.stringify(result));
