import { describe, expect, it } from 'vitest';
import { exerciseOf, normaliseExercise } from '#core/workouts/exercises.ts';
import { parseSetsReps } from '#core/workouts/sets-reps.ts';
import { analyzeStream } from '#core/analyze/analyzer.ts';
import { resolverFromAliases } from '#core/identity/athlete-id.ts';
import { WorkoutRecordSchema, type WorkoutRecord } from '#core/model/workout-record.ts';
import { Readable } from 'node:stream';

async function analyzeLog(text: string, options: Record<string, unknown> = {}, chunk = 11) {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const workouts: WorkoutRecord[] = [];
  const result = await analyzeStream(Readable.from(chunks), { file: 'log.csv', ...options }, { workout: (w) => workouts.push(w), test: () => expect.fail('a workout log has no tests') });
  return { ...result, workouts };
}

const HEADER = 'Date,Time,Athlete,Exercise,Sets,Reps,Load (kg),Side,RPE,Duration (min),Distance (km),Notes';

describe('exercise names', () => {
  it.each([
    ['Nordic curls', 'nordic'],
    ['Nordic Hamstring Exercise', 'nordic'],
    ['NHE', 'nordic'],
    ['razor curl', 'razor'],
    ['Single-leg bridge', 'single_leg_bridge'],
    ['SL Bridge Test', 'bridge_test'],
    ['Prone hamstring single leg curls', 'prone_curl'],
    ['SL RDLs', 'single_leg_rdl'],
    ['45° back extension', 'back_extension'],
    ['Romanian deadlift', 'deadlift'],
    ['Tempo run', 'run'],
    ['Match', 'match'],
    ['Game', 'match'],
    ['Yoga flow', 'other'],
    ['Nordic-ish thing', 'other'],
  ])('%s → %s', (text, exercise) => expect(exerciseOf(text)).toBe(exercise));

  it('normalises case, accents, punctuation and plurals', () => expect(normaliseExercise('  Nórdic  CURLS! ')).toBe('nordic curl'));
});

describe('sets and reps', () => {
  it.each([
    ['3', '12-10-8', { sets: 3, reps: [12, 10, 8] }],
    ['', '12/10/8', { sets: 3, reps: [12, 10, 8] }],
    ['3', '8', { sets: 3, reps: [8, 8, 8] }],
    ['', '5', { sets: 1, reps: [5] }],
    ['', '3x8', { sets: 3, reps: [8, 8, 8] }],
    ['2', '2 × 5', { sets: 2, reps: [5, 5] }],
    ['2', '', { sets: 2, reps: null }],
  ])('sets %j reps %j', (sets, reps, expected) => expect(parseSetsReps(sets, reps)).toEqual(expected));

  it.each([
    ['2', '12-10-8', 'reps', 'lists 3 sets but sets is 2'],
    ['0', '5', 'sets', 'not a whole number from 1 to 50'],
    ['', 'eight', 'reps', 'is not a whole number'],
    ['3', '2x5', 'reps', 'says 2 sets but sets is 3'],
    ['', '5.5', 'reps', 'is not a whole number'],
  ])('sets %j reps %j: rejected on %s', (sets, reps, column, reason) => {
    const r = parseSetsReps(sets, reps);
    expect(r).toMatchObject({ column });
    expect((r as { error: string }).error).toContain(reason);
  });
});

describe('workout logs (CSV and JSON)', () => {
  const log = [
    HEADER,
    '04/08/2026,07:30,Owen Fletcher,Nordic curls,3,12-10-8,,both,7,,,',
    '04/08/2026,,Owen Fletcher,Prone hamstring curl,3,8,24,left,,,,',
    '05/08/2026,19:30,Owen Fletcher,Match,,,,,,90,10.2,league',
    '06/08/2026,,Owen Fletcher,Yoga,,,,,,45,,',
    '13/08/2026,,Owen Fletcher,Bridge test,,27,,right,,,,',
  ].join('\n');

  it('is detected by content, every field mapped, the date order settled by a day above 12, records valid against the schema', async () => {
    const r = await analyzeLog(log);
    expect(r.kind).toBe('workout-log');
    expect(r.rejected).toEqual([]);
    expect(r.summary).toMatchObject({ kind: 'workout-log', rows: 5, tests: 0, workouts: 5, athletes: 1, duplicateRows: 0, dateOrder: { used: 'DD/MM/YYYY', decidedBy: 'values' } });
    expect(r.summary.dateRange).toEqual({ from: '2026-08-04T00:00:00.000Z', to: '2026-08-13T00:00:00.000Z' });
    for (const w of r.workouts) expect(WorkoutRecordSchema.safeParse(w).success).toBe(true);
    expect(r.workouts[0]).toMatchObject({ athleteId: 'owen-fletcher', date: '2026-08-04', time: '07:30', performedAt: '2026-08-04T07:30:00.000Z', exercise: 'nordic', exerciseText: 'Nordic curls', sets: 3, reps: [12, 10, 8], totalReps: 30, side: 'both', rpe: 7, source: { file: 'log.csv', line: 2 } });
    expect(r.workouts[2]).toMatchObject({ exercise: 'match', durationMin: 90, distanceKm: 10.2, notes: 'league', time: '19:30' });
    expect(r.workouts[3]).toMatchObject({ exercise: 'other', exerciseText: 'Yoga', time: null, performedAt: '2026-08-06T00:00:00.000Z' });
    expect(r.workouts[4]).toMatchObject({ exercise: 'bridge_test', side: 'right', reps: [27] });
  });

  it('the same log uploaded twice (or a duplicated row) gives the same workout-id@1 ids; notes and RPE do not change them', async () => {
    const a = await analyzeLog(log);
    const b = await analyzeLog(`${log}\n${log.split('\n')[1]}`, {}, 3);
    expect(b.workouts.map((w) => w.workoutId)).toEqual(a.workouts.map((w) => w.workoutId));
    expect(b.summary.duplicateRows).toBe(1);
    const edited = await analyzeLog(log.replace('07:30,Owen Fletcher,Nordic curls,3,12-10-8,,both,7', '07:30,Owen Fletcher,Nordic curls,3,12-10-8,,both,9'));
    expect(edited.workouts[0]!.workoutId).toBe(a.workouts[0]!.workoutId);
    expect(a.workouts[0]!.workoutId).toMatch(/^w[0-9a-f]{16}$/);
    expect(new Set(a.workouts.map((w) => w.workoutId)).size).toBe(5);
  });

  it('every bad row is rejected with line, column and reason; the valid rows are kept', async () => {
    const bad = [
      HEADER,
      '04/08/2026,,,Nordic,2,5,,,,,,',
      '32/08/2026,,Owen Fletcher,Nordic,2,5,,,,,,',
      '04/08/2026,25:00,Owen Fletcher,Nordic,2,5,,,,,,',
      '04/08/2026,,Owen Fletcher,,2,5,,,,,,',
      '04/08/2026,,Owen Fletcher,Nordic,2,5-5-5,,,,,,',
      '04/08/2026,,Owen Fletcher,Nordic,2,5,,sideways,,,,',
      '04/08/2026,,Owen Fletcher,Prone curl,3,8,900,,,,,',
      '04/08/2026,,Owen Fletcher,Nordic,2,5,,,11,,,',
      '04/08/2026,,Owen Fletcher,Run,,,,,,abc,,',
      '04/08/2026,,Owen Fletcher,Bridge test,,20,,both,,,,',
      '14/08/2026,,Owen Fletcher,Nordic,2,5,,,,,,',
    ].join('\n');
    const r = await analyzeLog(bad);
    expect(r.rejected.map((x) => [x.line, x.column, x.code])).toEqual([
      [2, 'Athlete', 'no-athlete'],
      [3, 'Date', 'bad-date'],
      [4, 'Time', 'bad-date'],
      [5, 'Exercise', 'no-exercise'],
      [6, 'Reps', 'bad-reps'],
      [7, 'Side', 'bad-side'],
      [8, 'Load (kg)', 'out-of-range'],
      [9, 'RPE', 'out-of-range'],
      [10, 'Duration (min)', 'not-a-number'],
      [11, 'Side', 'bad-side'],
    ]);
    expect(r.rejected[6]!.reason).toBe('900 kg is outside 0–500 kg');
    expect(r.rejected.every((x) => x.file === 'log.csv')).toBe(true);
    expect(r.workouts.map((w) => w.source.line)).toEqual([12]);
  });

  it('dates that never settle the order: the team setting, else DD/MM/YYYY by default (ingest holds such files)', async () => {
    const ambiguous = [HEADER, '04/08/2026,,Owen Fletcher,Nordic,2,5,,,,,,'].join('\n');
    expect((await analyzeLog(ambiguous)).summary.dateOrder).toMatchObject({ decidedBy: 'default', used: 'DD/MM/YYYY' });
    const us = await analyzeLog(ambiguous, { dateOrder: 'MDY' });
    expect(us.summary.dateOrder).toMatchObject({ decidedBy: 'setting', used: 'MM/DD/YYYY' });
    expect(us.workouts[0]!.date).toBe('2026-04-08');
    const conflict = await analyzeLog([HEADER, '13/08/2026,,A B,Nordic,,,,,,,,', '08/13/2026,,A B,Nordic,,,,,,,,'].join('\n'));
    expect(conflict.rejected.map((x) => x.code)).toEqual(['date-order-conflict']);
  });

  it('athletes resolve through the roster; with requireKnownAthlete an unknown one is a rejected row naming them', async () => {
    const text = ['athleteId,externalId,name,date,exercise,reps', 'QB07,,,2026-08-04,Nordic,5', ',DEMO-1,,2026-08-04,Nordic,5', ',,Jane Doe,2026-08-04,Nordic,5', ',,Nobody Here,2026-08-04,Nordic,5'].join('\n');
    const resolveAthlete = resolverFromAliases(new Map([['ext:demo-1', 'A1'], ['name:jane-doe', 'JD']]));
    const known = (id: string) => (id.toLowerCase() === 'qb07' ? 'QB07' : undefined);
    const strict = await analyzeLog(text, { resolveAthlete, knownAthleteId: known, requireKnownAthlete: true });
    expect(strict.workouts.map((w) => w.athleteId)).toEqual(['QB07', 'A1', 'JD']);
    expect(strict.rejected).toEqual([{ file: 'log.csv', line: 5, column: 'name', code: 'unknown-athlete', reason: 'athlete "Nobody Here" is not on the team\'s roster: upload a roster that names them' }]);
    const open = await analyzeLog(text);
    expect(open.workouts.map((w) => w.athleteId)).toEqual(['QB07', 'DEMO-1', 'jane-doe', 'nobody-here']);
    const badId = await analyzeLog(['athleteId,date,exercise', '../x,2026-08-04,Nordic'].join('\n'));
    expect(badId.rejected[0]).toMatchObject({ code: 'bad-athlete-id', column: 'athleteId' });
  });

  it('JSON: { "workouts": [...] } or a bare array of rows naming an exercise, through the same aliases', async () => {
    const json = JSON.stringify({ workouts: [{ athleteId: 'QB07', date: '2026-08-04T18:00:00Z', exercise: 'NHE', sets: 2, reps: '6-5' }, { athleteId: 'QB07', date: '2026-08-05', exercise: 'run', distanceKm: 8 }, 'nonsense'] });
    const r = await analyzeLog(json);
    expect(r.kind).toBe('workout-log');
    expect(r.workouts).toHaveLength(2);
    expect(r.workouts[0]).toMatchObject({ exercise: 'nordic', reps: [6, 5], time: '18:00' });
    expect(r.rejected).toEqual([{ file: 'log.csv', line: 3, column: 'workouts', code: 'bad-workout-row', reason: 'workouts[2]: not an object' }]);
    const bare = await analyzeLog(JSON.stringify([{ name: 'Jane Doe', date: '2026-08-04', exercise: 'Nordic' }]));
    expect(bare.summary).toMatchObject({ kind: 'workout-log', workouts: 1 });
  });

  it('a log without a date or an athlete column is refused as a whole, naming what is missing', async () => {
    const r = await analyzeLog('Athlete,Exercise,Reps\nJane,Nordic,5\n');
    expect(r.kind).toBe('unsupported');
    expect(r.rejected[0]!.reason).toContain('a workout log (it has an exercise column) needs date');
  });
});
