import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeStream, type AnalyzeOptions, type AnalyzeResult } from '#core/analyze/analyzer.ts';
import type { TestRecord } from '#core/model/test-record.ts';

const real = (name: string) => readFileSync(path.resolve(process.cwd(), '../shared/real-data', name));
const HUB = 'vald-hub-results-export-nordbord.csv';
const V2_CSV = 'vald-api-tests-v2-flattened.csv';
const V2_JSON = 'vald-api-tests-v2.json';
const MULTI = 'vald-api-tests-flattened-multi-type.csv';

async function* chunksOf(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

interface Run {
  result: AnalyzeResult;
  tests: TestRecord[];
}
async function analyze(buf: Buffer, file: string, chunk = 16 * 1024, options: Partial<AnalyzeOptions> = {}): Promise<Run> {
  const tests: TestRecord[] = [];
  const result = await analyzeStream(chunksOf(buf, chunk), { file, ...options }, { test: (t) => tests.push(structuredClone(t)) });
  return { result, tests };
}

/** An independent reading of the Hub export: every field quoted, none contains a quote, comma or newline. */
function parseHub(buf: Buffer) {
  const text = buf.toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const lines = text.slice(1).split('\n');
  const split = (l: string) => {
    expect(l.startsWith('"') && l.endsWith('"')).toBe(true);
    return l.slice(1, -1).split('","');
  };
  const header = split(lines[0]!);
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`no column ${name}`);
    return i;
  };
  const rows = lines.slice(1).map((l, i) => {
    const cells = split(l);
    expect(cells).toHaveLength(header.length);
    const get = (name: string) => cells[col(name)]!;
    return {
      line: i + 2,
      raw: l,
      name: get('Name'),
      date: get('Date UTC'),
      time: get('Time UTC'),
      test: get('Test'),
      lReps: Number(get('L Reps')),
      rReps: Number(get('R Reps')),
      lMax: Number(get('L Max Force (N)')),
      rMax: Number(get('R Max Force (N)')),
      imbalance: Number(get('Max Imbalance (%)')),
      lPerKg: get('L Max Force Per Kg (N/kg)'),
      rPerKg: get('R Max Force Per Kg (N/kg)'),
      lTorque: Number(get('L Max Torque (Nm)')),
      rTorque: Number(get('R Max Torque (Nm)')),
      lTimeToPeak: Number(get('L Min Time to Peak Force (s)')),
      rTimeToPeak: Number(get('R Min Time to PeakForce (s)')),
    };
  });
  return { header, lines, rows };
}

const countBy = <T,>(xs: T[], key: (x: T) => string) => {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
};

describe('VALD Hub Results Export (real)', () => {
  const buf = real(HUB);
  const hub = parseHub(buf);
  const noRep = hub.rows.filter((r) => r.lReps === 0 && r.rReps === 0);
  const testRows = hub.rows.filter((r) => !(r.lReps === 0 && r.rReps === 0));
  let run: Run;
  beforeAll(async () => {
    run = await analyze(buf, HUB);
  });

  it('independent reading matches the README: 203 rows, 72 columns, 8 no-rep rows (7 distinct), 195 tests, 73 athletes', () => {
    expect(hub.header).toHaveLength(72);
    expect(hub.rows).toHaveLength(203);
    expect(noRep).toHaveLength(8);
    expect(noRep.every((r) => r.lMax === 0 && r.rMax === 0)).toBe(true);
    expect(new Set(noRep.map((r) => r.raw)).size).toBe(7);
    expect(new Set(testRows.map((r) => r.raw)).size).toBe(testRows.length);
    expect(testRows).toHaveLength(195);
    expect(new Set(testRows.map((r) => r.name)).size).toBe(73);
    expect(countBy(hub.rows, (r) => r.test)).toEqual({ Nordic: 201, 'ISO Prone': 2 });
  });

  it('the analyzer agrees: 195 tests, 73 athletes, 8 no-reps rejections (7 distinct), test types', () => {
    const s = run.result.summary;
    expect(run.result.kind).toBe('vald-hub-results');
    expect(s.format).toMatchObject({ container: 'csv', bom: true, delimiter: ',', headerLine: 1 });
    expect(s.rows).toBe(hub.rows.length);
    expect(run.tests).toHaveLength(testRows.length);
    expect(s.tests).toBe(testRows.length);
    expect(s.athletes).toBe(new Set(testRows.map((r) => r.name)).size);
    expect(new Set(run.tests.map((t) => t.athleteId)).size).toBe(73);
    expect(s.duplicateRows).toBe(0);
    expect(s.noRepRows).toBe(noRep.length);
    expect(s.noRepDistinct).toBe(new Set(noRep.map((r) => r.raw)).size);
    expect(s.testTypes).toEqual(countBy(testRows, (r) => r.test));
    expect(s.testTypes).toEqual({ Nordic: 193, 'ISO Prone': 2 });
    expect(run.result.rejected.every((r) => r.code === 'no-reps')).toBe(true);
    expect(run.result.rejected.map((r) => r.line).sort((a, b) => a - b)).toEqual(noRep.map((r) => r.line));
    expect(s.rejectedRows).toBe(0);
    expect(new Set(run.tests.map((t) => t.testId)).size).toBe(195);
    expect(run.tests.every((t) => t.testIdSource === 'derived')).toBe(true);
  });

  it('date order MM/DD/YYYY is decided by the values, at the first row with a second part above 12', () => {
    const first = hub.rows.find((r) => Number(r.date.split('/')[1]) > 12)!;
    expect(hub.rows.some((r) => Number(r.date.split('/')[0]) > 12)).toBe(false);
    expect(run.result.summary.dateOrder).toMatchObject({ used: 'MM/DD/YYYY', decidedBy: 'values' });
    expect(run.result.summary.dateOrder!.evidence).toContain(`line ${first.line}`);
  });

  it('every test is the row at its source line: time from Date UTC + Time UTC (MDY), forces, reps', () => {
    const byLine = new Map(hub.rows.map((r) => [r.line, r]));
    for (const t of run.tests) {
      const r = byLine.get(t.source.line)!;
      const [mm, dd, yyyy] = r.date.split('/').map(Number);
      const m = /^(\d{1,2}):(\d{2}) (AM|PM)$/.exec(r.time)!;
      const hour = (Number(m[1]) % 12) + (m[3] === 'PM' ? 12 : 0);
      expect(t.testedAt).toBe(new Date(Date.UTC(yyyy!, mm! - 1, dd!, hour, Number(m[2]))).toISOString());
      expect(t.athleteName).toBe(r.name);
      expect(t.testType).toBe(r.test);
      expect(t.left.peakN).toBe(r.lMax);
      expect(t.right.peakN).toBe(r.rMax);
      expect(t.left.repCount).toBe(r.lReps);
      expect(t.right.repCount).toBe(r.rReps);
    }
  });

  it('Max Imbalance = 100 × (R − L) / max(L, R) on every test, and |vendor| = asymmetry.pct with the weaker side from the sign', () => {
    const byLine = new Map(hub.rows.map((r) => [r.line, r]));
    for (const t of run.tests) {
      const r = byLine.get(t.source.line)!;
      const vendor = t.source.vendorMaxImbalancePct!;
      expect(vendor).toBe(r.imbalance);
      const signed = (100 * (r.rMax - r.lMax)) / Math.max(r.lMax, r.rMax);
      expect(Math.abs(vendor - signed)).toBeLessThan(0.01);
      expect(t.asymmetry!.formula).toBe('asymmetry.stronger-weaker@1');
      expect(Math.abs(Math.abs(vendor) - t.asymmetry!.pct)).toBeLessThan(0.01);
      if (r.lMax === r.rMax) expect(t.asymmetry!.weakerSide).toBeNull();
      else expect(t.asymmetry!.weakerSide).toBe(vendor > 0 ? 'left' : 'right');
    }
  });

  it('body-mass warning exactly on the tests of the two athletes whose per-kg values imply 240.0 and 207.1 kg', () => {
    const withPerKg = hub.rows.filter((r) => r.lPerKg !== '' || r.rPerKg !== '');
    expect(withPerKg).toHaveLength(39);
    const implied = (r: (typeof hub.rows)[number]) =>
      r.lPerKg !== '' && Number(r.lPerKg) > 0 ? Math.round((r.lMax / Number(r.lPerKg)) * 10) / 10 : Math.round((r.rMax / Number(r.rPerKg)) * 10) / 10;
    const outOfRange = testRows.filter((r) => (r.lPerKg !== '' || r.rPerKg !== '') && (implied(r) < 35 || implied(r) > 160));
    const massByAthlete = new Map(outOfRange.map((r) => [r.name, implied(r)]));
    expect([...new Set(massByAthlete.values())].sort()).toEqual([207.1, 240]);
    expect(massByAthlete.size).toBe(2);

    const warned = run.tests.filter((t) => t.warnings.some((w) => w.code === 'body-mass-out-of-range'));
    expect(warned.map((t) => t.source.line).sort((a, b) => a - b)).toEqual(outOfRange.map((r) => r.line));
    for (const t of warned) {
      expect(massByAthlete.get(t.athleteName!)).toBe(t.bodyMassKg);
      expect(t.left.peakNPerKg).toBeNull();
      expect(t.right.peakNPerKg).toBeNull();
    }
    // the plausible ones get N/kg
    const plausible = run.tests.filter((t) => t.bodyMassKg !== null && !warned.includes(t));
    expect(plausible.length).toBeGreaterThan(0);
    for (const t of plausible) expect(t.left.peakNPerKg! * t.bodyMassKg!).toBeCloseTo(t.left.peakN!, 0);
  });

  it('torque 0 on both sides (no knee position) on 106 tests: torque-zero warned and counted, torqueNm null; a real torque is kept', () => {
    const zeroTorque = testRows.filter((r) => r.lTorque === 0 && r.rTorque === 0);
    expect(zeroTorque).toHaveLength(106);
    expect(run.result.summary.warnings['torque-zero']).toBe(zeroTorque.length);
    const warned = run.tests.filter((t) => t.warnings.some((w) => w.code === 'torque-zero'));
    expect(warned.map((t) => t.source.line).sort((a, b) => a - b)).toEqual(zeroTorque.map((r) => r.line));
    const byLine = new Map(hub.rows.map((r) => [r.line, r]));
    for (const t of run.tests) {
      const r = byLine.get(t.source.line)!;
      expect([t.left.torqueNm, t.right.torqueNm]).toEqual([r.lTorque === 0 ? null : r.lTorque, r.rTorque === 0 ? null : r.rTorque]);
    }
    const zero = run.tests.find((t) => t.source.line === 2)!;
    expect([byLine.get(2)!.lTorque, byLine.get(2)!.rTorque]).toEqual([0, 0]);
    expect([zero.left.torqueNm, zero.right.torqueNm]).toEqual([null, null]);
    const kept = run.tests.find((t) => t.source.line === 4)!;
    expect([kept.left.torqueNm, kept.right.torqueNm]).toEqual([209.26125, 227.43]);
    expect(kept.warnings.map((w) => w.code)).not.toContain('torque-zero');
  });

  it('time to peak under 0.5 s on a Nordic: 11 sides on 6 tests warned and counted, not the ISO Prone row at 0.40/0.11 s', () => {
    const short = testRows
      .filter((r) => r.test === 'Nordic')
      .flatMap((r) => [
        ...(r.lTimeToPeak < 0.5 ? [[r.line, 'left']] : []),
        ...(r.rTimeToPeak < 0.5 ? [[r.line, 'right']] : []),
      ]);
    expect(short).toHaveLength(11);
    expect(new Set(short.map(([line]) => line)).size).toBe(6);
    expect(run.result.summary.warnings['time-to-peak-short']).toBe(short.length);
    const warned = run.tests
      .flatMap((t) => t.warnings.filter((w) => w.code === 'time-to-peak-short').map((w) => [t.source.line, w.side]))
      .sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(warned).toEqual(short);

    const iso = testRows.find((r) => r.test === 'ISO Prone' && r.rTimeToPeak < 0.5)!;
    expect([iso.line, iso.lTimeToPeak, iso.rTimeToPeak]).toEqual([162, 0.3999999999999986, 0.10749999999999993]);
    const isoTest = run.tests.find((t) => t.source.line === iso.line)!;
    expect(isoTest.right.timeToPeakS).toBe(iso.rTimeToPeak);
    expect(isoTest.warnings.map((w) => w.code)).not.toContain('time-to-peak-short');
  });

  it('the same result whatever the chunk size (1 KiB chunks, one 160 KB chunk)', async () => {
    for (const size of [1024, buf.length]) {
      const other = await analyze(buf, HUB, size);
      expect(other.tests).toEqual(run.tests);
      expect(other.result.summary).toEqual(run.result.summary);
      expect(other.result.rejected).toEqual(run.result.rejected);
    }
  });

  it('the export twice (header once) gives the same 195 tests, with the second copy counted as duplicates', async () => {
    const body = hub.lines.slice(1).join('\n');
    const doubled = Buffer.concat([buf, Buffer.from('\n' + body, 'utf8')]);
    const twice = await analyze(doubled, HUB);
    expect(twice.tests.map((t) => t.testId)).toEqual(run.tests.map((t) => t.testId));
    expect(twice.result.summary.tests).toBe(195);
    expect(twice.result.summary.duplicateRows).toBeGreaterThanOrEqual(195);
    expect(twice.result.summary.duplicateRows).toBe(195);
    expect(twice.result.summary.noRepRows).toBe(16);
    expect(twice.result.summary.noRepDistinct).toBe(7);
  });

  it('re-analysis is deterministic: same test ids, same records', async () => {
    const again = await analyze(buf, HUB, 4096);
    expect(again.tests.map((t) => t.testId)).toEqual(run.tests.map((t) => t.testId));
    expect(again.tests).toEqual(run.tests);
  });

  it('the date order setting does not override the values', async () => {
    const dmy = await analyze(buf, HUB, 65536, { dateOrder: 'DMY' });
    expect(dmy.result.summary.dateOrder).toMatchObject({ used: 'MM/DD/YYYY', decidedBy: 'values' });
    expect(dmy.tests.map((t) => t.testId)).toEqual(run.tests.map((t) => t.testId));
  });
});

describe('VALD API /tests/v2: flattened CSV and JSON (real)', () => {
  const json = JSON.parse(real(V2_JSON).toString('utf8')) as { tests: Record<string, unknown>[] };
  let csv: Run;
  let js: Run;
  beforeAll(async () => {
    csv = await analyze(real(V2_CSV), V2_CSV);
    js = await analyze(real(V2_JSON), V2_JSON);
  });

  it('91 tests each, 76 athletes, no rejections', () => {
    expect(json.tests).toHaveLength(91);
    for (const r of [csv, js]) {
      expect(r.result.kind).toBe('vald-api-tests');
      expect(r.tests).toHaveLength(91);
      expect(r.result.summary.athletes).toBe(new Set(json.tests.map((t) => t.profileId)).size);
      expect(r.result.summary.athletes).toBe(76);
      expect(r.result.rejected).toEqual([]);
      expect(r.result.summary.testTypes).toEqual({ Nordic: 91 });
    }
  });

  it('CSV and JSON give identical results test by test', () => {
    const strip = (t: TestRecord) => ({ ...t, source: { ...t.source, file: null, line: null } });
    expect(csv.tests.map(strip)).toEqual(js.tests.map(strip));
    for (let i = 0; i < 91; i++) {
      const a = csv.tests[i]!;
      const b = js.tests[i]!;
      expect([a.testId, a.athleteId, a.testedAt, a.left.peakN, a.right.peakN, a.asymmetry]).toEqual([b.testId, b.athleteId, b.testedAt, b.left.peakN, b.right.peakN, b.asymmetry]);
    }
  });

  it('tests are the JSON rows: ids, testDateUtc (not modifiedDateUtc), peaks', () => {
    const byId = new Map(js.tests.map((t) => [t.testId, t]));
    for (const row of json.tests) {
      const t = byId.get(row.testId as string)!;
      expect(t.testIdSource).toBe('vald');
      expect(t.testedAt).toBe(row.testDateUtc);
      expect(t.left.peakN).toBe(row.leftMaxForce);
      expect(t.right.peakN).toBe(row.rightMaxForce);
      expect(t.left.avgN).toBe(row.leftAvgForce);
    }
  });

  it('asymmetry of every test is (stronger − weaker) / stronger × 100 of its own peaks, with the weaker side and the default formula', () => {
    const rowById = new Map(json.tests.map((row) => [row.testId as string, row]));
    for (const r of [csv, js]) {
      expect(r.tests).toHaveLength(91);
      const weaker: Record<string, number> = {};
      for (const t of r.tests) {
        const row = rowById.get(t.testId)!;
        const [left, right] = [t.left.peakN!, t.right.peakN!];
        expect([left, right]).toEqual([row.leftMaxForce, row.rightMaxForce]);
        const stronger = Math.max(left, right);
        const pct = ((stronger - Math.min(left, right)) / stronger) * 100;
        expect(Math.abs(t.asymmetry!.pct - pct)).toBeLessThan(1e-9);
        expect(t.asymmetry!.weakerSide).toBe(left < right ? 'left' : 'right');
        expect(t.asymmetry!.formula).toBe('asymmetry.stronger-weaker@1');
        weaker[t.asymmetry!.weakerSide!] = (weaker[t.asymmetry!.weakerSide!] ?? 0) + 1;
      }
      expect(weaker).toEqual({ left: 52, right: 39 });
    }
  });

  it('the older /tests names (athleteId, modifiedUtc) in JSON give the same tests as profileId, modifiedDateUtc', async () => {
    const older = json.tests.map(({ profileId, modifiedDateUtc, ...rest }) => ({ athleteId: profileId, modifiedUtc: modifiedDateUtc, ...rest }));
    const text = JSON.stringify({ tests: older }, null, 1);
    expect(text).not.toMatch(/profileId|modifiedDateUtc/);
    const renamed = await analyze(Buffer.from(text, 'utf8'), V2_JSON);
    expect(renamed.result.kind).toBe('vald-api-tests');
    expect(renamed.result.rejected).toEqual([]);
    const key = (t: TestRecord) => [t.testId, t.athleteId, t.testedAt, t.left.peakN, t.right.peakN];
    expect(renamed.tests.map(key)).toEqual(js.tests.map(key));
    expect(renamed.tests.map((t) => t.testedAt)).toEqual(json.tests.map((row) => row.testDateUtc));
    expect(renamed.tests).toEqual(js.tests);
    expect(renamed.result.summary.athletes).toBe(76);
  });

  it('the 0-rep row with force (d4cb1b93-…) is kept, with zero-reps-with-force warnings on both sides', () => {
    for (const r of [csv, js]) {
      const t = r.tests.find((x) => x.testId === 'd4cb1b93-9eca-4a14-b0f2-33e007af7a9d')!;
      expect(t).toBeDefined();
      expect(t.left).toMatchObject({ peakN: 370, repCount: 0 });
      expect(t.right).toMatchObject({ peakN: 363, repCount: 0 });
      const warned = t.warnings.filter((w) => w.code === 'zero-reps-with-force').map((w) => w.side).sort();
      expect(warned).toEqual(['left', 'right']);
      expect(r.result.summary.zeroRepsWithForceKept).toBe(2);
      expect(r.result.summary.noRepRows).toBe(0);
    }
  });
});

describe('VALD API older /tests, multi-type (real)', () => {
  const text = real(MULTI).toString('utf8');
  const lines = text.trimEnd().split('\n');
  const header = lines[0]!.split(',');
  const rows = lines.slice(1).map((l) => {
    const cells = l.split(',');
    expect(cells).toHaveLength(header.length);
    return Object.fromEntries(header.map((h, i) => [h, cells[i]!]));
  });
  let run: Run;
  beforeAll(async () => {
    run = await analyze(real(MULTI), MULTI);
  });

  it('37 tests, 15 athletes, test types Nordic 23 / ISO 30 10 / ISO Prone 3 / NB Custom 1', () => {
    expect(rows).toHaveLength(37);
    expect(run.result.rejected).toEqual([]);
    expect(run.tests).toHaveLength(37);
    expect(run.result.summary.athletes).toBe(new Set(rows.map((r) => r.athleteId)).size);
    expect(run.result.summary.athletes).toBe(15);
    expect(run.result.summary.testTypes).toEqual(countBy(rows, (r) => r.testTypeName!));
    expect(run.result.summary.testTypes).toEqual({ Nordic: 23, 'ISO 30': 10, 'ISO Prone': 3, 'NB Custom': 1 });
  });

  it('unequal left/right rep counts are carried through as repCount', () => {
    const unequal = rows.filter((r) => r.leftRepetitions !== r.rightRepetitions);
    const pairs = unequal.map((r) => `${r.leftRepetitions}/${r.rightRepetitions}`);
    for (const p of ['6/5', '7/6', '4/3']) expect(pairs).toContain(p);
    const byId = new Map(run.tests.map((t) => [t.testId, t]));
    for (const r of unequal) {
      const t = byId.get(r.testId!)!;
      expect([t.left.repCount, t.right.repCount]).toEqual([Number(r.leftRepetitions), Number(r.rightRepetitions)]);
    }
    expect(run.tests.filter((t) => t.left.repCount !== t.right.repCount)).toHaveLength(unequal.length);
  });

  it('test time is testDateUtc even when modifiedUtc is days later', () => {
    const byId = new Map(run.tests.map((t) => [t.testId, t]));
    const late = rows.filter((r) => Date.parse(r.modifiedUtc!) - Date.parse(r.testDateUtc!) > 86_400_000);
    expect(late.length).toBeGreaterThan(0);
    for (const r of rows) expect(byId.get(r.testId!)!.testedAt).toBe(new Date(r.testDateUtc!).toISOString());
  });
});
