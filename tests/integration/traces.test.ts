import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { repoRoot } from '../support/paths.ts';

/** Raw traces through the real pipeline: S3 → queue → ingest → dynalite + S3 samples → HTTP API. */
const fixture = (name: string) => readFileSync(join(repoRoot, 'tests/fixtures/traces', name));
const hubTraceName = 'nordbord-nordic-Jane-Doe-export-01_03_2026.csv';
let t: TestStack;

async function upload(key: string, body: Buffer | string) {
  await t.upload(key, body);
  const uploads = (await t.get('/teams/real/uploads?limit=100')).body.uploads;
  const listed = uploads.find((u: { key: string }) => u.key === key);
  return (await t.get(`/teams/real/uploads/${listed.uploadId}`)).body;
}
const history = async (athleteId: string) => (await t.get(`/teams/real/athletes/${athleteId}/tests?limit=200`)).body.tests;

beforeAll(async () => {
  t = await startTestStack();
  await upload('uploads/real/roster.csv', 'athleteId,name,bodyMassKg\njane-doe,Jane Doe,68\n');
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

describe('raw traces through the pipeline', () => {
  it('refuses a trace whose athlete is not on the roster, with the reason', async () => {
    const report = await upload('uploads/real/traces/nordbord-nordic-John-Smith-export-01_03_2026.csv', fixture(hubTraceName));
    expect(report.status).toBe('rejected');
    expect(report.rejected[0].reason).toMatch(/"John Smith" .* not on the team's roster/);
    expect(t.stack.queue.deadLetters).toHaveLength(0);
  });

  it('stores a Hub force trace (athlete and date from the file name) with per-rep detail; the gzip copy is the same test', async () => {
    const report = await upload(`uploads/real/traces/${hubTraceName}`, fixture(hubTraceName));
    expect(report.status).toBe('done');
    expect(report.kind).toBe('vald-force-trace-csv');
    expect(report.storedTests).toBe(1);
    const gz = await upload(`uploads/real/traces/${hubTraceName}.gz`, fixture(`${hubTraceName}.gz`));
    expect(gz.status).toBe('done');
    const tests = await history('jane-doe');
    expect(tests).toHaveLength(1);
    expect(tests[0].left.reps).toBeUndefined(); // history items stay light; the detail is served per test

    const one = (await t.get(`/teams/real/athletes/jane-doe/tests/${tests[0].testId}`)).body;
    expect(one.left.reps).toHaveLength(3);
    expect(one.right.reps).toHaveLength(3);
    expect(one.left.reps[0]).toEqual(expect.objectContaining({ peakN: expect.any(Number), startS: expect.any(Number), impulseNs: expect.any(Number) }));
    expect(one.fatigue.formula.decrementPct).toBe('fatigue.percent-decrement@1');
    expect(one.left.peakNPerKg).toBeCloseTo(one.left.peakN / 68, 6);
    expect(one.trace.sampleRateHz).toBe(50);

    const chart = await t.get(`/teams/real/athletes/jane-doe/tests/${tests[0].testId}/trace?maxPoints=100`);
    expect(chart.status).toBe(200);
    expect(chart.body.left.t.length).toBeLessThanOrEqual(100);
    expect(Math.max(...chart.body.left.n)).toBeCloseTo(Math.max(...one.left.reps.map((r: { peakN: number }) => r.peakN)) + one.trace.baseline.left, -1);
    expect(chart.body.reps.left).toHaveLength(3);
    const other = await t.stack.signToken('other');
    expect((await t.get(`/teams/real/athletes/jane-doe/tests/${tests[0].testId}/trace`, other)).status).toBe(403);
  });

  it('a results-export row arriving after the trace becomes the same test, keeping its values and gaining the reps', async () => {
    const before = await history('jane-doe');
    const hub = '\uFEFF"Name","Date UTC","Time UTC","Device","Test","L Reps","R Reps","L Max Force (N)","R Max Force (N)"\n"Jane Doe","2026-03-01","9:15 AM","NordBord-0001","Nordic","3","3","350.25","310.5"';
    const report = await upload('uploads/real/exports/jane.csv', hub);
    expect(report.status).toBe('done');
    const after = await history('jane-doe');
    expect(after).toHaveLength(1);
    expect(after[0].testId).not.toBe(before[0].testId);
    expect(after[0].left.peakN).toBe(350.25);
    const one = (await t.get(`/teams/real/athletes/jane-doe/tests/${after[0].testId}`)).body;
    expect(one.left.reps).toHaveLength(3);
    const squad = (await t.get('/teams/real/squad')).body.athletes.find((a: { athleteId: string }) => a.athleteId === 'jane-doe');
    expect(squad.latest.testId).toBe(after[0].testId);
  });

  it('takes athlete and time from a sidecar uploaded before the trace (the sidecar itself is not an upload)', async () => {
    await t.upload('uploads/real/app/session.csv.meta.json', JSON.stringify({ athleteName: 'Jane Doe', testedAt: '2026-03-02T10:00:00Z', testType: 'Nordic' }));
    const report = await upload('uploads/real/app/session.csv', fixture(hubTraceName));
    expect(report.status).toBe('done');
    expect(report.summary.dateRange.from).toBe('2026-03-02T10:00:00.000Z');
    const tests = await history('jane-doe');
    expect(tests.map((x: { testedAt: string }) => x.testedAt)).toContain('2026-03-02T10:00:00.000Z');
    const uploads = (await t.get('/teams/real/uploads?limit=100')).body.uploads;
    expect(uploads.some((u: { key: string }) => u.key.endsWith('.meta.json'))).toBe(false);
  });

  it('a trace arriving after its VALD API row enriches that test (same id), nothing counted twice', async () => {
    const api = JSON.parse(fixture('vald-api-trace-50hz.json').toString());
    const row = {
      profileId: api.athleteId,
      testId: api.testId,
      testDateUtc: '2026-03-01T09:15:00.000Z',
      testTypeName: 'Nordic',
      device: 'NordBord-2120',
      leftMaxForce: 340,
      rightMaxForce: 305,
      leftRepetitions: 3,
      rightRepetitions: 3,
    };
    expect((await upload('uploads/real/api/tests.json', JSON.stringify({ tests: [row] }))).status).toBe('done');
    const report = await upload('uploads/real/api/trace.json', fixture('vald-api-trace-50hz.json'));
    expect(report.status).toBe('done');
    const tests = await history(api.athleteId);
    expect(tests).toHaveLength(1);
    expect(tests[0].testId).toBe(api.testId);
    expect(tests[0].left.peakN).toBe(340);
    const one = (await t.get(`/teams/real/athletes/${api.athleteId}/tests/${api.testId}`)).body;
    expect(one.left.reps).toHaveLength(3);
    expect(one.trace.sampleRateSource).toMatch(/ticks/);
  });
});
