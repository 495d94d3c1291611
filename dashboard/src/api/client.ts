/**
 * The one typed module that talks to the HTTP API. Every call carries the user's token; ids are encoded as
 * path segments. Routes of the risk API (issue 17) that this API does not serve yet answer `null`
 * ("not available yet"), so the views can say so instead of failing.
 */
import type { AthleteTrend, TeamRisk } from '../../../shared/model/risk.ts';
import type { AthleteProfile, PresignedUpload, Squad, SquadRow, StoredTest, TeamSettings, TestPage, TraceResponse, UploadItem, UploadReport, WorkoutRow } from './types.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly details: unknown;
  constructor(status: number, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

/** A route the API does not know: the local gateway says "no route …", API Gateway "Not Found". */
const isMissingRoute = (e: unknown) => e instanceof ApiError && e.status === 404 && /^(no route|not found$)/i.test(e.message);

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiOptions {
  apiUrl: string;
  token: string;
  teamId: string;
  fetch?: Fetch;
}

export function createApi(options: ApiOptions) {
  const doFetch: Fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const team = `/teams/${encodeURIComponent(options.teamId)}`;
  const athlete = (id: string) => `${team}/athletes/${encodeURIComponent(id)}`;
  const qs = (params: Record<string, string | number | undefined | null>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    const s = q.toString();
    return s ? `?${s}` : '';
  };

  async function call<T>(method: string, path: string, body?: unknown, accept: 'json' | 'text' = 'json'): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(`${options.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${options.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (e) {
      throw new ApiError(0, `could not reach the API at ${options.apiUrl} (${(e as Error).message})`);
    }
    if (!res.ok) {
      let message = `HTTP ${res.status}`;
      let details: unknown;
      try {
        const b = (await res.json()) as { message?: string; details?: unknown };
        if (b.message) message = b.message;
        details = b.details;
      } catch {
        /* a body that is not JSON: keep the status */
      }
      throw new ApiError(res.status, message, details);
    }
    return (accept === 'text' ? await res.text() : await res.json()) as T;
  }
  const optional = async <T>(path: string): Promise<T | null> => {
    try {
      return await call<T>('GET', path);
    } catch (e) {
      if (isMissingRoute(e)) return null;
      throw e;
    }
  };

  /** Every page of a listing (squads of up to a few thousand athletes). */
  async function squadAll(testType: string): Promise<Squad> {
    const rows: SquadRow[] = [];
    let next: string | null = null;
    let first: Squad | null = null;
    do {
      const page: Squad = await call<Squad>('GET', `${team}/squad${qs({ testType, limit: 500, next })}`);
      first ??= page;
      rows.push(...page.athletes);
      next = page.next;
    } while (next);
    return { ...first!, athletes: rows, next: null };
  }

  return {
    teamId: options.teamId,
    squad: squadAll,
    athlete: (id: string) => call<AthleteProfile>('GET', athlete(id)),
    tests: (id: string, q: { testType?: string; limit?: number; next?: string } = {}) => call<TestPage>('GET', `${athlete(id)}/tests${qs(q)}`),
    test: (id: string, testId: string) => call<StoredTest>('GET', `${athlete(id)}/tests/${encodeURIComponent(testId)}`),
    trace: (id: string, testId: string, maxPoints = 2000) => call<TraceResponse>('GET', `${athlete(id)}/tests/${encodeURIComponent(testId)}/trace${qs({ maxPoints })}`),
    createUpload: (fileName: string, contentType: string) => call<PresignedUpload>('POST', `${team}/uploads`, { fileName, contentType }),
    uploads: (limit = 50) => call<{ uploads: UploadItem[]; next: string | null }>('GET', `${team}/uploads${qs({ limit })}`),
    upload: (uploadId: string) => call<UploadReport>('GET', `${team}/uploads/${encodeURIComponent(uploadId)}`),
    settings: () => call<TeamSettings>('GET', `${team}/settings`),
    saveSettings: (settings: Record<string, unknown>) => call<Record<string, unknown>>('PUT', `${team}/settings`, settings),
    // The risk API (issue 17): null until it is deployed.
    risk: (testType: string) => optional<TeamRisk>(`${team}/risk${qs({ testType })}`),
    trend: (id: string, testType: string) => optional<AthleteTrend>(`${athlete(id)}/trend${qs({ testType })}`),
    workouts: (id: string, from?: string, to?: string) => optional<{ workouts: WorkoutRow[] }>(`${athlete(id)}/workouts${qs({ from, to })}`),
    exportCsv: async () => {
      try {
        return await call<string>('GET', `${team}/export.csv`, undefined, 'text');
      } catch (e) {
        if (isMissingRoute(e)) return null;
        throw e;
      }
    },
  };
}

export type Api = ReturnType<typeof createApi>;
