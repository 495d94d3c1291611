import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { relativeForce } from '#core/metrics/relative-force.ts';
import { getAthlete, querySquad } from '../adapters/athlete-repository.ts';
import { presignGet, presignPut } from '../adapters/s3-objects.ts';
import { getTest, queryAthleteTests, type StoredTest } from '../adapters/test-repository.ts';
import { getDetail, withDetail } from '../adapters/test-detail-repository.ts';
import { getTrace, isTraceKeyOf } from '../adapters/trace-store.ts';
import { traceChart } from './trace-chart.ts';
import { getUpload, listUploads, saveUpload, uploadIdFor } from '../adapters/upload-repository.ts';
import { loadStoredSettings, replaceTeamSettings, riskSettingsOf, settingDefaults, TeamSettingsPutSchema } from '../adapters/settings-repository.ts';
import { answerDateOrder, reingestHeld } from '../ingest/held-date-order.ts';
import { queryWorkouts } from '../adapters/history-repository.ts';
import { getTeamRisk, getTrend } from '../adapters/summary-repository.ts';
import { enqueueTeam } from '../adapters/recompute-queue.ts';
import { emptyTeamRisk, emptyTrend, matchesSquadFilter, squadCsv, squadRisk } from './risk-views.ts';
import { authorizeTeam } from './auth.ts';
import { HttpError, jsonBody, parseOr400 } from './http.ts';
import { idParam } from './id-param.ts';
import { athleteProfile, bodyMassOf, squadOrder, squadRow } from './squad.ts';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
export interface RouteResult {
  status: number;
  body: unknown;
  /** A body that is not JSON (export.csv): sent as it is, with this content type. */
  contentType?: string;
  headers?: Record<string, string>;
}
export type Route = { method: string; pattern: RegExp; params: string[]; run: (event: Event, params: Record<string, string>) => Promise<RouteResult> };

const TeamId = idParam('team');
const AthleteId = idParam('athlete');
const TestId = idParam('test');
const UploadId = idParam('upload');
const Limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const PRESIGN_SECONDS = 900;

const TestType = z.string().min(1).max(64);
const Levels = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim().toLowerCase()))
  .pipe(z.array(z.enum(['green', 'amber', 'red'])).min(1));
const SquadQuery = z
  .object({
    testType: TestType.default('Nordic'),
    limit: Limit(500, 200),
    next: z.string().optional(),
    status: Levels.optional(),
    squad: z.string().min(1).max(100).optional(),
    position: z.string().min(1).max(100).optional(),
  });
const RiskQuery = z.object({ testType: TestType.default('Nordic') });
const IsoDay = z.iso.date();
const WorkoutsQuery = z
  .object({ from: IsoDay.default('0000-01-01'), to: IsoDay.default('9999-12-31'), limit: Limit(500, 200), next: z.string().optional() })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
const TestsQuery = z.object({ testType: z.string().min(1).max(64).optional(), limit: Limit(200, 50), next: z.string().optional() });
const TraceQuery = z.object({ maxPoints: z.coerce.number().int().min(10).max(20_000).default(2000) });
const ListQuery = z.object({ limit: Limit(100, 20), next: z.string().optional() });
const UploadRequest = z.object({
  fileName: z.string().min(1).max(200),
  contentType: z.string().min(1).max(100).default('application/octet-stream'),
}).strict();

function route(method: string, path: string, run: Route['run']): Route {
  const params: string[] = [];
  const pattern = new RegExp(`^${path.replace(/\{(\w+)\}/g, (_, name: string) => (params.push(name), '([^/]+)'))}$`);
  return { method, pattern, params, run };
}

/** Team is checked before anything is read: the token's team must be the path's team. */
function team(event: Event, params: Record<string, string>): string {
  const teamId = parseOr400(TeamId, params.teamId, 'teamId');
  authorizeTeam(event, teamId);
  return teamId;
}

const query = (event: Event) => event.queryStringParameters ?? {};

/** `report.csv` → `report.csv`; anything outside [A-Za-z0-9._-] becomes `_` so keys stay unambiguous. */
const safeFileName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '') || 'upload';

export const routes: Route[] = [
  route('GET', '/teams/{teamId}/squad', async (event, params) => {
    const teamId = team(event, params);
    const q = parseOr400(SquadQuery, query(event), 'query');
    const page = await querySquad(teamId, q.limit, q.next);
    const now = new Date();
    // Filters apply within the page read (one Query): a filtered page can hold fewer rows than `limit`.
    const rows = page.items
      .filter((a) => matchesSquadFilter(a, q.testType, q))
      .sort(squadOrder)
      .map((a) => ({ ...squadRow(a, q.testType, now), ...squadRisk(a, q.testType) }));
    return { status: 200, body: { testType: q.testType, athletes: rows, next: page.next } };
  }),
  route('GET', '/teams/{teamId}/risk', async (event, params) => {
    const teamId = team(event, params);
    const q = parseOr400(RiskQuery, query(event), 'query');
    const item = await getTeamRisk(teamId, q.testType);
    return { status: 200, body: item?.risk ?? emptyTeamRisk(q.testType, riskSettingsOf(await loadStoredSettings(teamId))) };
  }),
  route('GET', '/teams/{teamId}/export.csv', async (event, params) => {
    const teamId = team(event, params);
    const q = parseOr400(RiskQuery, query(event), 'query');
    const athletes = [];
    let next: string | undefined;
    do {
      const page = await querySquad(teamId, 500, next);
      athletes.push(...page.items);
      next = page.next ?? undefined;
    } while (next);
    return {
      status: 200,
      body: squadCsv(athletes.sort(squadOrder), q.testType),
      contentType: 'text/csv; charset=utf-8',
      headers: { 'content-disposition': `attachment; filename="eccentric-${teamId}-${q.testType.replace(/[^A-Za-z0-9]+/g, '-')}.csv"` },
    };
  }),
  route('GET', '/teams/{teamId}/athletes/{athleteId}/trend', async (event, params) => {
    const teamId = team(event, params);
    const athleteId = parseOr400(AthleteId, params.athleteId, 'athleteId');
    const q = parseOr400(RiskQuery, query(event), 'query');
    const [athlete, trend] = await Promise.all([getAthlete(teamId, athleteId), getTrend(teamId, athleteId, q.testType)]);
    if (!athlete) throw new HttpError(404, `no athlete "${athleteId}" in team "${teamId}"`);
    return { status: 200, body: trend ?? emptyTrend(athlete, q.testType, riskSettingsOf(await loadStoredSettings(teamId))) };
  }),
  route('GET', '/teams/{teamId}/athletes/{athleteId}/workouts', async (event, params) => {
    const teamId = team(event, params);
    const athleteId = parseOr400(AthleteId, params.athleteId, 'athleteId');
    const q = parseOr400(WorkoutsQuery, query(event), 'query');
    const [athlete, page] = await Promise.all([getAthlete(teamId, athleteId), queryWorkouts(teamId, athleteId, q)]);
    if (!athlete) throw new HttpError(404, `no athlete "${athleteId}" in team "${teamId}"`);
    return { status: 200, body: { athleteId: athlete.athleteId, name: athlete.name, from: q.from, to: q.to, workouts: page.items, next: page.next } };
  }),
  route('GET', '/teams/{teamId}/athletes/{athleteId}', async (event, params) => {
    const teamId = team(event, params);
    const athleteId = parseOr400(AthleteId, params.athleteId, 'athleteId');
    const athlete = await getAthlete(teamId, athleteId);
    if (!athlete) throw new HttpError(404, `no athlete "${athleteId}" in team "${teamId}"`);
    return { status: 200, body: athleteProfile(athlete, new Date()) };
  }),
  route('GET', '/teams/{teamId}/athletes/{athleteId}/tests', async (event, params) => {
    const teamId = team(event, params);
    const athleteId = parseOr400(AthleteId, params.athleteId, 'athleteId');
    const q = parseOr400(TestsQuery, query(event), 'query');
    const athlete = await getAthlete(teamId, athleteId);
    if (!athlete) throw new HttpError(404, `no athlete "${athleteId}" in team "${teamId}"`);
    const page = await queryAthleteTests(teamId, athleteId, q);
    return { status: 200, body: { athleteId: athlete.athleteId, name: athlete.name, tests: page.items.map((t) => withRelativeForce(t, athlete)), next: page.next } };
  }),
  route('GET', '/teams/{teamId}/athletes/{athleteId}/tests/{testId}', async (event, params) => {
    const teamId = team(event, params);
    const athleteId = parseOr400(AthleteId, params.athleteId, 'athleteId');
    const testId = parseOr400(TestId, params.testId, 'testId');
    const [athlete, test, detail] = await Promise.all([getAthlete(teamId, athleteId), getTest(teamId, athleteId, testId), getDetail(teamId, athleteId, testId)]);
    if (!athlete || !test) throw new HttpError(404, `no test "${testId}" for athlete "${athleteId}" in team "${teamId}"`);
    return { status: 200, body: withRelativeForce(withDetail(test, detail), athlete) };
  }),
  route('GET', '/teams/{teamId}/athletes/{athleteId}/tests/{testId}/trace', async (event, params) => {
    const teamId = team(event, params);
    const athleteId = parseOr400(AthleteId, params.athleteId, 'athleteId');
    const testId = parseOr400(TestId, params.testId, 'testId');
    const { maxPoints } = parseOr400(TraceQuery, query(event), 'query');
    const detail = await getDetail(teamId, athleteId, testId);
    const traceKey = detail?.trace?.traceKey;
    if (!traceKey) throw new HttpError(404, `test "${testId}" of athlete "${athleteId}" has no raw trace`);
    // The key is read from the team's own item and always lies under traces/<teamId>/.
    if (!isTraceKeyOf(traceKey, teamId)) throw new HttpError(404, `test "${testId}" has no raw trace`);
    return { status: 200, body: traceChart(testId, await getTrace(traceKey), detail, maxPoints) };
  }),
  route('POST', '/teams/{teamId}/uploads', async (event, params) => {
    const teamId = team(event, params);
    const body = parseOr400(UploadRequest, jsonBody(event, '{ "fileName": "…", "contentType": "…" }'), 'body');
    const now = new Date();
    const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, 'Z');
    const key = `uploads/${teamId}/${stamp}-${randomBytes(4).toString('hex')}/${safeFileName(body.fileName)}`;
    const uploadId = uploadIdFor(key);
    await saveUpload({ uploadId, teamId, key, fileName: body.fileName, status: 'queued' }, now.toISOString());
    const url = await presignPut(key, body.contentType, PRESIGN_SECONDS);
    return {
      status: 201,
      body: {
        uploadId,
        key,
        method: 'PUT',
        url,
        headers: { 'content-type': body.contentType },
        expiresAt: new Date(now.getTime() + PRESIGN_SECONDS * 1000).toISOString(),
      },
    };
  }),
  route('GET', '/teams/{teamId}/uploads', async (event, params) => {
    const teamId = team(event, params);
    const q = parseOr400(ListQuery, query(event), 'query');
    const page = await listUploads(teamId, q.limit, q.next);
    return { status: 200, body: { uploads: page.items, next: page.next } };
  }),
  route('GET', '/teams/{teamId}/settings', async (event, params) => {
    const teamId = team(event, params);
    // What the team set, and what applies where it set nothing.
    return { status: 200, body: { teamId, ...(await loadStoredSettings(teamId)), defaults: settingDefaults } };
  }),
  route('PUT', '/teams/{teamId}/settings', async (event, params) => {
    const teamId = team(event, params);
    const settings = parseOr400(TeamSettingsPutSchema, jsonBody(event, '{ "dateOrder": "MDY", "sport": "soccer", "baseline": { "maxTests": 6 }, … }'), 'body');
    const stored = await replaceTeamSettings(teamId, settings);
    // Uploads held for their day/month order are read again once the team has one.
    const reingested = settings.dateOrder ? await reingestHeld(teamId) : [];
    // Every athlete's status depends on the settings: the whole team is summarised again (fanned out per athlete).
    await enqueueTeam(teamId, 'settings changed');
    return { status: 200, body: { teamId, ...stored, reingested, recompute: 'queued' } };
  }),
  // A held upload's day/month order, answered for it alone (and the team's, when the team has none).
  route('POST', '/teams/{teamId}/uploads/{uploadId}/date-order', async (event, params) => {
    const teamId = team(event, params);
    const uploadId = parseOr400(UploadId, params.uploadId, 'uploadId');
    const { dateOrder } = parseOr400(z.object({ dateOrder: z.enum(['MDY', 'DMY']) }).strict(), jsonBody(event, '{ "dateOrder": "MDY" | "DMY" }'), 'body');
    const upload = await getUpload(teamId, uploadId);
    if (!upload) throw new HttpError(404, `no upload "${uploadId}" in team "${teamId}"`);
    if (upload.status !== 'held') throw new HttpError(409, `upload "${uploadId}" is ${upload.status}, not held: only a held upload waits for its date order`);
    return { status: 202, body: await answerDateOrder(teamId, upload, dateOrder) };
  }),
  route('GET', '/teams/{teamId}/uploads/{uploadId}', async (event, params) => {
    const teamId = team(event, params);
    const uploadId = parseOr400(UploadId, params.uploadId, 'uploadId');
    const upload = await getUpload(teamId, uploadId);
    if (!upload) throw new HttpError(404, `no upload "${uploadId}" in team "${teamId}"`);
    const reportUrl = upload.reportKey ? await presignGet(upload.reportKey, PRESIGN_SECONDS) : null;
    return { status: 200, body: { ...upload, reportUrl } };
  }),
];

/** Relative force from the roster's body mass (else the export's, when plausible), computed at read time. */
function withRelativeForce(t: StoredTest, athlete: Parameters<typeof bodyMassOf>[0]) {
  const mass = bodyMassOf(athlete, t.bodyMassKg);
  return {
    ...t,
    left: { ...t.left, peakNPerKg: relativeForce(t.left.peakN, mass) },
    right: { ...t.right, peakNPerKg: relativeForce(t.right.peakN, mass) },
  };
}

export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | { allowed: string[] } | null {
  const allowed: string[] = [];
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    if (r.method !== method) {
      allowed.push(r.method);
      continue;
    }
    const params: Record<string, string> = {};
    r.params.forEach((name, i) => (params[name] = decodePathSegment(m[i + 1]!)));
    return { route: r, params };
  }
  return allowed.length ? { allowed } : null;
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `malformed %-escape in the path segment "${segment}"`);
  }
}
