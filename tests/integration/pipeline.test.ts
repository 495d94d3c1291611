import { GetObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationBody } from '#infra/local/s3-bridge.ts';
import { analyzeUpload } from '#core/analyze/analyze-upload.ts';
import { testIdForAthlete } from '#core/identity/relinked-test-id.ts';
import type { TestRecord } from '#core/model/test-record.ts';
import { serializeTest } from '#core/output/json-test-writer.ts';
import { analyzeFile, type Analyzed } from '../support/analyze-file.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { realFiles } from '../support/paths.ts';

/**
 * The whole pipeline on the four real VALD files: S3 API → s3rver event → queue → ingest handler →
 * dynalite → API handler over HTTP, the same handler code Lambda runs.
 */
let t: TestStack;
const offline: Record<keyof typeof realFiles, Analyzed> = {} as never;
const keys = {
  hub: 'uploads/real/2026 season/hub results export.csv',
  apiV2Csv: 'uploads/real/api/v2-flattened.csv',
  apiV2Json: 'uploads/real/api/v2.json',
  multiType: 'uploads/real/api/multi-type.csv',
} as const;

async function allPages<T>(path: string, field: string): Promise<T[]> {
  const out: T[] = [];
  let next: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: { status: number; body: any } = await t.get(`${path}${next ? `${sep}next=${encodeURIComponent(next)}` : ''}`);
    expect(res.status).toBe(200);
    out.push(...res.body[field]);
    next = res.body.next;
  } while (next);
  return out;
}

beforeAll(async () => {
  t = await startTestStack();
  for (const [name, file] of Object.entries(realFiles) as [keyof typeof realFiles, string][]) {
    offline[name] = await analyzeFile(file);
    // Stream bodies: the case s3rver silently corrupts unless checksums are WHEN_REQUIRED.
    await t.upload(keys[name], createReadStream(file), statSync(file).size);
  }
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

describe('real files through the pipeline', () => {
  it('stores each upload with a report matching the offline analysis', async () => {
    const uploads = await allPages<any>('/teams/real/uploads?limit=2', 'uploads');
    expect(uploads).toHaveLength(4);
    for (const [name, key] of Object.entries(keys) as [keyof typeof keys, string][]) {
      const listed = uploads.find((u) => u.key === key);
      expect(listed, key).toBeDefined();
      const { status, body } = await t.get(`/teams/real/uploads/${listed.uploadId}`);
      expect(status).toBe(200);
      expect(body.status).toBe('done');
      expect(body.storedTests).toBe(offline[name].tests.length);
      expect(body.summary.tests).toBe(offline[name].summary.tests);
      expect(body.rejectedCount).toBe(offline[name].rejected.length);
      const report = (await fetch(body.reportUrl).then((r) => r.json())) as any;
      expect(report.rejected).toEqual(offline[name].rejected.map((r) => ({ ...r, file: body.fileName })));
    }
    expect(offline.hub.tests).toHaveLength(195);
    expect(offline.apiV2Json.tests).toHaveLength(91);
    expect(offline.multiType.tests).toHaveLength(37);
  });

  it('stores each of the 195 Hub tests exactly as `analyze --json` prints it (read back per athlete over the API)', async () => {
    // The CLI's own call (cli/analyze-command.ts): analyzeUpload over the file, named by its base name, with no team
    // options, each test serialized as --json writes it.
    const printed: TestRecord[] = [];
    const cli = await analyzeUpload(createReadStream(realFiles.hub), { file: basename(realFiles.hub), sizeBytes: statSync(realFiles.hub).size }, { test: (x) => printed.push(JSON.parse(serializeTest(x))) });
    expect(cli.refused).toBe(false);
    expect(printed).toHaveLength(195);
    expect(new Set(printed.map((x) => x.testId)).size).toBe(195);
    const hubAthletes = [...new Set(printed.map((x) => x.athleteId))];
    expect(hubAthletes).toHaveLength(73);
    // No other file names these athletes, so each history holds this export's tests and nothing else.
    const others = new Set([offline.apiV2Csv, offline.apiV2Json, offline.multiType].flatMap((a) => a.tests.map((x) => x.athleteId)));
    expect(hubAthletes.filter((id) => others.has(id))).toEqual([]);

    const stored = new Map<string, any>();
    for (const athleteId of hubAthletes) {
      const history = await allPages<any>(`/teams/real/athletes/${athleteId}/tests?limit=200`, 'tests');
      expect(history.map((x) => x.testId).sort(), athleteId).toEqual(printed.filter((x) => x.athleteId === athleteId).map((x) => x.testId).sort());
      for (const test of history) stored.set(test.testId, test);
    }
    expect(stored.size).toBe(195);
    for (const expected of printed) {
      const { uploadId, source, ...got } = stored.get(expected.testId);
      expect(uploadId).toMatch(/^u[0-9a-f]+$/);
      // Only the file name differs: ingest names the upload by its object key.
      expect({ ...got, source: { ...source, file: expected.source.file } }, expected.testId).toEqual(expected);
      expect(source.file).toBe(basename(keys.hub));
      // The facts spelled out, so a failure names them.
      expect([got.athleteId, got.testedAt, got.left.peakN, got.right.peakN, got.asymmetry?.pct]).toEqual([
        expected.athleteId,
        expected.testedAt,
        expected.left.peakN,
        expected.right.peakN,
        expected.asymmetry?.pct,
      ]);
    }
  });

  it('never modifies the raw object', async () => {
    const out = await t.s3.send(new GetObjectCommand({ Bucket: t.stack.bucket, Key: keys.hub }));
    const stored = Buffer.from(await out.Body!.transformToByteArray());
    expect(stored.equals(readFileSync(realFiles.hub))).toBe(true);
  });

  it('serves the squad: one row per athlete with the latest Nordic test, never an isometric one', async () => {
    const athletes = await allPages<any>('/teams/real/squad?limit=50', 'athletes');
    const expectedIds = new Set(Object.values(offline).flatMap((a) => a.tests.map((x) => x.athleteId)));
    expect(new Set(athletes.map((a) => a.athleteId))).toEqual(expectedIds);
    const hubLatest = new Map<string, { testId: string; testedAt: string }>();
    for (const test of offline.hub.tests.filter((x) => x.testType === 'Nordic')) {
      const prev = hubLatest.get(test.athleteId);
      if (!prev || test.testedAt > prev.testedAt || (test.testedAt === prev.testedAt && test.testId > prev.testId)) hubLatest.set(test.athleteId, test);
    }
    for (const [athleteId, latest] of hubLatest) {
      const row = athletes.find((a) => a.athleteId === athleteId);
      expect(row.latest.testId).toBe(latest.testId);
      expect(row.latest.testType).toBe('Nordic');
    }
    const withLatest = athletes.filter((a) => a.latest);
    expect(withLatest.every((a) => a.latest.testType === 'Nordic')).toBe(true);
    expect(withLatest[0].latest.asymmetry.formula).toBe('asymmetry.stronger-weaker@1');
    expect(typeof withLatest[0].latest.daysSince).toBe('number');

    const iso = await allPages<any>('/teams/real/squad?testType=ISO%20Prone', 'athletes');
    const isoRows = iso.filter((a) => a.latest);
    const isoAthletes = new Set([...offline.hub.tests, ...offline.multiType.tests].filter((x) => x.testType === 'ISO Prone').map((x) => x.athleteId));
    expect(new Set(isoRows.map((a) => a.athleteId))).toEqual(isoAthletes);
  });

  it("serves an athlete's history newest first, paginated and filterable by type", async () => {
    const counts = new Map<string, number>();
    for (const test of offline.multiType.tests) counts.set(test.athleteId, (counts.get(test.athleteId) ?? 0) + 1);
    const [athleteId, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const history = await allPages<any>(`/teams/real/athletes/${athleteId}/tests?limit=1`, 'tests');
    const expected = [...offline.multiType.tests, ...offline.apiV2Json.tests].filter((x) => x.athleteId === athleteId);
    expect(history).toHaveLength(new Set(expected.map((x) => x.testId)).size);
    expect(history.length).toBeGreaterThanOrEqual(count);
    const times = history.map((h) => h.testedAt);
    expect(times).toEqual([...times].sort().reverse());
    const one = await t.get(`/teams/real/athletes/${athleteId}/tests/${history[0].testId}`);
    expect(one.status).toBe(200);
    expect(one.body.testId).toBe(history[0].testId);
    expect(one.body.left).toEqual(history[0].left);
    expect((await t.get(`/teams/real/athletes/${athleteId}/tests/nope`)).status).toBe(404);
    const nordic = await allPages<any>(`/teams/real/athletes/${athleteId}/tests?testType=Nordic&limit=2`, 'tests');
    expect(nordic.length).toBe(expected.filter((x) => x.testType === 'Nordic').length);
    expect(nordic.every((x) => x.testType === 'Nordic')).toBe(true);
  });

  it('stores the API JSON and its flattened CSV as the same 91 tests (no double counting)', async () => {
    const ids = new Set(offline.apiV2Json.tests.map((x) => x.testId));
    expect(new Set(offline.apiV2Csv.tests.map((x) => x.testId))).toEqual(ids);
    const athleteId = offline.apiV2Json.tests[0]!.athleteId;
    const history = await allPages<any>(`/teams/real/athletes/${athleteId}/tests`, 'tests');
    expect(history.length).toBe(offline.apiV2Json.tests.filter((x) => x.athleteId === athleteId).length + offline.multiType.tests.filter((x) => x.athleteId === athleteId).length);
  });

  it('re-uploading an overlapping export and replaying an S3 event store nothing twice', async () => {
    const athleteId = offline.hub.tests[0]!.athleteId;
    const before = await allPages<any>(`/teams/real/athletes/${athleteId}/tests`, 'tests');
    await t.upload('uploads/real/again/hub copy.csv', readFileSync(realFiles.hub));
    const body = notificationBody({ Records: [{ eventName: 'ObjectCreated:Put', eventTime: new Date().toISOString(), s3: { bucket: { name: t.stack.bucket }, object: { key: keys.hub, eTag: 'replayed', size: 1 } } } as never] });
    t.stack.queue.send(body!);
    t.stack.queue.send(body!);
    await t.settle();
    const after = await allPages<any>(`/teams/real/athletes/${athleteId}/tests`, 'tests');
    expect(after.map((x) => x.testId).sort()).toEqual(before.map((x) => x.testId).sort());
    expect(t.stack.queue.deadLetters).toHaveLength(0);
  });

  it('a roster that links imported athletes to other ids moves their tests there, and a re-import adds none', async () => {
    const name = 'Athlete 003';
    const imported = offline.hub.tests.filter((x) => x.athleteName === name);
    const fromId = imported[0]!.athleteId;
    const vald = offline.apiV2Json.tests[5]!.athleteId;
    const valdIds = new Set([...offline.apiV2Json.tests, ...offline.multiType.tests].filter((x) => x.athleteId === vald).map((x) => x.testId));
    expect(imported.length).toBeGreaterThan(1);
    expect(valdIds.size).toBeGreaterThan(0);

    // Athlete 047 was imported by its ExternalId, kept as written (EXT-0001): the more specific key keeps it itself.
    const ext = offline.hub.tests.find((x) => x.athleteName === 'Athlete 047')!.athleteId;
    expect(ext).toBe('EXT-0001');
    await t.upload('uploads/real/roster-relink.csv', `athleteId,name,valdProfileId,bodyMassKg\nhs-003,${name},,75\nvald-1,Vald Athlete,${vald},\nhs-047,Athlete 047,,\n`);
    const uploads = await allPages<any>('/teams/real/uploads', 'uploads');
    const report = (await t.get(`/teams/real/uploads/${uploads.find((u) => u.key === 'uploads/real/roster-relink.csv').uploadId}`)).body;
    expect(report.status).toBe('done');
    expect(report.relinked).toEqual(
      expect.arrayContaining([
        { from: fromId, to: 'hs-003', tests: imported.length },
        { from: vald, to: 'vald-1', tests: valdIds.size },
      ]),
    );
    expect(report.relinked).toHaveLength(2);

    const squad = await allPages<any>('/teams/real/squad', 'athletes');
    const ids = new Set(squad.map((a) => a.athleteId));
    expect(ids.has(fromId) || ids.has(vald)).toBe(false);
    expect(ids.has(ext)).toBe(true);
    const row = squad.find((a) => a.athleteId === 'hs-003');
    const newest = imported.filter((x) => x.testType === 'Nordic').sort((a, b) => (a.testedAt < b.testedAt ? 1 : -1))[0]!;
    expect(row.latest.testedAt).toBe(newest.testedAt);
    expect(row.latest.testId).toBe(testIdForAthlete(newest, 'hs-003'));
    expect(row.latest.left.peakNPerKg).toBeCloseTo(row.latest.left.peakN / 75, 10);

    const moved = await allPages<any>('/teams/real/athletes/hs-003/tests', 'tests');
    expect(new Set(moved.map((x) => x.testId))).toEqual(new Set(imported.map((x) => testIdForAthlete(x, 'hs-003'))));
    expect(moved.every((x) => x.athleteId === 'hs-003')).toBe(true);
    const movedVald = await allPages<any>('/teams/real/athletes/vald-1/tests', 'tests');
    expect(new Set(movedVald.map((x) => x.testId))).toEqual(valdIds); // VALD test ids stay
    expect((await t.get(`/teams/real/athletes/${fromId}/tests`)).status).toBe(404);

    // The same export again: its rows resolve to hs-003 and derive the moved ids, so nothing is added.
    await t.upload('uploads/real/again/hub third copy.csv', readFileSync(realFiles.hub));
    expect(await allPages<any>('/teams/real/athletes/hs-003/tests', 'tests')).toHaveLength(imported.length);
    expect((await allPages<any>('/teams/real/squad', 'athletes')).some((a) => a.athleteId === fromId)).toBe(false);
    expect(t.stack.queue.deadLetters).toHaveLength(0);
  });

  it('finishes a merge that stopped half-way when it runs again (a retried roster message)', async () => {
    const { documents, config } = await import('#functions/adapters/clients.ts');
    const { testItem } = await import('#functions/adapters/test-repository.ts');
    const { relinkAthletes } = await import('#functions/ingest/relink-athletes.ts');
    const imported = offline.hub.tests.filter((x) => x.athleteName === 'Athlete 003');
    const before = await allPages<any>('/teams/real/athletes/hs-003/tests', 'tests');
    // As if the last run stopped after copying: the imported athlete and one of its old test items are still there.
    await documents.send(new PutCommand({ TableName: config.tableName, Item: { pk: 'TEAM#real', sk: `ATHLETE#${imported[0]!.athleteId}`, type: 'athlete', athleteId: imported[0]!.athleteId, name: 'Athlete 003', externalId: null, valdProfileId: null } }));
    await documents.send(new PutCommand({ TableName: config.tableName, Item: testItem('real', 'u-old', imported[0]!) }));
    expect(await relinkAthletes('real', new Set())).toEqual([{ from: imported[0]!.athleteId, to: 'hs-003', tests: 1 }]);
    expect(await relinkAthletes('real', new Set())).toEqual([]);
    const after = await allPages<any>('/teams/real/athletes/hs-003/tests', 'tests');
    expect(after.map((x) => x.testId).sort()).toEqual(before.map((x) => x.testId).sort());
    expect((await t.get(`/teams/real/athletes/${imported[0]!.athleteId}/tests`)).status).toBe(404);
  });
});

describe('team isolation and authentication', () => {
  it('answers 401 without a valid token and 403 for another team', async () => {
    expect((await t.get('/teams/real/squad', null)).status).toBe(401);
    expect((await t.get('/teams/real/squad', 'not-a-jwt')).status).toBe(401);
    const other = await t.stack.signToken('other');
    expect((await t.get('/teams/real/squad', other)).status).toBe(403);
    expect((await t.get('/teams/real/uploads', other)).status).toBe(403);
    expect((await t.post('/teams/real/uploads', { fileName: 'x.csv' }, other)).status).toBe(403);
    const own = await t.get('/teams/other/squad', other);
    expect(own.status).toBe(200);
    expect(own.body.athletes).toEqual([]);
  });

  it('refuses a pagination token taken from another listing', async () => {
    const page = await t.get('/teams/real/squad?limit=1');
    expect(page.body.next).toBeTruthy();
    const athleteId = page.body.athletes[0].athleteId;
    const res: { status: number; body: any } = await t.get(`/teams/real/athletes/${athleteId}/tests?next=${page.body.next}`);
    expect(res.status).toBe(400);
  });

  it('validates parameters with precise messages', async () => {
    const res: { status: number; body: any } = await t.get('/teams/real/squad?limit=0');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/limit/);
    expect((await t.get('/teams/real/athletes/nobody/tests')).status).toBe(404);
    expect((await t.get('/teams/NOT_A_TEAM/squad')).status).toBe(400);
  });
});

describe('uploads', () => {
  it('presigns a PUT under the caller team prefix that the pipeline then ingests', async () => {
    const { status, body } = await t.post('/teams/real/uploads', { fileName: 'multi type.csv', contentType: 'text/csv' });
    expect(status).toBe(201);
    expect(body.key).toMatch(/^uploads\/real\/[^/]+\/multi_type\.csv$/);
    expect(new URL(body.url).searchParams.has('x-amz-checksum-crc32')).toBe(false);
    expect((await t.get(`/teams/real/uploads/${body.uploadId}`)).body.status).toBe('queued');
    const put = await fetch(body.url, { method: 'PUT', headers: body.headers, body: readFileSync(realFiles.multiType) });
    expect(put.status).toBe(200);
    await t.settle();
    const report = await t.get(`/teams/real/uploads/${body.uploadId}`);
    expect(report.body.status).toBe('done');
    expect(report.body.storedTests).toBe(37);
  });

  it('reports an unsupported file instead of crashing or retrying', async () => {
    await t.upload('uploads/real/notes/readme.txt', 'just some notes\nnothing to see\n');
    const uploads = await allPages<any>('/teams/real/uploads', 'uploads');
    const listed = uploads.find((u) => u.key === 'uploads/real/notes/readme.txt');
    const report = await t.get(`/teams/real/uploads/${listed.uploadId}`);
    expect(report.body.status).toBe('rejected');
    expect(report.body.rejected[0].reason).toMatch(/no header recognised/);
    expect(t.stack.queue.deadLetters).toHaveLength(0);
  });

  it('links a roster to imported athletes and serves relative force', async () => {
    const hubTest = offline.hub.tests.find((x) => x.athleteName === 'Athlete 002' && x.testType === 'Nordic')!;
    await t.upload('uploads/real/roster.csv', `athleteId,name,bodyMassKg,squad\n${hubTest.athleteId},Athlete 002,80,Backs\n`);
    const squad = await allPages<any>('/teams/real/squad', 'athletes');
    const row = squad.find((a) => a.athleteId === hubTest.athleteId);
    expect(row.bodyMassKg).toBe(80);
    expect(row.squad).toBe('Backs');
    expect(row.latest.left.peakNPerKg).toBeCloseTo(row.latest.left.peakN / 80, 10);
  });

  it("reads ambiguous dates with the team's dateOrder setting and says so in the report", async () => {
    const put = await fetch(`${t.stack.apiUrl}/teams/real/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${t.stack.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ dateOrder: 'MDY' }),
    });
    expect(put.status).toBe(200);
    expect((await t.get('/teams/real/settings')).body.dateOrder).toBe('MDY');
    await t.upload('uploads/real/ambiguous.csv', 'Name,Date UTC,Time UTC,L Reps,R Reps,L Max Force (N),R Max Force (N)\nAmbi Guous,01/03/2026,6:21 PM,3,3,300,320\n');
    const uploads = await allPages<any>('/teams/real/uploads', 'uploads');
    const report = (await t.get(`/teams/real/uploads/${uploads.find((u) => u.key === 'uploads/real/ambiguous.csv').uploadId}`)).body;
    expect(report.summary.dateOrder).toMatchObject({ used: 'MM/DD/YYYY', decidedBy: 'setting' });
    const history = await allPages<any>('/teams/real/athletes/ambi-guous/tests', 'tests');
    expect(history[0].testedAt).toBe('2026-01-03T18:21:00.000Z');
  });

  it('lists uploads newest first, each with the status its report has', async () => {
    const before = await allPages<any>('/teams/real/uploads?limit=3', 'uploads');
    // beforeAll uploaded the real files one after the other: the listing shows them the other way round.
    const positions = Object.values(keys).map((key) => before.findIndex((u) => u.key === key));
    expect(positions.every((i) => i >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => b - a));

    await t.upload('uploads/real/order/first.csv', 'Name,Date UTC,Time UTC,L Reps,R Reps,L Max Force (N),R Max Force (N)\nOrder First,02/14/2026,7:05 AM,3,3,350,300\n');
    await t.upload('uploads/real/order/second.txt', 'not an export\njust text\n');
    const third = await t.post('/teams/real/uploads', { fileName: 'third.csv' });
    expect(third.status).toBe(201);

    const after = await allPages<any>('/teams/real/uploads?limit=3', 'uploads');
    expect(after.map((u) => u.key)).toEqual([third.body.key, 'uploads/real/order/second.txt', 'uploads/real/order/first.csv', ...before.map((u) => u.key)]);
    expect(after.slice(0, 3).map((u) => u.status)).toEqual(['queued', 'rejected', 'done']);
    expect(after.slice(3).map((u) => u.status)).toEqual(before.map((u) => u.status));
    const created = after.map((u) => u.createdAt);
    expect(new Set(created).size).toBe(created.length);
    expect(created).toEqual([...created].sort().reverse());
    for (const listed of after) {
      const one = await t.get(`/teams/real/uploads/${listed.uploadId}`);
      expect(one.body.status, listed.key).toBe(listed.status);
    }
    expect(after.filter((u) => Object.values(keys).includes(u.key)).every((u) => u.status === 'done')).toBe(true);
  });

  it("a roster's externalId links export rows with that ExternalId to its athlete, and its profile columns are stored", async () => {
    const roster = 'athleteId,name,externalId,position,sport,dateOfBirth,valdProfileId,squad\nrb-07,Riley Back,EXT-0777,Running Back,Football,2004-05-17,0f5e2f4a-1111-4c7d-9a55-123456789abc,Offense\n';
    await t.upload('uploads/real/roster-ext.csv', roster);
    await t.upload('uploads/real/ext-export.csv', 'Name,ExternalId,Date UTC,Time UTC,L Reps,R Reps,L Max Force (N),R Max Force (N)\nR. Back,EXT-0777,02/14/2026,7:05 AM,3,3,350,300\n');
    const uploads = await allPages<any>('/teams/real/uploads', 'uploads');
    const report = async (key: string) => (await t.get(`/teams/real/uploads/${uploads.find((u) => u.key === key).uploadId}`)).body;
    const rosterReport = await report('uploads/real/roster-ext.csv');
    expect(rosterReport).toMatchObject({ status: 'done', kind: 'roster', newAthletes: ['rb-07'], relinked: [] });
    const exportReport = await report('uploads/real/ext-export.csv');
    expect(exportReport).toMatchObject({ status: 'done', storedTests: 1, newAthletes: [] });

    // The row names someone else; its ExternalId decides, so the test lands on the roster's athlete.
    const history = await allPages<any>('/teams/real/athletes/rb-07/tests', 'tests');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ athleteId: 'rb-07', athleteName: 'R. Back', externalId: 'EXT-0777', testedAt: '2026-02-14T07:05:00.000Z', left: { peakN: 350 }, right: { peakN: 300 } });
    for (const elsewhere of ['r-back', 'EXT-0777']) expect((await t.get(`/teams/real/athletes/${elsewhere}/tests`)).status, elsewhere).toBe(404);

    const squad = await allPages<any>('/teams/real/squad', 'athletes');
    const row = squad.find((a) => a.athleteId === 'rb-07');
    expect(row).toMatchObject({ name: 'Riley Back', position: 'Running Back', squad: 'Offense', latest: { testId: history[0].testId, testedAt: '2026-02-14T07:05:00.000Z' } });
    const profile = await t.get('/teams/real/athletes/rb-07');
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({
      name: 'Riley Back',
      externalId: 'EXT-0777',
      position: 'Running Back',
      sport: 'Football',
      dateOfBirth: '2004-05-17',
      valdProfileId: '0f5e2f4a-1111-4c7d-9a55-123456789abc',
      squad: 'Offense',
      injuries: [],
      latest: { Nordic: { testId: history[0].testId, left: { peakN: 350 }, right: { peakN: 300 }, asymmetry: { weakerSide: 'right' } } },
    });
    expect(Object.keys(profile.body.latest)).toEqual(['Nordic']);
    expect((await t.get('/teams/real/athletes/nobody')).status).toBe(404);
  });

  it('keeps ids as the user wrote them and resolves them without case on every route (roster QB07, ExternalId EXT-0001)', async () => {
    await t.upload('uploads/real/roster-qb.csv', 'athleteId,name,externalId\nQB07,Jane Doe,QB07\n');
    await t.upload('uploads/real/qb-export.csv', 'Name,ExternalId,Date UTC,Time UTC,L Reps,R Reps,L Max Force (N),R Max Force (N)\nJane Doe,QB07,02/14/2026,7:05 AM,3,3,350,300\n');
    for (const asked of ['QB07', 'qb07', 'Qb07']) {
      const tests = await t.get(`/teams/real/athletes/${asked}/tests`);
      expect(tests.status, asked).toBe(200);
      expect(tests.body.athleteId).toBe('QB07');
      expect(tests.body.tests).toHaveLength(1);
      expect(tests.body.tests[0].athleteId).toBe('QB07');
      const testId: string = tests.body.tests[0].testId;
      expect((await t.get(`/teams/real/athletes/${asked}/tests/${testId.toUpperCase()}`)).status, asked).toBe(200);
      expect((await t.get(`/teams/real/athletes/${asked}`)).body.athleteId).toBe('QB07');
    }
    const squad = await allPages<any>('/teams/real/squad', 'athletes');
    expect(squad.filter((a) => a.athleteId.toLowerCase() === 'qb07').map((a) => a.athleteId)).toEqual(['QB07']);
    // An ExternalId with no roster link is the athlete's id as written, not `ext-ext-0001`.
    expect(squad.some((a) => a.athleteId === 'EXT-0001')).toBe(true);
    expect((await t.get('/teams/real/athletes/ext-0001')).body.athleteId).toBe('EXT-0001');
  });

  it('parks a malformed queue message in the dead-letter list after 5 deliveries', async () => {
    t.stack.queue.send('{"not":"an s3 event"}');
    await t.settle();
    expect(t.stack.queue.deadLetters).toHaveLength(1);
    expect(t.stack.queue.deadLetters[0]!.record.attributes.ApproximateReceiveCount).toBe('5');
  });
});
