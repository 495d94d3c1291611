import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { sdkStreamMixin } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { riskSettingDefaults } from '#core/analytics/settings.ts';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiRouteList } from '#functions/api/route-list.ts';
import { defaultAsymmetryFormula } from '#core/metrics/asymmetry.ts';
import { traceDefaults } from '#core/traces/analyze-trace.ts';
import { apiEvent } from '../support/builders.ts';

process.env.TABLE_NAME = 'eccentric-test';
process.env.BUCKET_NAME = 'eccentric-data';
process.env.RECOMPUTE_QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/recompute';
process.env.AWS_REGION = 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
process.env.AWS_SECRET_ACCESS_KEY = 'secret';
delete process.env.AWS_ENDPOINT_URL_S3;
delete process.env.AWS_ENDPOINT_URL_DYNAMODB;

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
let handleRequest: typeof import('#functions/api.ts').handleRequest;
beforeAll(async () => {
  ({ handleRequest } = await import('#functions/api.ts'));
});
afterEach(() => {
  // No request path may scan: every call is a Query or a Get on keys (README "Table design").
  expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
  ddb.reset();
});

const teamA = { teamId: 'team-a', sub: 'coach' };
const body = (r: { body?: string }) => JSON.parse(r.body ?? '{}');

describe('authorisation from the JWT claims', () => {
  it('401 without authorizer claims, before any read', async () => {
    const res = await handleRequest(apiEvent('GET', '/teams/team-a/squad', null));
    expect(res.statusCode).toBe(401);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('403 for another team, even with a valid token', async () => {
    const res = await handleRequest(apiEvent('GET', '/teams/team-b/squad', teamA));
    expect(res.statusCode).toBe(403);
    expect(body(res).message).toMatch(/team-b/);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('reads the team from Cognito’s custom:teamId claim too', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const res = await handleRequest(apiEvent('GET', '/teams/team-b/squad', { 'custom:teamId': 'team-b' }));
    expect(res.statusCode).toBe(200);
  });

  it('403 when the token names no team', async () => {
    expect((await handleRequest(apiEvent('GET', '/teams/team-a/squad', { sub: 'x' }))).statusCode).toBe(403);
  });

  it.each([
    ['no exp (a token that never expires)', { teamId: 'team-a', exp: undefined }, /no expiry/],
    ['an empty exp', { teamId: 'team-a', exp: '' }, /no expiry/],
    ['an unreadable exp', { teamId: 'team-a', exp: 'tomorrow' }, /unreadable expiry/],
    ['an expired exp', { teamId: 'team-a', exp: String(Math.floor(Date.now() / 1000) - 1) }, /expired/],
    ['teamId and custom:teamId that disagree', { teamId: 'team-a', 'custom:teamId': 'team-b' }, /two different teams/],
    ['custom:teamId and teamId that disagree the other way', { 'custom:teamId': 'team-a', teamId: 'team-b' }, /two different teams/],
  ])('401 for claims with %s, before any read', async (_, claims, reason) => {
    const res = await handleRequest(apiEvent('GET', '/teams/team-a/squad', claims));
    expect(res.statusCode).toBe(401);
    expect(body(res).message).toMatch(reason);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('accepts both team claims when they agree', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    expect((await handleRequest(apiEvent('GET', '/teams/team-a/squad', { teamId: 'team-a', 'custom:teamId': 'team-a' }))).statusCode).toBe(200);
  });
});

describe('routes', () => {
  it('squad: one Query on the team partition, latest of the requested type, relative force from roster mass', async () => {
    const latest = (testType: string, peak: number) => ({
      testId: `t-${testType}`,
      testedAt: '2026-11-20T10:00:00.000Z',
      testType,
      bodyMassKg: null,
      left: { peakN: peak, repCount: 3, peakNPerKg: null },
      right: { peakN: peak * 0.8, repCount: 3, peakNPerKg: null },
      asymmetry: { pct: 20, weakerSide: 'right', formula: 'asymmetry.stronger-weaker@1' },
      warnings: [],
    });
    ddb.on(QueryCommand).resolves({
      Items: [
        { pk: 'TEAM#team-a', sk: 'ATHLETE#a1', athleteId: 'a1', name: 'A One', bodyMassKg: 80, 'latest#Nordic': latest('Nordic', 400), 'latest#ISO Prone': latest('ISO Prone', 500) },
        { pk: 'TEAM#team-a', sk: 'ATHLETE#a2', athleteId: 'a2', name: 'A Two' },
      ],
    });
    const res = await handleRequest(apiEvent('GET', '/teams/team-a/squad', teamA));
    expect(res.statusCode).toBe(200);
    const query = ddb.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(query.ExpressionAttributeValues).toMatchObject({ ':pk': 'TEAM#team-a', ':p': 'ATHLETE#' });
    const [a1, a2] = body(res).athletes;
    expect(a1.latest.testType).toBe('Nordic');
    expect(a1.latest.left).toEqual({ peakN: 400, peakNPerKg: 5, repCount: 3 });
    expect(a1.latest.asymmetry.formula).toBe('asymmetry.stronger-weaker@1');
    expect(a2.latest).toBeNull();
  });

  it('athlete history by type queries the type index, newest first', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'TEAM#team-a', sk: 'ATHLETE#a1', athleteId: 'a1', name: 'A One' } });
    ddb.on(QueryCommand).resolves({ Items: [], LastEvaluatedKey: { pk: 'TEAM#team-a#ATHLETE#a1', sk: 'x', lsi1sk: 'y' } });
    const res = await handleRequest(apiEvent('GET', '/teams/team-a/athletes/a1/tests', teamA, { testType: 'Nordic', limit: '5' }));
    expect(res.statusCode).toBe(200);
    const input = ddb.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ IndexName: 'lsi1', ScanIndexForward: false, Limit: 5 });
    expect(input.ExpressionAttributeValues).toMatchObject({ ':pk': 'TEAM#team-a#ATHLETE#a1', ':prefix': 'TYPE#Nordic#' });
    expect(typeof body(res).next).toBe('string');
  });

  it('presigns an upload under the caller team prefix, without checksum parameters', async () => {
    ddb.on(UpdateCommand).resolves({});
    const res = await handleRequest(apiEvent('POST', '/teams/team-a/uploads', teamA, undefined, { fileName: '../../etc/passwd season 1.csv' }));
    expect(res.statusCode).toBe(201);
    const out = body(res);
    expect(out.key).toMatch(/^uploads\/team-a\/\d{8}T\d{6}Z-[0-9a-f]{8}\/etc_passwd_season_1\.csv$/);
    const url = new URL(out.url);
    expect(url.pathname).toContain(encodeURIComponent('etc_passwd_season_1.csv'));
    expect([...url.searchParams.keys()].filter((k) => k.toLowerCase().includes('checksum'))).toEqual([]);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    const saved = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(saved.Key).toEqual({ pk: 'TEAM#team-a', sk: `UPLOAD#${out.uploadId}` });
  });

  it('400 with the field for invalid input; 404 and 405 for unknown routes and methods', async () => {
    const bad = await handleRequest(apiEvent('GET', '/teams/team-a/squad', teamA, { limit: 'many' }));
    expect(bad.statusCode).toBe(400);
    expect(body(bad).details[0].field).toBe('limit');
    expect((await handleRequest(apiEvent('POST', '/teams/team-a/uploads', teamA, undefined, { fileName: '' }))).statusCode).toBe(400);
    expect((await handleRequest(apiEvent('GET', '/teams/team-a/nothing', teamA))).statusCode).toBe(404);
    const method = await handleRequest(apiEvent('DELETE', '/teams/team-a/squad', teamA));
    expect(method.statusCode).toBe(405);
    expect(method.headers?.allow).toBe('GET');
  });

  it('500 without leaking internals when DynamoDB fails', async () => {
    ddb.on(QueryCommand).rejects(new Error('connection reset by peer at 10.0.0.1'));
    const res = await handleRequest(apiEvent('GET', '/teams/team-a/squad', teamA));
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(/10\.0\.0\.1/);
  });
});

describe('route table', () => {
  it('serves exactly the routes the CDK stack declares (functions/api/route-list.ts)', async () => {
    const { routes } = await import('#functions/api/routes.ts');
    const { apiRouteList } = await import('#functions/api/route-list.ts');
    const served = routes.map((r) => `${r.method} ${r.pattern.source}`);
    expect(served).toHaveLength(apiRouteList.length);
    for (const { method, path } of apiRouteList) {
      const match = routes.find((r) => r.method === method && r.pattern.test(path.replace(/\{\w+\}/g, 'x')));
      expect(match, `${method} ${path}`).toBeDefined();
    }
  });
});

describe('team settings', () => {
  it('validates a settings update strictly and writes it to the team partition', async () => {
    const { PutCommand, GetCommand, QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    ddb.on(PutCommand).resolves({});
    ddb.on(GetCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    const ok = await handleRequest(apiEvent('PUT', '/teams/team-a/settings', teamA, undefined, { dateOrder: 'MDY', traceParameters: { startThresholdN: 30 } }));
    expect(ok.statusCode).toBe(200);
    expect(body(ok).reingested).toEqual([]);
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input.Item).toMatchObject({ pk: 'TEAM#team-a', sk: 'SETTINGS', dateOrder: 'MDY', traceParameters: { startThresholdN: 30 } });
    // Every status depends on the settings: the whole team is queued for a recompute.
    const sent = sqs.commandCalls(SendMessageBatchCommand).at(-1)!.args[0].input;
    expect(sent.QueueUrl).toBe(process.env.RECOMPUTE_QUEUE_URL);
    expect(JSON.parse(sent.Entries![0]!.MessageBody!)).toMatchObject({ type: 'team', teamId: 'team-a' });
    const risk = await handleRequest(apiEvent('PUT', '/teams/team-a/settings', teamA, undefined, { sport: 'soccer', baseline: { maxTests: 8 } }));
    expect(risk.statusCode).toBe(200);
    const badRisk = await handleRequest(apiEvent('PUT', '/teams/team-a/settings', teamA, undefined, { baseline: { maxTests: 0 } }));
    expect(badRisk.statusCode).toBe(400);
    expect(body(badRisk).message).toMatch(/baseline\.maxTests/);
    const bad = await handleRequest(apiEvent('PUT', '/teams/team-a/settings', teamA, undefined, { dateOrder: 'YMD', colour: 'red' }));
    expect(bad.statusCode).toBe(400);
    expect(body(bad).message).toMatch(/dateOrder/);
    expect((await handleRequest(apiEvent('PUT', '/teams/team-b/settings', teamA, undefined, { dateOrder: 'MDY' }))).statusCode).toBe(403);
  });
});

describe('squad row fields', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves each athlete’s name, weaker side, formula, and whole days elapsed since the latest test at the request time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-27T10:00:00.000Z'));
    const latest = (testedAt: string, weakerSide: 'left' | 'right' | null, formula: string) => ({
      testId: `t-${testedAt}`,
      testedAt,
      testType: 'Nordic',
      bodyMassKg: null,
      left: { peakN: 400, repCount: 3, peakNPerKg: null },
      right: { peakN: 360, repCount: 3, peakNPerKg: null },
      asymmetry: { pct: 10, weakerSide, formula },
      warnings: [],
    });
    ddb.on(QueryCommand).resolves({
      Items: [
        { pk: 'TEAM#team-a', sk: 'ATHLETE#a1', athleteId: 'a1', name: 'A One', 'latest#Nordic': latest('2026-11-20T10:00:00.000Z', 'right', 'asymmetry.stronger-weaker@1') },
        { pk: 'TEAM#team-a', sk: 'ATHLETE#a2', athleteId: 'a2', name: 'Bé Two', 'latest#Nordic': latest('2026-11-26T10:00:00.001Z', 'left', 'asymmetry.abs-diff-over-mean@1') },
        { pk: 'TEAM#team-a', sk: 'ATHLETE#a3', athleteId: 'a3', name: 'C Three', 'latest#Nordic': latest('2026-10-28T09:00:00.000Z', null, 'asymmetry.stronger-weaker@1') },
        { pk: 'TEAM#team-a', sk: 'ATHLETE#a4', athleteId: 'a4', name: 'D Four', 'latest#Nordic': latest('2026-11-27T10:00:00.000Z', 'right', 'asymmetry.stronger-weaker@1') },
      ],
    });
    const res = await handleRequest(apiEvent('GET', '/teams/team-a/squad', teamA));
    expect(res.statusCode).toBe(200);
    const rows = body(res).athletes;
    expect(rows.map((a: any) => a.name)).toEqual(['A One', 'Bé Two', 'C Three', 'D Four']);
    expect(rows.map((a: any) => a.latest.asymmetry.weakerSide)).toEqual(['right', 'left', null, 'right']);
    expect(rows.map((a: any) => a.latest.asymmetry.formula)).toEqual(['asymmetry.stronger-weaker@1', 'asymmetry.abs-diff-over-mean@1', 'asymmetry.stronger-weaker@1', 'asymmetry.stronger-weaker@1']);
    // Exactly 7 days; 1 ms short of a day is still 0 (whole days, not rounded); 30 days and 1 hour; tested now.
    expect(rows.map((a: any) => a.latest.daysSince)).toEqual([7, 0, 30, 0]);

    vi.setSystemTime(new Date('2026-11-28T10:00:00.000Z'));
    const dayLater = body(await handleRequest(apiEvent('GET', '/teams/team-a/squad', teamA))).athletes;
    expect(dayLater.map((a: any) => a.latest.daysSince)).toEqual([8, 1, 31, 1]);
  });
});

const mockS3 = () => mockClient(S3Client);

describe('no Scan on any request path', () => {
  /** Every command the request paths may send: keyed reads and writes only (README "Table design"). */
  const allowed = new Set(['QueryCommand', 'GetCommand', 'BatchGetCommand', 'PutCommand', 'UpdateCommand']);
  let s3: ReturnType<typeof mockS3>;
  const athlete = { pk: 'TEAM#team-a', sk: 'ATHLETE#a1', type: 'athlete', athleteId: 'a1', name: 'A One', bodyMassKg: 80 };
  const side = (peakN: number) => ({ peakN, avgN: peakN - 10, repCount: 3, impulseNs: null, torqueNm: null, peakNPerKg: null, calibrationN: null, timeToPeakS: null });
  const test = {
    pk: 'TEAM#team-a#ATHLETE#a1',
    sk: 'TEST#2026-11-20T10:00:00.000Z#t1',
    lsi1sk: 'TYPE#Nordic#2026-11-20T10:00:00.000Z#t1',
    type: 'test',
    teamId: 'team-a',
    uploadId: 'u1',
    testId: 't1',
    testIdSource: 'derived',
    athleteId: 'a1',
    athleteName: 'A One',
    externalId: null,
    testedAt: '2026-11-20T10:00:00.000Z',
    testType: 'Nordic',
    device: null,
    bodyMassKg: null,
    left: side(400),
    right: side(320),
    asymmetry: { pct: 20, weakerSide: 'right', formula: 'asymmetry.stronger-weaker@1' },
    warnings: [],
    source: { file: 'x.csv', line: 2, vendorMaxImbalancePct: null },
  };
  const detail = {
    pk: 'TEAM#team-a#ATHLETE#a1',
    sk: 'DETAIL#t1',
    type: 'test-detail',
    detailOf: 't1',
    left: { reps: [] },
    right: { reps: [] },
    warnings: [],
    trace: { baseline: { left: 0, right: 0, method: 'median' }, traceKey: 'traces/team-a/a1/t1.f32' },
  };
  const upload = { pk: 'TEAM#team-a', sk: 'UPLOAD#u1', lsi1sk: 'UPLOAD#2026-11-20T10:00:00.000Z#u1', type: 'upload', uploadId: 'u1', teamId: 'team-a', key: 'uploads/team-a/x.csv', fileName: 'x.csv', status: 'done', reportKey: 'reports/team-a/u1.json' };

  /** One request per route of the route table, answered 2xx from the items above. */
  const requests: Record<string, () => ReturnType<typeof apiEvent>> = {
    'GET /teams/{teamId}/squad': () => apiEvent('GET', '/teams/team-a/squad', teamA),
    'GET /teams/{teamId}/athletes/{athleteId}': () => apiEvent('GET', '/teams/team-a/athletes/a1', teamA),
    'GET /teams/{teamId}/athletes/{athleteId}/tests': () => apiEvent('GET', '/teams/team-a/athletes/a1/tests', teamA, { testType: 'Nordic' }),
    'GET /teams/{teamId}/athletes/{athleteId}/tests/{testId}': () => apiEvent('GET', '/teams/team-a/athletes/a1/tests/t1', teamA),
    'GET /teams/{teamId}/athletes/{athleteId}/tests/{testId}/trace': () => apiEvent('GET', '/teams/team-a/athletes/a1/tests/t1/trace', teamA, { maxPoints: '10' }),
    'POST /teams/{teamId}/uploads': () => apiEvent('POST', '/teams/team-a/uploads', teamA, undefined, { fileName: 'season.csv' }),
    'GET /teams/{teamId}/uploads': () => apiEvent('GET', '/teams/team-a/uploads', teamA),
    'GET /teams/{teamId}/uploads/{uploadId}': () => apiEvent('GET', '/teams/team-a/uploads/u1', teamA),
    'GET /teams/{teamId}/settings': () => apiEvent('GET', '/teams/team-a/settings', teamA),
    'PUT /teams/{teamId}/settings': () => apiEvent('PUT', '/teams/team-a/settings', teamA, undefined, { dateOrder: 'DMY' }),
    'POST /teams/{teamId}/uploads/{uploadId}/date-order': () => apiEvent('POST', '/teams/team-a/uploads/u2/date-order', teamA, undefined, { dateOrder: 'MDY' }),
    'GET /teams/{teamId}/risk': () => apiEvent('GET', '/teams/team-a/risk', teamA, { testType: 'Nordic' }),
    'GET /teams/{teamId}/export.csv': () => apiEvent('GET', '/teams/team-a/export.csv', teamA),
    'GET /teams/{teamId}/athletes/{athleteId}/trend': () => apiEvent('GET', '/teams/team-a/athletes/a1/trend', teamA, { testType: 'Nordic' }),
    'GET /teams/{teamId}/athletes/{athleteId}/workouts': () => apiEvent('GET', '/teams/team-a/athletes/a1/workouts', teamA, { from: '2026-01-01', to: '2026-12-31' }),
  };

  beforeAll(async () => {
    s3 = mockS3();
    const { encodeTrace } = await import('#functions/adapters/trace-store.ts');
    const trace = encodeTrace({ sampleRateHz: 50, left: Array.from({ length: 100 }, (_, i) => i), right: Array.from({ length: 100 }, (_, i) => 100 - i) });
    s3.on(GetObjectCommand, { Key: detail.trace.traceKey }).callsFake(() => ({ Body: sdkStreamMixin(Readable.from([trace])) }));
  });
  afterAll(() => {
    s3.restore();
  });
  beforeEach(() => {
    const held = { ...upload, sk: 'UPLOAD#u2', uploadId: 'u2', status: 'held' };
    const items = (input: { Key?: { sk?: string } }) => [athlete, detail, upload, held].find((i) => i.sk === input.Key?.sk);
    ddb.on(GetCommand).callsFake((input) => ({ Item: input.Key.sk === 'SETTINGS' ? { pk: 'TEAM#team-a', sk: 'SETTINGS', dateOrder: 'MDY' } : items(input) }));
    ddb.on(QueryCommand).callsFake((input) => {
      const values = input.ExpressionAttributeValues ?? {};
      if (input.IndexName === 'byTestId') return { Items: values[':id'] === test.testId ? [test] : [] };
      if (values[':p'] === 'ATHLETE#') return { Items: [athlete] };
      if (values[':p'] === 'UPLOAD#') return { Items: [upload] };
      if (values[':pk'] === test.pk) return { Items: [test] };
      return { Items: [] };
    });
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
  });

  it('has a request for every route the API serves', () => {
    expect(Object.keys(requests).sort()).toEqual(apiRouteList.map((r) => `${r.method} ${r.path}`).sort());
  });

  it.each(apiRouteList.map((r) => `${r.method} ${r.path}`))('%s reads and writes by key only', async (route) => {
    const res = await handleRequest(requests[route]!());
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(200);
    expect(res.statusCode, res.body).toBeLessThan(300);
    const used = ddb.calls().map((c) => (c.args[0] as object).constructor.name);
    expect(used.length).toBeGreaterThan(0);
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
    expect(used.filter((name) => !allowed.has(name))).toEqual([]);
  });
});

describe('path segments', () => {
  it('a malformed %-escape is a 400 naming the segment, before any read', async () => {
    const res = await handleRequest(apiEvent('GET', '/teams/team-a/athletes/%E0%A4%A/tests', teamA));
    expect(res.statusCode).toBe(400);
    expect(body(res).message).toBe('malformed %-escape in the path segment "%E0%A4%A"');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('a well-formed escape reaches the route decoded', async () => {
    ddb.on(GetCommand).resolves({});
    const res = await handleRequest(apiEvent('GET', '/teams/team-a/athletes/jane%2Ddoe/tests', teamA));
    expect(res.statusCode).toBe(404);
    expect(body(res).message).toMatch(/jane-doe/);
  });
});

describe('GET settings', () => {
  it('answers what the team set and the defaults that apply where it set nothing', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'TEAM#team-a', sk: 'SETTINGS', type: 'settings', dateOrder: 'MDY' } });
    const res = await handleRequest(apiEvent('GET', '/teams/team-a/settings', teamA));
    expect(res.statusCode).toBe(200);
    expect(body(res)).toEqual({
      teamId: 'team-a',
      dateOrder: 'MDY',
      defaults: { dateOrder: null, asymmetryFormula: defaultAsymmetryFormula, traceParameters: { ...traceDefaults }, ...riskSettingDefaults },
    });
  });
});

describe('page tokens', () => {
  const token = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
  const listings: [string, string, Record<string, string>, Record<string, string>][] = [
    ['squad', '/teams/team-a/squad', {}, { pk: 'TEAM#team-a', sk: 'ATHLETE#a1' }],
    ['uploads', '/teams/team-a/uploads', {}, { pk: 'TEAM#team-a', sk: 'UPLOAD#u1', lsi1sk: 'UPLOAD#2026-11-20T10:00:00.000Z#u1' }],
    ['tests', '/teams/team-a/athletes/a1/tests', {}, { pk: 'TEAM#team-a#ATHLETE#a1', sk: 'TEST#2026-11-20T10:00:00.000Z#t1' }],
    ['tests by type', '/teams/team-a/athletes/a1/tests', { testType: 'Nordic' }, { pk: 'TEAM#team-a#ATHLETE#a1', sk: 'TEST#2026-11-20T10:00:00.000Z#t1', lsi1sk: 'TYPE#Nordic#2026-11-20T10:00:00.000Z#t1' }],
  ];

  beforeEach(() => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'TEAM#team-a', sk: 'ATHLETE#a1', athleteId: 'a1', name: 'A One' } });
    ddb.on(QueryCommand).resolves({ Items: [] });
  });

  it.each(listings)('%s: a key the listing issued is passed to DynamoDB as the start key', async (_, path, query, key) => {
    const res = await handleRequest(apiEvent('GET', path, teamA, { ...query, next: token(key) }));
    expect(res.statusCode, res.body).toBe(200);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.ExclusiveStartKey).toEqual(key);
  });

  it.each(listings)('%s: any other token is a 400 and reaches no Query', async (_, path, query, key) => {
    const sk = Object.keys(key).includes('lsi1sk') ? 'lsi1sk' : 'sk';
    const crafted: unknown[] = [
      { ...key, pk: 'TEAM#team-b' }, // another team's partition
      { ...key, pk: `${key.pk}#x` },
      { ...key, sk: 'SETTINGS' }, // right team, sort key outside the listing (gave 500)
      { ...key, [sk]: 'ALIAS#name:x' },
      { ...key, extra: 'x' }, // not exactly the listing's key attributes
      Object.fromEntries(Object.entries(key).filter(([k]) => k !== sk)),
      { ...key, sk: 5 },
      { ...key, sk: `${key.sk}${'x'.repeat(1100)}` },
      [key],
      'TEAM#team-a',
      null,
    ];
    if (!('lsi1sk' in key)) crafted.push({ ...key, lsi1sk: 'UPLOAD#x' });
    const raw = ['%%%', 'not base64 !', token(key).slice(0, 10), 'A'.repeat(7000), Buffer.from('{"pk":').toString('base64url')];
    for (const next of [...crafted.map(token), ...raw]) {
      const res = await handleRequest(apiEvent('GET', path, teamA, { ...query, next }));
      expect(res.statusCode, `${next.slice(0, 60)} → ${res.body}`).toBe(400);
      expect(body(res).message).toBe('next: not a token this listing issued');
    }
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it("a squad token is not a tests token (another listing's key)", async () => {
    const res = await handleRequest(apiEvent('GET', '/teams/team-a/athletes/a1/tests', teamA, { next: token(listings[0]![3]) }));
    expect(res.statusCode).toBe(400);
  });
});

describe('request bodies', () => {
  it('413 past 64 KiB, naming the size and the limit, before anything is written', async () => {
    const big = { fileName: 'x.csv', contentType: 'text/csv', padding: 'x'.repeat(70_000) };
    for (const event of [apiEvent('POST', '/teams/team-a/uploads', teamA, undefined, big), apiEvent('PUT', '/teams/team-a/settings', teamA, undefined, big)]) {
      const res = await handleRequest(event);
      expect(res.statusCode).toBe(413);
      expect(body(res).message).toBe(`the body is ${Buffer.byteLength(JSON.stringify(big)).toLocaleString('en')} bytes; the limit is 65,536 bytes`);
    }
    const encoded = apiEvent('POST', '/teams/team-a/uploads', teamA);
    encoded.body = Buffer.from(JSON.stringify(big)).toString('base64');
    encoded.isBase64Encoded = true;
    expect((await handleRequest(encoded)).statusCode).toBe(413);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('a body at the limit is read (then validated as usual)', async () => {
    const res = await handleRequest(apiEvent('POST', '/teams/team-a/uploads', teamA, undefined, 'x'.repeat(65_536 - 2)));
    expect(res.statusCode).toBe(400);
  });
});

describe('squad order and labels', () => {
  it('names sort first (accents and case aside, numbers as numbers); unnamed VALD-profile athletes get a readable label', async () => {
    const athlete = (athleteId: string, name: string | null, extra: Record<string, string> = {}) => ({ pk: 'TEAM#team-a', sk: `ATHLETE#${athleteId}`, athleteId, name, ...extra });
    ddb.on(QueryCommand).resolves({
      Items: [
        athlete('3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b', null, { valdProfileId: '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b' }),
        athlete('athlete-10', 'Athlete 10'),
        athlete('0a1b2c3d-0000-4000-8000-000000000000', null, { valdProfileId: '0a1b2c3d-0000-4000-8000-000000000000' }),
        athlete('eve', 'ève Martin'),
        athlete('athlete-2', 'Athlete 2'),
        athlete('ext-9', null, { externalId: 'EXT-9' }),
      ],
    });
    const rows = body(await handleRequest(apiEvent('GET', '/teams/team-a/squad', teamA))).athletes;
    expect(rows.map((a: any) => [a.name, a.displayName])).toEqual([
      ['Athlete 2', 'Athlete 2'],
      ['Athlete 10', 'Athlete 10'],
      ['ève Martin', 'ève Martin'],
      [null, 'Athlete EXT-9'],
      [null, 'VALD athlete 0a1b2c3d…'],
      [null, 'VALD athlete 3f2a9c1e…'],
    ]);
  });

  it('the profile carries the same label', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'TEAM#team-a', sk: 'ATHLETE#p1', athleteId: 'p1', name: null, valdProfileId: '3f2a9c1e-5b7d' } });
    expect(body(await handleRequest(apiEvent('GET', '/teams/team-a/athletes/p1', teamA))).displayName).toBe('VALD athlete 3f2a9c1e…');
  });
});
