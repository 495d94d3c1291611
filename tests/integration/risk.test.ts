/**
 * A season through the local pipeline (S3 → ingest → recompute queue → recompute → API): the demo squad's
 * roster, exports and workout logs, read as of today (demoStartFor). Every athlete's status and reasons
 * over the API equal what the offline core computes from the same files, the designed athletes show their
 * cases, and replays and settings changes behave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AthleteSummary } from '#core/model/risk.ts';
import { demoStartFor } from '#core/synthetic/demo-squad.ts';
import { demoThroughCore } from '../support/demo-offline.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

let t: TestStack;
const now = new Date();
const offline = await demoThroughCore({ startDate: demoStartFor(now) }, now);

type SquadRow = { athleteId: string; name: string; status: AthleteSummary['status'] | null } & Record<string, any>;

async function squad(query = ''): Promise<SquadRow[]> {
  const rows: SquadRow[] = [];
  let next: string | null = null;
  do {
    const res = await t.get(`/teams/real/squad?limit=20${query}${next ? `&next=${next}` : ''}`);
    expect(res.status).toBe(200);
    rows.push(...res.body.athletes);
    next = res.body.next;
  } while (next);
  return rows;
}

const codes = (s: { reasons: { code: string }[] } | null) => (s?.reasons ?? []).map((r) => r.code).join(',');
const offlineNordic = (athleteId: string) => offline.squad.athletes.find((a) => a.input.athlete.athleteId === athleteId)!.summaries.find((s) => s.testType === 'Nordic')!;
const designed = (profile: string) => offline.demo.athletes.find((a) => a.profiles.includes(profile as never))!;

beforeAll(async () => {
  t = await startTestStack();
  for (const file of offline.demo.files) await t.upload(`uploads/real/season/${file.name}`, file.body);
  await t.settle();
}, 240_000);
afterAll(async () => t?.stop());

describe('risk kept current by events', () => {
  it('stores the workout logs and summarises every athlete exactly as the offline core does', async () => {
    const uploads = (await t.get('/teams/real/uploads?limit=10')).body.uploads;
    expect(uploads.map((u: any) => u.status)).toEqual(offline.demo.files.map(() => 'done'));
    const rows = await squad();
    expect(rows).toHaveLength(offline.squad.athletes.length);
    for (const row of rows) {
      const expected = offlineNordic(row.athleteId);
      expect(row.status?.level, row.athleteId).toBe(expected.status.level);
      expect(codes(row.status), row.athleteId).toBe(codes(expected.status));
      expect(row.status!.reasons.map((r) => r.message)).toEqual(expected.status.reasons.map((r) => r.message));
    }
  });

  it('shows each designed case with its reason and source', async () => {
    const rows = new Map((await squad()).map((r) => [r.athleteId, r]));
    const row = (profile: string) => rows.get(designed(profile).athleteId)!;
    expect(row('weak').status!.reasons.find((r) => r.code === 'strength-below-threshold')).toMatchObject({ level: 'red', threshold: 337, source: 'Timmins 2016' });
    expect(row('imbalanced').status!.reasons.find((r) => r.code === 'imbalance-above-threshold')).toMatchObject({ level: 'red', source: 'Bourne 2015' });
    expect(codes(row('widening').status)).toBe('imbalance-rising');
    expect(row('widening').asymmetryTrend).toMatchObject({ warning: true, thresholdPct: 15 });
    expect(codes(row('post-match').status)).toBe('post-load-not-recovered');
    expect(row('post-match').postLoad.latest).toMatchObject({ label: 'MD+1', recovered: false });
    expect(codes(row('no-nordics').status)).toBe('nordic-compliance-low,nordic-gap');
    expect(codes(row('poor-bridge').status)).toBe('bridge-poor');
    expect(codes(row('light-prone-curl').status)).toBe('prone-curl-light,prone-curl-light');
    expect(row('returning').status!.level).toBe('red');
    expect(codes(row('returning').status)).toContain('rtp-deficit');
    expect(row('returning').rtp).toMatchObject({ cleared: false, targetPct: 90 });
    expect(codes(row('declining').status)).toContain('decline-vs-baseline');
  });

  it('serves /risk from the team aggregate: counts and flagged athletes as the offline aggregate', async () => {
    const risk = (await t.get('/teams/real/risk')).body;
    expect(risk.counts).toEqual(offline.squad.aggregate.risk.counts);
    expect(risk.flagged.map((f: any) => f.athleteId).sort()).toEqual(offline.squad.aggregate.risk.flagged.map((f) => f.athleteId).sort());
    expect(risk.distribution.peakN).toHaveLength(offline.squad.athletes.length);
    expect(risk.distribution.thresholds.imbalance).toMatchObject({ amberPct: 15, redPct: 20 });
  });

  it('filters the squad by status, squad and position', async () => {
    const red = await squad('&status=red');
    expect(red.length).toBe(offline.squad.aggregate.risk.counts.red);
    expect(red.every((r) => r.status!.level === 'red')).toBe(true);
    const both = await squad('&status=red,amber');
    expect(both.length).toBe(offline.squad.aggregate.risk.counts.red + offline.squad.aggregate.risk.counts.amber);
    const position = (await squad())[0]!.position as string;
    const byPosition = await squad(`&position=${encodeURIComponent(position.toUpperCase())}`);
    expect(byPosition.length).toBeGreaterThan(0);
    expect(byPosition.every((r) => r.position === position)).toBe(true);
    expect((await t.get('/teams/real/squad?status=purple')).status).toBe(400);
  });

  it('serves an athlete trend (points, baseline, SWC, thresholds) and their workouts', async () => {
    const id = designed('widening').athleteId;
    const trend = (await t.get(`/teams/real/athletes/${id.toUpperCase()}/trend?testType=Nordic`)).body;
    const expected = offline.squad.athletes.find((a) => a.input.athlete.athleteId === id)!.trends.find((x) => x.testType === 'Nordic')!;
    expect(trend.points).toHaveLength(expected.points.length);
    expect(trend.points.length).toBeGreaterThanOrEqual(10);
    expect(trend.asymmetrySlope.slopePctPerWeek).toBeCloseTo(expected.asymmetrySlope!.slopePctPerWeek!, 6);
    expect(trend.thresholds.imbalance.amberPct).toBe(15);
    const bridge = designed('poor-bridge').athleteId;
    const workouts = (await t.get(`/teams/real/athletes/${bridge}/workouts?limit=500`)).body;
    expect(workouts.workouts.length).toBe(offline.workouts.filter((w) => w.athleteId === bridge).length);
    expect(workouts.workouts.some((w: any) => w.exercise === 'bridge_test')).toBe(true);
    const firstDay = workouts.workouts[0].date as string;
    const oneDay = (await t.get(`/teams/real/athletes/${bridge}/workouts?from=${firstDay}&to=${firstDay}`)).body.workouts;
    expect(oneDay.length).toBeGreaterThan(0);
    expect(oneDay.every((w: any) => w.date === firstDay)).toBe(true);
    expect((await t.get(`/teams/real/athletes/${bridge}/workouts?from=2026-02-01&to=2026-01-01`)).status).toBe(400);
  });

  it('exports every derived metric with its formula name as CSV, safe to open in a spreadsheet', async () => {
    await t.upload('uploads/real/hostile-roster.csv', 'athleteId,name,sport\nx-1,=cmd|\' /C calc\'!A0,Soccer\n');
    const res = await fetch(`${t.stack.apiUrl}/teams/real/export.csv`, { headers: { authorization: `Bearer ${t.stack.token}` } });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^athleteId,name,.*status,reasons,.*changeFormula,.*asymmetryTrendFormula,.*exposureFormula/);
    expect(lines).toHaveLength(offline.squad.athletes.length + 2);
    const hostile = lines.find((l) => l.startsWith('x-1,'))!;
    expect(hostile.split(',')[1]).toBe("'=cmd|' /C calc'!A0");
    const weak = lines.find((l) => l.startsWith(`${designed('weak').athleteId},`))!;
    expect(weak).toContain(',red,');
    expect(weak).toContain('change.two-gate@');
  });

  it('replaying every upload changes no status, and a settings change recomputes the team', async () => {
    const before = (await squad()).map((r) => [r.athleteId, r.status?.level, codes(r.status)]);
    for (const file of offline.demo.files) await t.upload(`uploads/real/season/${file.name}`, file.body);
    await t.settle();
    expect((await squad()).map((r) => [r.athleteId, r.status?.level, codes(r.status)])).toEqual(before);

    const weak = designed('weak').athleteId;
    const put = await fetch(`${t.stack.apiUrl}/teams/real/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${t.stack.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sportPresets: { soccer: { strength: { amberN: null, redN: 150, source: 'club physio, 2026' }, imbalance: { amberPct: 15, redPct: 20 } } } }),
    });
    expect(put.status).toBe(200);
    await t.settle();
    const after = (await squad()).find((r) => r.athleteId === weak)!;
    expect(codes(after.status)).not.toContain('strength-below-threshold');
    expect(after.thresholds.strength).toMatchObject({ redN: 150, source: 'club physio, 2026' });
    const bad = await fetch(`${t.stack.apiUrl}/teams/real/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${t.stack.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ baseline: { maxTests: 0 } }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/baseline.*maxTests/);
  });
});
