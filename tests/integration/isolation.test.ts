import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join, relative } from 'node:path';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRouteList } from '#functions/api/route-list.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateSecret, signDevToken } from '#infra/local/dev-token.ts';
import { HOSTILE_IDS } from '../support/hostile-ids.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { repoRoot } from '../support/paths.ts';
import { presignedSignatureMatches } from '../support/sigv4.ts';

/**
 * Every attempt to reach another team's data, or to write outside a team's prefix, on the local stack
 * (s3rver + dynalite + the handlers Lambda runs), each with the refusal it must get. Team A is `real`
 * (the stack's own token), team B is `rival`; both have an athlete `jane-doe` with a raw trace.
 */
const A = 'real';
const B = 'rival';
const fixture = (name: string) => readFileSync(join(repoRoot, 'tests/fixtures/traces', name));
const HUB = 'nordbord-nordic-Jane-Doe-export-01_03_2026.csv';

let t: TestStack;
let tokenA: string;
let tokenB: string;
let secret: Uint8Array;
/** B's ids, which A tries to reach. */
const b = { testId: '', uploadId: '', traceKey: '', trace: Buffer.alloc(0) };
const a = { testId: '', uploadId: '', uploadsNext: '' };

interface Reply {
  status: number;
  body: any;
}

/** A request with the path sent exactly as written (fetch would resolve `..` before sending). */
function send(method: string, path: string, token: string | null, body?: unknown): Promise<Reply> {
  const url = new URL(t.stack.apiUrl);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* kept as text */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function uploadReport(team: string, key: string, body: Buffer | string, token: string) {
  await t.upload(key, body);
  const uploads = (await send('GET', `/teams/${team}/uploads?limit=100`, token)).body.uploads as { key: string; uploadId: string }[];
  const listed = uploads.find((u) => u.key === key);
  if (!listed) return null;
  return (await send('GET', `/teams/${team}/uploads/${listed.uploadId}`, token)).body;
}

const objectBytes = async (key: string) => Buffer.from(await (await t.s3.send(new GetObjectCommand({ Bucket: t.stack.bucket, Key: key }))).Body!.transformToByteArray());
const pageToken = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
const allUploadKeys = async () => [
  ...((await send('GET', `/teams/${A}/uploads?limit=100`, tokenA)).body.uploads as { key: string }[]),
  ...((await send('GET', `/teams/${B}/uploads?limit=100`, tokenB)).body.uploads as { key: string }[]),
].map((u) => u.key);

beforeAll(async () => {
  t = await startTestStack();
  tokenA = t.stack.token;
  tokenB = await t.stack.signToken(B);
  secret = loadOrCreateSecret(join(t.dataDir, 'jwt-secret'));
  await t.upload(`uploads/${A}/roster.csv`, 'athleteId,name\njane-doe,Jane Doe\n');
  await t.upload(`uploads/${B}/roster.csv`, 'athleteId,name\njane-doe,Jane Doe\nbob,Bob Rival\n');
  expect((await uploadReport(A, `uploads/${A}/traces/${HUB}`, fixture(HUB), tokenA)).status).toBe('done');
  // B's trace is of another day, so its test id differs from A's.
  const bReport = await uploadReport(B, `uploads/${B}/traces/nordbord-nordic-Jane-Doe-export-02_03_2026.csv`, fixture(HUB), tokenB);
  expect(bReport.status).toBe('done');
  b.uploadId = bReport.uploadId;
  b.testId = (await send('GET', `/teams/${B}/athletes/jane-doe/tests`, tokenB)).body.tests[0].testId;
  b.traceKey = (await send('GET', `/teams/${B}/athletes/jane-doe/tests/${b.testId}`, tokenB)).body.trace.traceKey;
  expect(b.traceKey).toBe(`traces/${B}/jane-doe/${b.testId}.f32`);
  b.trace = await objectBytes(b.traceKey);
  a.testId = (await send('GET', `/teams/${A}/athletes/jane-doe/tests`, tokenA)).body.tests[0].testId;
  const aUploads = (await send('GET', `/teams/${A}/uploads?limit=1`, tokenA)).body;
  a.uploadId = aUploads.uploads[0].uploadId;
  a.uploadsNext = aUploads.next;
  expect(a.testId).not.toBe(b.testId);
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

/** Fills a route's parameters with B's real ids. */
const pathOf = (path: string, team: string, params: Partial<Record<string, string>> = {}) =>
  path.replace('{teamId}', team).replace('{athleteId}', params.athleteId ?? 'jane-doe').replace('{testId}', params.testId ?? b.testId).replace('{uploadId}', params.uploadId ?? b.uploadId);
const bodyFor = (method: string, path: string) => (method === 'POST' ? { fileName: 'x.csv' } : method === 'PUT' && path.endsWith('/settings') ? { dateOrder: 'MDY' } : undefined);

/** Path parameters that smuggle a separator or climb once decoded: each is refused by the id grammar (400). */
const ENCODED_TRAVERSAL = ['..%2F..%2Frival', '%2e%2e%2f%2e%2e%2frival', '%2Fetc%2Fpasswd', 'a%5Cb', '..%5C..%5Crival', 'a%00b', '%2F', 'jane-doe%2F..%2F..%2Frival'];

/**
 * Dot segments, raw or %-encoded (`%2e%2e` is `..` to a URL parser too), are resolved before routing, as
 * API Gateway and every HTTP stack do: the segment disappears with its parent and no route matches (404).
 */
const DOT_SEGMENTS = ['..', '%2e%2e', '.%2E'];

type Attempt = [string, () => Promise<Reply>, number | number[]];

describe('team isolation on the local stack', () => {
  it('refuses every attempt to reach another team, with the status each deserves', async () => {
    const attempts: Attempt[] = [];
    const add = (what: string, run: () => Promise<Reply>, expected: number | number[]) => attempts.push([what, run, expected]);

    // Another team's paths on every route, with A's valid token (and with B's token on A's paths).
    for (const { method, path } of apiRouteList) {
      add(`A's token on ${method} ${pathOf(path, B)}`, () => send(method, pathOf(path, B), tokenA, bodyFor(method, path)), 403);
      add(`B's token on ${method} ${pathOf(path, A, { testId: a.testId, uploadId: a.uploadId })}`, () => send(method, pathOf(path, A, { testId: a.testId, uploadId: a.uploadId }), tokenB, bodyFor(method, path)), 403);
    }
    add("B's token reading A's upload report", () => send('GET', `/teams/${A}/uploads/${a.uploadId}`, tokenB), 403);
    add("B's token reading A's trace", () => send('GET', `/teams/${A}/athletes/jane-doe/tests/${a.testId}/trace`, tokenB), 403);
    // A's own team path naming B's ids: nothing of B's is found under A.
    add("B's upload id under A", () => send('GET', `/teams/${A}/uploads/${b.uploadId}`, tokenA), 404);
    add("B's test id under A's athlete", () => send('GET', `/teams/${A}/athletes/jane-doe/tests/${b.testId}`, tokenA), 404);
    add("B's test's trace under A's athlete", () => send('GET', `/teams/${A}/athletes/jane-doe/tests/${b.testId}/trace`, tokenA), 404);
    add("B's athlete under A", () => send('GET', `/teams/${A}/athletes/bob`, tokenA), 404);
    // Bodies naming another team; a file name that climbs stays a file name under A's prefix.
    add('an upload request naming team B in its body', () => send('POST', `/teams/${A}/uploads`, tokenA, { fileName: 'x.csv', teamId: B }), 400);
    add('settings naming team B in the body', () => send('PUT', `/teams/${A}/settings`, tokenA, { teamId: B, dateOrder: 'MDY' }), 400);
    add('an oversized body', () => send('PUT', `/teams/${A}/settings`, tokenA, { dateOrder: 'MDY', pad: 'x'.repeat(70_000) }), 413);
    add('a body over the gateway limit (10 MB)', () => send('POST', `/teams/${A}/uploads`, tokenA, { fileName: 'x'.repeat(10_500_000) }), 413);
    // Raw `..` is resolved by URL parsing before routing (as API Gateway normalises paths): the result names B.
    add('raw ../ from A into B', () => send('GET', `/teams/${A}/../${B}/squad`, tokenA), 403);
    add('raw ../ in the athlete segment into B', () => send('GET', `/teams/${A}/athletes/../../${B}/athletes/jane-doe`, tokenA), 403);
    add('an upper-case team', () => send('GET', `/teams/RIVAL/squad`, tokenA), 400);
    // Encoded traversal in every path parameter of every route.
    for (const { method, path } of apiRouteList) {
      for (const param of ['teamId', 'athleteId', 'testId', 'uploadId'].filter((p) => path.includes(`{${p}}`))) {
        const at = (value: string) => pathOf(param === 'teamId' ? path.replace('{teamId}', value) : path.replace(`{${param}}`, value), A, { testId: a.testId, uploadId: a.uploadId });
        for (const value of ENCODED_TRAVERSAL) add(`${method} ${at(value)}`, () => send(method, at(value), tokenA, bodyFor(method, path)), 400);
        for (const value of DOT_SEGMENTS) add(`${method} ${at(value)}`, () => send(method, at(value), tokenA, bodyFor(method, path)), 404);
      }
    }
    // Forged, expired, unsigned, no-exp, claim-conflict and misaddressed tokens: 401 on every route.
    const now = Math.floor(Date.now() / 1000);
    const signed = (claims: Record<string, unknown>, opts: { iss?: string; aud?: string; exp?: number | null; key?: Uint8Array } = {}) => {
      const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(opts.iss ?? LOCAL_ISSUER).setAudience(opts.aud ?? LOCAL_AUDIENCE).setIssuedAt();
      if (opts.exp !== null) jwt.setExpirationTime(opts.exp ?? now + 600);
      return jwt.sign(opts.key ?? secret);
    };
    const [h, , s] = tokenA.split('.');
    const tokens: [string, string][] = [
      ['no token', ''],
      ['not a JWT', 'not-a-jwt'],
      ['signed with another key', await signDevToken(randomBytes(32), A)],
      ['alg: none', new UnsecuredJWT({ teamId: A }).setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE).setExpirationTime(now + 600).encode()],
      ["A's signature on B's claims", `${h}.${Buffer.from(JSON.stringify({ teamId: B, iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, exp: now + 600 })).toString('base64url')}.${s}`],
      ['expired', await signed({ teamId: A }, { exp: now - 60 })],
      ['no exp', await signed({ teamId: A }, { exp: null })],
      ['teamId and custom:teamId disagreeing', await signed({ teamId: A, 'custom:teamId': B })],
      ['another issuer', await signed({ teamId: A }, { iss: 'https://evil.example' })],
      ['another audience', await signed({ teamId: A }, { aud: 'another-api' })],
    ];
    for (const [what, token] of tokens) {
      for (const { method, path } of apiRouteList) {
        add(`${what}: ${method} ${path}`, () => send(method, pathOf(path, A, { testId: a.testId, uploadId: a.uploadId }), token || null, bodyFor(method, path)), 401);
      }
    }
    // Page tokens: only one the listing issued is accepted.
    const uploadsKey = JSON.parse(Buffer.from(a.uploadsNext, 'base64url').toString('utf8'));
    add("A's uploads token on B's listing (B's token)", () => send('GET', `/teams/${B}/uploads?next=${a.uploadsNext}`, tokenB), 400);
    add("a token moved into B's partition", () => send('GET', `/teams/${A}/uploads?next=${pageToken({ ...uploadsKey, pk: `TEAM#${B}` })}`, tokenA), 400);
    add('a token of the right team, sort key outside the listing', () => send('GET', `/teams/${A}/uploads?next=${pageToken({ ...uploadsKey, sk: 'SETTINGS' })}`, tokenA), 400);
    add("an uploads token on A's squad", () => send('GET', `/teams/${A}/squad?next=${a.uploadsNext}`, tokenA), 400);
    add("a squad token into B's athlete partition", () => send('GET', `/teams/${A}/squad?next=${pageToken({ pk: `TEAM#${B}`, sk: 'ATHLETE#bob' })}`, tokenA), 400);
    add("an athlete-tests token for B's athlete", () => send('GET', `/teams/${A}/athletes/jane-doe/tests?next=${pageToken({ pk: `TEAM#${B}#ATHLETE#jane-doe`, sk: `TEST#2026-03-02T00:00:00.000Z#${b.testId}` })}`, tokenA), 400);
    add('a token that is not base64 JSON', () => send('GET', `/teams/${A}/uploads?next=%7B%22pk%22`, tokenA), 400);

    const outcomes = [];
    for (const [what, run, expected] of attempts) {
      const reply = await run();
      const allowed = Array.isArray(expected) ? expected : [expected];
      outcomes.push({ what, status: reply.status, ok: allowed.includes(reply.status), body: JSON.stringify(reply.body).slice(0, 160) });
    }
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(250);
  }, 120_000);

  it('answers query parameters naming another team with the caller\'s own data only', async () => {
    const squad = await send('GET', `/teams/${A}/squad?teamId=${B}`, tokenA);
    expect(squad.status).toBe(200);
    expect(squad.body.athletes.map((x: { athleteId: string }) => x.athleteId)).toEqual(['jane-doe']);
    const uploads = await send('GET', `/teams/${A}/uploads?teamId=${B}&limit=100`, tokenA);
    expect(uploads.body.uploads.every((u: { key: string; teamId: string }) => u.teamId === A && u.key.startsWith(`uploads/${A}/`))).toBe(true);
  });

  it('a presigned PUT is for one key under the caller’s prefix; rewritten into B’s prefix its signature no longer matches', async () => {
    const issued = await send('POST', `/teams/${A}/uploads`, tokenA, { fileName: `../../${B}/jane-doe/x.csv`, contentType: 'text/csv' });
    expect(issued.status).toBe(201);
    expect(issued.body.key).toMatch(new RegExp(`^uploads/${A}/\\d{8}T\\d{6}Z-[0-9a-f]{8}/${B}_jane-doe_x\\.csv$`));
    const url = new URL(issued.body.url);
    expect(decodeURIComponent(url.pathname)).toBe(`/${t.stack.bucket}/${issued.body.key}`);
    expect(presignedSignatureMatches('PUT', issued.body.url, issued.body.headers, 'S3RVER')).toBe(true);
    for (const path of [`/${t.stack.bucket}/uploads/${B}/x.csv`, url.pathname.replace(`/uploads/${A}/`, `/uploads/${B}/`), url.pathname.replace(`/uploads/${A}/`, `/uploads/${A}/../${B}/`)]) {
      const tampered = new URL(issued.body.url);
      tampered.pathname = path;
      expect(presignedSignatureMatches('PUT', tampered.toString(), issued.body.headers, 'S3RVER'), path).toBe(false);
    }
  });

  it('never ingests an object whose key is outside uploads/<team>/ or has unsafe segments', async () => {
    const before = await allUploadKeys();
    for (const key of [`reports/${B}/planted.json`, `uploads/${A}/../${B}/planted.csv`, `uploads/${A}/%2e%2e/${B}/planted.csv`, `uploads/${A}/..%2F${B}%2Fplanted.csv`, `uploads/${A}/a\\..\\planted.csv`, `uploads/RIVAL/planted.csv`]) {
      await t.s3.send(new PutObjectCommand({ Bucket: t.stack.bucket, Key: key, Body: 'athleteId,name\nmallory,Mallory\n' }));
    }
    await t.settle();
    expect(await allUploadKeys()).toEqual(before);
    for (const team of [A, B]) {
      const squad = (await send('GET', `/teams/${team}/squad`, team === A ? tokenA : tokenB)).body.athletes.map((x: { athleteId: string }) => x.athleteId);
      expect(squad).not.toContain('mallory');
    }
    expect(t.stack.queue.deadLetters).toHaveLength(0);
  });

  it('a trace whose ids climb (testId, athleteId, sidecar, metadata; every encoded variant) is rejected and writes nothing outside traces/<team>/', async () => {
    const api = JSON.parse(fixture('vald-api-trace-50hz.json').toString('utf8'));
    const eccentric = JSON.parse(fixture('eccentric-example.json').toString('utf8'));
    const uploads: { key: string; body: Buffer | string; sidecar?: unknown; metadata?: Record<string, string> }[] = [];
    HOSTILE_IDS.forEach((id, i) => {
      uploads.push({ key: `uploads/${A}/hostile/${i}-api.json`, body: JSON.stringify({ ...api, testId: id }) });
      uploads.push({ key: `uploads/${A}/hostile/${i}-profile.json`, body: JSON.stringify({ ...api, athleteId: id }) });
      uploads.push({ key: `uploads/${A}/hostile/${i}-eccentric.json`, body: JSON.stringify({ ...eccentric, athleteId: id }) });
      uploads.push({ key: `uploads/${A}/hostile/${i}-sidecar.csv`, body: fixture(HUB), sidecar: { testId: id } });
      // Object metadata is an HTTP header: values with control characters cannot be sent at all.
      if (!/[\u0000-\u001f]/.test(id)) uploads.push({ key: `uploads/${A}/hostile/${i}-metadata.csv`, body: fixture(HUB), metadata: { 'athlete-id': id } });
    });
    uploads.push({ key: `uploads/${A}/hostile/climb-to-b.json`, body: JSON.stringify({ ...api, testId: `../../${B}/jane-doe/${b.testId}` }) });
    for (const u of uploads) {
      if (u.sidecar) await t.s3.send(new PutObjectCommand({ Bucket: t.stack.bucket, Key: `${u.key}.meta.json`, Body: JSON.stringify(u.sidecar) }));
      await t.s3.send(new PutObjectCommand({ Bucket: t.stack.bucket, Key: u.key, Body: u.body, ...(u.metadata ? { Metadata: u.metadata } : {}) }));
    }
    await t.settle();
    const reports = (await send('GET', `/teams/${A}/uploads?limit=100`, tokenA)).body.uploads.filter((x: { key: string }) => x.key.startsWith(`uploads/${A}/hostile/`) && !x.key.endsWith('.meta.json'));
    expect(reports).toHaveLength(uploads.length);
    for (const listed of reports) {
      const report = (await send('GET', `/teams/${A}/uploads/${listed.uploadId}`, tokenA)).body;
      expect({ key: report.key, status: report.status, code: report.rejected[0]?.code }).toEqual({ key: listed.key, status: 'rejected', code: 'invalid-id' });
    }
    expect(t.stack.queue.deadLetters).toHaveLength(0);
    // B's trace is untouched, and the store holds only the two traces the teams uploaded.
    expect((await objectBytes(b.traceKey)).equals(b.trace)).toBe(true);
    const s3Dir = join(t.dataDir, 's3');
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [relative(s3Dir, join(dir, f))]));
    const files = walk(s3Dir);
    expect(files.every((f) => f.startsWith(`${t.stack.bucket}/`))).toBe(true);
    const traceObjects = new Set(files.filter((f) => f.startsWith(`${t.stack.bucket}/traces/`)).map((f) => f.replace(/\._S3rver_.*$/, '')));
    expect([...traceObjects].sort()).toEqual([`${t.stack.bucket}/traces/${A}/jane-doe/${a.testId}.f32`, `${t.stack.bucket}/${b.traceKey}`].sort());
    expect(readdirSync(t.dataDir).sort()).toEqual(['jwt-secret', 'queues', 's3']); // queues: the local runtime's durable queue files
  }, 120_000);
});
