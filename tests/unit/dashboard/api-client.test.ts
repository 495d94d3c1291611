import { describe, expect, it } from 'vitest';
import { ApiError, createApi, type Fetch } from '../../../dashboard/src/api/client.ts';
import { parseRoute } from '../../../dashboard/src/router.ts';

function fakeApi(answer: (url: string, init: RequestInit) => { status: number; body: unknown }) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: Fetch = async (url, init = {}) => {
    calls.push({ url, init });
    const a = answer(url, init);
    return new Response(typeof a.body === 'string' ? a.body : JSON.stringify(a.body), { status: a.status });
  };
  return { api: createApi({ apiUrl: 'https://api.test', token: 'TOKEN', teamId: 'demo', fetch }), calls };
}

describe('dashboard API client', () => {
  it('sends the token, encodes ids as path segments and reads every squad page', async () => {
    const { api, calls } = fakeApi((url) => ({ status: 200, body: url.includes('next=p2') ? { testType: 'Nordic', athletes: [{ athleteId: 'b' }], next: null } : { testType: 'Nordic', athletes: [{ athleteId: 'a' }], next: 'p2' } }));
    const squad = await api.squad('Nordic');
    expect(squad.athletes.map((a) => a.athleteId)).toEqual(['a', 'b']);
    expect(calls[0]!.url).toBe('https://api.test/teams/demo/squad?testType=Nordic&limit=500');
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer TOKEN');
    await api.athlete('../other-team/x').catch(() => undefined);
    expect(calls.at(-1)!.url).toBe('https://api.test/teams/demo/athletes/..%2Fother-team%2Fx');
  });

  it('answers null for a risk route the API does not serve yet, but fails on a real 404 or 403', async () => {
    const { api } = fakeApi((url) =>
      url.includes('/risk') ? { status: 404, body: { message: 'no route GET /teams/demo/risk' } } : url.includes('/trend') ? { status: 404, body: { message: 'Not Found' } } : { status: 404, body: { message: 'no athlete "x" in team "demo"' } },
    );
    expect(await api.risk('Nordic')).toBeNull();
    expect(await api.trend('x', 'Nordic')).toBeNull();
    await expect(api.workouts('x')).rejects.toThrow('no athlete "x" in team "demo"');
    const forbidden = fakeApi(() => ({ status: 403, body: { message: 'this token is not allowed to read or write team "demo"' } })).api;
    await expect(forbidden.risk('Nordic')).rejects.toMatchObject({ status: 403 });
  });

  it('keeps the API’s message and field details for a 400, and says when the API cannot be reached', async () => {
    const { api } = fakeApi(() => ({ status: 400, body: { message: 'invalid body: dateOrder: bad', details: [{ field: 'dateOrder', message: 'bad' }] } }));
    const error = (await api.saveSettings({ dateOrder: 'X' }).catch((e) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.details).toEqual([{ field: 'dateOrder', message: 'bad' }]);
    const down = createApi({ apiUrl: 'https://api.test', token: 't', teamId: 'demo', fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(down.uploads()).rejects.toThrow('could not reach the API at https://api.test (Failed to fetch)');
  });
});

describe('routes', () => {
  it('maps hashes to views, decoding athlete ids, squad by default', () => {
    expect(parseRoute('#/athletes/QB07')).toEqual({ view: 'athlete', athleteId: 'QB07' });
    expect(parseRoute('#/athletes/a%20b')).toEqual({ view: 'athlete', athleteId: 'a b' });
    expect(parseRoute('#/athletes/%E0%A4%A')).toEqual({ view: 'squad' });
    expect(parseRoute('#/settings')).toEqual({ view: 'settings' });
    expect(parseRoute('')).toEqual({ view: 'squad' });
    expect(parseRoute('#/nope')).toEqual({ view: 'squad' });
  });
});
