import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDemoSquad } from '../../shared/synthetic/demo-squad.ts';
import { aliasKeys, defaultAthleteId } from '../../shared/identity/athlete-id.ts';
import { analyzeUpload } from '../../shared/analyze/analyze-upload.ts';
import { realFiles } from '../support/paths.ts';
import type { TestRecord } from '../../shared/model/test-record.ts';
import {
  HUB_EXPORT_COLUMNS,
  HUB_EXPORT_COMPACT_COLUMNS,
  HUB_EXPORT_COMPACT_HEADER_LINE,
  HUB_EXPORT_HEADER_LINE,
  type HubExportOptions,
  athleteSpecs,
  hubExportChunks,
  hubExportCsv,
  hubImbalancePct,
} from '../../shared/synthetic/hub-export.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const realFile = path.resolve(repoRoot, '../shared/real-data/vald-hub-results-export-nordbord.csv');

/** Splits a Hub export (BOM, every field quoted, no quotes/commas inside fields) into lines of fields. */
function parse(csv: string): { header: string[]; lines: string[]; rows: string[][] } {
  const text = csv.startsWith('\uFEFF') ? csv.slice(1) : csv;
  const all = text.split('\n');
  const split = (l: string): string[] => l.slice(1, -1).split('","');
  return { header: split(all[0]!), lines: all.slice(1), rows: all.slice(1).map(split) };
}

const col = (name: string): number => {
  const i = HUB_EXPORT_COLUMNS.indexOf(name);
  if (i < 0) throw new Error(`no column ${name}`);
  return i;
};
const C = {
  name: col('Name'),
  date: col('Date UTC'),
  time: col('Time UTC'),
  test: col('Test'),
  lReps: col('L Reps'),
  rReps: col('R Reps'),
  lMax: col('L Max Force (N)'),
  rMax: col('R Max Force (N)'),
  maxImb: col('Max Imbalance (%)'),
  lTq: col('L Max Torque (Nm)'),
  rTq: col('R Max Torque (Nm)'),
  lAvg: col('L Avg Force (N)'),
  rAvg: col('R Avg Force (N)'),
  avgImb: col('Avg Imbalance (%)'),
  lImp: col('L Max Impulse (Ns)'),
  rImp: col('R Max Impulse (Ns)'),
  impImb: col('Impulse Imbalance (%)'),
  lTtp: col('L Min Time to Peak Force (s)'),
  rTtp: col('R Min Time to PeakForce (s)'),
  lTtpAvg: col('L Avg Time to Peak Force (s)'),
  rTtpAvg: col('R Avg Time to Peak Force (s)'),
  lPerKg: col('L Max Force Per Kg (N/kg)'),
  rfd50: col('L Max RFD 50ms (N/s)'),
  rfd250: col('R Avg RFD 250ms (N/s)'),
};

const base: HubExportOptions = { athletes: 40, tests: 20_000, seed: 12345, startDate: new Date('2025-01-07T00:00:00Z') };

/** Timestamp (ms) of a row from `Date UTC` MM/DD/YYYY and `Time UTC` h:mm AM/PM. */
function when(row: string[]): number {
  const [mm, dd, yyyy] = row[C.date]!.split('/').map(Number) as [number, number, number];
  const m = /^(\d{1,2}):(\d{2}) (AM|PM)$/.exec(row[C.time]!);
  if (!m) throw new Error(`bad time ${row[C.time]}`);
  const h = (Number(m[1]) % 12) + (m[3] === 'PM' ? 12 : 0);
  return Date.UTC(yyyy, mm - 1, dd, h, Number(m[2]));
}

describe('hub export generator', () => {
  const csv = hubExportCsv(base);
  const { header, lines, rows } = parse(csv);

  it('writes exactly the real export header, BOM, LF and no final newline', () => {
    const real = readFileSync(realFile, 'utf8');
    const realHeader = real.slice(0, real.indexOf('\n'));
    expect(csv.slice(0, csv.indexOf('\n'))).toBe(realHeader);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(header).toHaveLength(72);
    expect(csv.endsWith('\n')).toBe(false);
    expect(csv.includes('\r')).toBe(false);
    expect(lines).toHaveLength(base.tests);
    for (const l of lines) {
      expect(l.startsWith('"') && l.endsWith('"')).toBe(true);
      expect(l.split('","')).toHaveLength(72);
    }
  });

  it('is deterministic for a seed and independent of chunk size', () => {
    const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
    expect(sha(hubExportCsv(base))).toBe(sha(csv));
    expect(sha([...hubExportChunks({ ...base, chunkChars: 1000 })].join(''))).toBe(sha(csv));
    expect(sha(hubExportCsv({ ...base, seed: 54321 }))).not.toBe(sha(csv));
    expect(athleteSpecs(10, 3)).toEqual(athleteSpecs(10, 3));
  });

  it('streams in chunks of about the requested size', () => {
    const chunks = [...hubExportChunks({ ...base, tests: 2000 })];
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(65_536);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThan(65_536 + 4000);
  });

  it("reproduces Hub's imbalance formula on every row (max, avg and impulse)", () => {
    let checked = 0;
    const bad: string[] = [];
    for (const r of rows) {
      for (const [l, rr, imb] of [
        [C.lMax, C.rMax, C.maxImb],
        [C.lAvg, C.rAvg, C.avgImb],
        [C.lImp, C.rImp, C.impImb],
      ] as const) {
        const L = Number(r[l]);
        const R = Number(r[rr]);
        const v = Number(r[imb]);
        if (v !== hubImbalancePct(L, R)) bad.push(r.slice(0, 19).join(','));
        const textbook = L === 0 && R === 0 ? 0 : (100 * (R - L)) / Math.max(L, R);
        if (!(Math.abs(v - textbook) < 1e-9)) bad.push(`textbook: ${r.slice(0, 19).join(',')}`);
        checked++;
      }
    }
    expect(bad).toEqual([]);
    expect(checked).toBe(3 * rows.length);
  });

  it('keeps rows internally consistent like the real export', () => {
    const massOf = new Map<string, boolean>();
    const bad: string[] = [];
    const check = (ok: boolean, what: string, r: string[]): void => {
      if (!ok && bad.length < 20) bad.push(`${what}: ${r.slice(0, 23).join(',')}`);
    };
    for (const r of rows) {
      const lReps = Number(r[C.lReps]);
      const rReps = Number(r[C.rReps]);
      if (lReps === 0 && rReps === 0) {
        for (let i = C.lMax; i <= C.impImb; i++) check(r[i] === '0', "r[i] === '0'", r);
        for (let i = C.lTtp; i < 72; i++) check(r[i] === '', "r[i] === ''", r);
        continue;
      }
      const nordic = r[C.test] === 'Nordic';
      if (nordic) {
        check(lReps >= 1, 'lReps >= 1', r);
        check(lReps <= 6, 'lReps <= 6', r);
        check(rReps >= 1, 'rReps >= 1', r);
        check(rReps <= 6, 'rReps <= 6', r);
        for (let i = C.rfd50; i <= C.rfd250; i++) check(r[i] === '', "r[i] === ''", r);
        for (const t of [C.lTtp, C.rTtp, C.lTtpAvg, C.rTtpAvg]) {
          check(Number(r[t]) >= 0.6 - 1e-9, 'Number(r[t]) >= 0.6 - 1e-9', r);
          check(Number(r[t]) <= 2.5 + 1e-9, 'Number(r[t]) <= 2.5 + 1e-9', r);
        }
      } else {
        check(r[C.test] === 'ISO Prone', "r[C.test] === 'ISO Prone'", r);
        check(r[C.rfd50] !== '', "r[C.rfd50] !== ''", r);
      }
      check(Number(r[C.lTtp]) <= Number(r[C.lTtpAvg]) + 1e-9, 'Number(r[C.lTtp]) <= Number(r[C.lTtpAvg]) + 1e-9', r);
      for (const [maxC, avgC, repsC, tqC] of [
        [C.lMax, C.lAvg, C.lReps, C.lTq],
        [C.rMax, C.rAvg, C.rReps, C.rTq],
      ] as const) {
        const max = Number(r[maxC]);
        const avg = Number(r[avgC]);
        const reps = Number(r[repsC]);
        check(Number.isInteger(max * 4), 'force is a multiple of 0.25 N', r);
        check(avg <= max, 'avg <= max', r);
        if (reps === 1) check(avg === max, 'avg === max', r);
        // avg is the mean of per-rep peaks that are multiples of 0.25 N
        const quarterSum = avg * reps * 4;
        check(Math.abs(quarterSum - Math.round(quarterSum)) < 1e-6, 'Math.abs(quarterSum - Math.round(quarterSum)) < 1e-6', r);
        const tq = Number(r[tqC]);
        if (tq !== 0) {
          const k = (tq / max - 0.3105) / 0.009;
          check(Math.abs(k - Math.round(k)) < 1e-6, 'Math.abs(k - Math.round(k)) < 1e-6', r);
        }
      }
      check(Number(r[C.lImp]) > 0, 'Number(r[C.lImp]) > 0', r);
      const hasMass = r[C.lPerKg] !== '';
      const name = r[C.name]!;
      if (massOf.has(name)) check(massOf.get(name) === hasMass, 'massOf.get(name) === hasMass', r);
      massOf.set(name, hasMass);
    }
    const withMass = [...massOf.values()].filter(Boolean).length;
    expect(bad).toEqual([]);
    expect(withMass).toBeGreaterThan(0);
    expect(withMass).toBeLessThan(massOf.size);
  });

  it('injects the configured quirks at roughly the configured rates', () => {
    let zero = 0;
    let iso = 0;
    let dups = 0;
    for (let i = 0; i < rows.length; i++) {
      if (i > 0 && lines[i] === lines[i - 1]) {
        dups++;
        continue;
      }
      const r = rows[i]!;
      if (r[C.lReps] === '0' && r[C.rReps] === '0') zero++;
      else if (r[C.test] === 'ISO Prone') iso++;
    }
    // expectations: 1 % no-test rows, 1 % ISO Prone, 0.5 % duplicate lines (±~4 SD)
    expect(zero).toBeGreaterThan(140);
    expect(zero).toBeLessThan(260);
    expect(iso).toBeGreaterThan(140);
    expect(iso).toBeLessThan(260);
    expect(dups).toBeGreaterThan(60);
    expect(dups).toBeLessThan(145);
    const clean = parse(hubExportCsv({ ...base, tests: 3000, zeroRepRate: 0, duplicateRate: 0, isoProneRate: 0 }));
    expect(clean.rows.every((r) => r[C.test] === 'Nordic' && r[C.lReps] !== '0')).toBe(true);
    expect(new Set(clean.lines).size).toBe(clean.lines.length);
  });

  it('orders rows newest first by default and oldest first on request', () => {
    const t = rows.map(when);
    for (let i = 1; i < t.length; i++) expect(t[i]!).toBeLessThanOrEqual(t[i - 1]!);
    const asc = parse(hubExportCsv({ ...base, tests: 3000, order: 'asc' })).rows.map(when);
    for (let i = 1; i < asc.length; i++) expect(asc[i]!).toBeGreaterThanOrEqual(asc[i - 1]!);
    expect(rows[rows.length - 1]![C.date]).toBe('01/07/2025');
  });

  it('handles zero tests and a session cap', () => {
    const empty = hubExportCsv({ ...base, tests: 0 });
    expect(empty).toBe(`\uFEFF${HUB_EXPORT_HEADER_LINE}`);
    const capped = parse(hubExportCsv({ ...base, tests: 1_000_000, sessions: 2, athletes: 10 }));
    expect(new Set(capped.rows.map((r) => r[C.date]))).toEqual(new Set(['01/14/2025', '01/07/2025']));
    expect(capped.rows.length).toBeLessThanOrEqual(2 * 10 * 2);
  });
});

describe('hub export generator, compact template', () => {
  const opts: HubExportOptions = { ...base, tests: 10_000, template: 'compact' };
  const csv = hubExportCsv(opts);
  const { header, lines, rows } = parse(csv);
  const full = parse(hubExportCsv({ ...opts, template: 'full' }));

  it('writes the listed subset of the real columns, in the real order, with the same framing', () => {
    expect(HUB_EXPORT_COMPACT_COLUMNS).toEqual([
      'Name', 'ExternalId', 'Date UTC', 'Time UTC', 'Device', 'Test', 'L Reps', 'R Reps',
      'L Max Force (N)', 'R Max Force (N)', 'Max Imbalance (%)', 'L Max Torque (Nm)', 'R Max Torque (Nm)',
      'L Avg Force (N)', 'R Avg Force (N)', 'L Max Impulse (Ns)', 'R Max Impulse (Ns)',
    ]);
    const idx = HUB_EXPORT_COMPACT_COLUMNS.map((c) => HUB_EXPORT_COLUMNS.indexOf(c));
    expect(idx.every((i, k) => i >= 0 && (k === 0 || i > idx[k - 1]!))).toBe(true);
    // the real file's header, projected onto the compact columns
    const real = readFileSync(realFile, 'utf8');
    const realHeader = parse(real.slice(0, real.indexOf('\n'))).header;
    expect(idx.map((i) => realHeader[i])).toEqual(header);
    expect(csv.slice(0, csv.indexOf('\n'))).toBe(`\uFEFF${HUB_EXPORT_COMPACT_HEADER_LINE}`);
    expect(header).toEqual([...HUB_EXPORT_COMPACT_COLUMNS]);
    expect(csv.endsWith('\n')).toBe(false);
    expect(csv.includes('\r')).toBe(false);
    expect(lines).toHaveLength(opts.tests);
    for (const l of lines) {
      expect(l.startsWith('"') && l.endsWith('"')).toBe(true);
      expect(l.split('","')).toHaveLength(17);
    }
    expect(hubExportCsv({ ...opts, tests: 0, bom: false })).toBe(HUB_EXPORT_COMPACT_HEADER_LINE);
    expect(() => hubExportCsv({ ...opts, template: 'wide' as never })).toThrow(RangeError);
  });

  it('has the same rows and values as the full template for the same options', () => {
    expect(rows).toHaveLength(full.rows.length);
    const exact = ['Name', 'ExternalId', 'Date UTC', 'Time UTC', 'Device', 'Test', 'L Reps', 'R Reps',
      'L Max Force (N)', 'R Max Force (N)', 'Max Imbalance (%)', 'L Avg Force (N)', 'R Avg Force (N)'];
    const bad: string[] = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const f = full.rows[i]!;
      HUB_EXPORT_COMPACT_COLUMNS.forEach((name, k) => {
        const v = r[k]!;
        const w = f[col(name)]!;
        let ok: boolean;
        if (exact.includes(name)) ok = v === w; // byte for byte, incl. Max Imbalance at full double precision
        else if (name.includes('Torque')) ok = Math.abs(Number(v) - Number(w)) < 1e-9 && /^\d+(\.\d{1,6})?$/.test(v);
        else ok = Math.abs(Number(v) - Number(w)) <= 0.005 + 1e-9 && /^\d+(\.\d{1,2})?$/.test(v);
        if (!ok && bad.length < 10) bad.push(`row ${i} ${name}: ${v} vs ${w}`);
      });
      if (i > 0 && (lines[i] === lines[i - 1]) !== (full.lines[i] === full.lines[i - 1])) bad.push(`row ${i}: duplicate mismatch`);
    }
    expect(bad).toEqual([]);
    expect(rows.some((r) => r[col('Test')] === 'ISO Prone')).toBe(true);
    expect(rows.some((r) => r[col('L Reps')] === '0' && r[col('R Reps')] === '0')).toBe(true);
    expect(rows.some((r) => r[col('L Max Torque (Nm)')] !== '0')).toBe(true);
  });

  it('is deterministic, independent of chunk size, and about 164 bytes per row (a fifth of full)', () => {
    expect([...hubExportChunks({ ...opts, chunkChars: 777 })].join('')).toBe(csv);
    const perRow = Buffer.byteLength(csv) / opts.tests;
    const fullPerRow = Buffer.byteLength(full.lines.join('\n')) / opts.tests;
    // 17 quoted fields cost 51 bytes of quotes, commas and LF; the values average ~113 bytes
    expect(perRow).toBeGreaterThan(150);
    expect(perRow).toBeLessThan(175);
    expect(perRow).toBeLessThan(fullPerRow / 4);
  });
});

describe('hub export generator, unquoted with ISO dates and ExternalIds (the bench\'s iso shape)', () => {
  const hub: HubExportOptions = { ...base, tests: 5_000, template: 'compact' };
  const isoOpts: HubExportOptions = { ...hub, quoted: false, dates: 'iso', externalIds: true };
  const csv = hubExportCsv(isoOpts);
  const quoted = parse(hubExportCsv(hub));
  const lines = csv.slice(1).split('\n');
  const rows = lines.slice(1).map((l) => l.split(','));
  const k = (name: string): number => HUB_EXPORT_COMPACT_COLUMNS.indexOf(name);

  it('writes no quotes, the same columns, and every row with 17 fields', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.includes('"')).toBe(false);
    expect(lines[0]).toBe(HUB_EXPORT_COMPACT_COLUMNS.join(','));
    expect(rows).toHaveLength(hub.tests);
    for (const r of rows) expect(r).toHaveLength(17);
  });

  it('has the same rows as the Hub framing, with ISO dates, 24-hour times and one ExternalId per athlete', () => {
    const bad: string[] = [];
    const idOf = new Map<string, string>();
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const q = quoted.rows[i]!;
      const [y, mo, d] = r[k('Date UTC')]!.split('-').map(Number) as [number, number, number];
      const [h, mi] = r[k('Time UTC')]!.split(':').map(Number) as [number, number];
      expect(r[k('Date UTC')]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r[k('Time UTC')]).toMatch(/^\d{2}:\d{2}$/);
      if (Date.UTC(y, mo - 1, d, h, mi) !== when([...Array(C.time + 1)].map((_, j) => (j === C.date ? q[k('Date UTC')]! : j === C.time ? q[k('Time UTC')]! : '')))) bad.push(`row ${i}: time`);
      HUB_EXPORT_COMPACT_COLUMNS.forEach((name, j) => {
        if (name !== 'Date UTC' && name !== 'Time UTC' && name !== 'ExternalId' && r[j] !== q[j]) bad.push(`row ${i} ${name}: ${r[j]} vs ${q[j]}`);
      });
      const ext = r[k('ExternalId')]!;
      expect(ext).toMatch(/^EXT\d{5}$/);
      const name = r[k('Name')]!;
      if ((idOf.get(name) ?? ext) !== ext) bad.push(`row ${i}: ${name} has two ExternalIds`);
      idOf.set(name, ext);
    }
    expect(bad.slice(0, 10)).toEqual([]);
    expect(new Set(idOf.values()).size).toBe(idOf.size);
    expect(() => hubExportCsv({ ...isoOpts, dates: 'eu' as never })).toThrow(RangeError);
  });

  it('analyses to the same tests as the Hub framing', async () => {
    const analyse = async (text: string): Promise<{ tests: TestRecord[]; count: number }> => {
      const tests: TestRecord[] = [];
      const r = await analyzeUpload(Readable.from([Buffer.from(text)]), { file: 'hub.csv', uploadTimeMs: Date.UTC(2030, 0, 1) }, { test: (t) => tests.push(t) });
      return { tests, count: r.summary.tests };
    };
    const a = await analyse(hubExportCsv(hub));
    const b = await analyse(csv);
    expect(b.count).toBe(a.count);
    expect(b.count).toBeGreaterThan(4000);
    const strip = (t: TestRecord) => ({ testedAt: t.testedAt, left: t.left, right: t.right, testType: t.testType, asymmetry: t.asymmetry });
    expect(b.tests.map(strip)).toEqual(a.tests.map(strip));
    expect(new Set(b.tests.map((t) => t.athleteId)).size).toBe(new Set(a.tests.map((t) => t.athleteId)).size);
    expect(b.tests.every((t) => /^EXT\d{5}$/.test(t.athleteId))).toBe(true);
  });
});

describe('demo squad', () => {
  const demo = buildDemoSquad();
  const { rows } = parse(demo.hubExportCsv);

  it('is deterministic and matches the roster', () => {
    expect(buildDemoSquad().hubExportCsv).toBe(demo.hubExportCsv);
    const roster = demo.rosterCsv.trimEnd().split('\n').map((l) => l.split(','));
    expect(roster[0]).toEqual([
      'athleteId', 'name', 'externalId', 'valdProfileId', 'squad', 'position', 'sport', 'bodyMassKg', 'dateOfBirth', 'injuries',
    ]);
    const body = roster.slice(1);
    expect(body).toHaveLength(31); // 25 in the Hub export, 6 designed cases in their own export
    const names = new Set([...rows, ...parse(demo.casesExportCsv).rows].map((r) => r[C.name]));
    for (const r of body) {
      expect(r).toHaveLength(10);
      expect(r[0]).toBe(defaultAthleteId({ name: r[1]!, externalId: null, valdProfileId: null })?.id); // what an import derives: roster and export in any order
      expect(names.has(r[1])).toBe(true);
      expect(r[9]).toMatch(/^(\d{4}-\d{2}-\d{2}:(left|right)(;\d{4}-\d{2}-\d{2}:(left|right))*)?$/);
      if (r[7] !== '') {
        expect(Number(r[7])).toBeGreaterThanOrEqual(70);
        expect(Number(r[7])).toBeLessThanOrEqual(110);
      }
    }
    expect(body.filter((r) => r[7] === '')).toHaveLength(2);
    const dates = rows.map(when);
    expect(new Date(Math.min(...dates)).toISOString().slice(0, 7)).toBe('2026-08');
    expect(new Date(Math.max(...dates)).toISOString().slice(0, 7)).toBe('2026-11');
  });

  it('contains the weak, imbalanced and declining athletes it promises (computed from the rows)', () => {
    const byName = new Map<string, string[][]>();
    for (const r of rows) {
      if (r[C.test] !== 'Nordic' || r[C.lReps] === '0') continue;
      const list = byName.get(r[C.name]!) ?? [];
      list.push(r);
      byName.set(r[C.name]!, list);
    }
    const weak = new Set<string>();
    const imbalanced = new Set<string>();
    const declining = new Set<string>();
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const [name, list] of byName) {
      list.sort((a, b) => when(a) - when(b));
      const latest = list[list.length - 1]!;
      const weaker = (r: string[]): number => Math.min(Number(r[C.lMax]), Number(r[C.rMax]));
      const imb = (r: string[]): number => Math.abs(Number(r[C.maxImb]));
      if (mean(list.map(weaker)) < 256 && weaker(latest) < 256) weak.add(name);
      if (mean(list.map(imb)) >= 15 && imb(latest) >= 15) imbalanced.add(name);
      // least-squares trend of the mean of both legs over the season
      const xs = list.map((r) => when(r) / 86_400_000);
      const ys = list.map((r) => (Number(r[C.lMax]) + Number(r[C.rMax])) / 2);
      const mx = mean(xs);
      const my = mean(ys);
      const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
      const x0 = Math.min(...xs);
      const x1 = Math.max(...xs);
      const start = my + slope * (x0 - mx);
      const change = (slope * (x1 - x0)) / start;
      if (change <= -0.1) declining.add(name);
    }
    const promised = (p: string): Set<string> => new Set(demo.athletes.filter((a) => a.profiles.includes(p as never)).map((a) => a.name));
    expect(promised('weak').size).toBeGreaterThanOrEqual(2);
    expect(weak).toEqual(promised('weak'));
    expect(imbalanced).toEqual(promised('imbalanced'));
    expect(declining).toEqual(promised('declining'));
  });

  it("shares no athlete identity with the handbook's real files (a newcomer uploads those to the demo team)", async () => {
    // Before, the demo squad was `Athlete 001`… with EXT-0001, the real Hub export's pseudonyms: uploaded to
    // the demo team, its athletes merged into demo athletes (73 athletes reported as 72).
    const real = new Set<string>();
    for (const file of Object.values(realFiles)) {
      const result = await analyzeUpload(createReadStream(file), { file }, {
        test: (t) => {
          real.add(t.athleteId);
          for (const key of aliasKeys({ name: t.athleteName, externalId: t.externalId, valdProfileId: null })) real.add(key);
        },
      });
      expect(result.summary.tests).toBeGreaterThan(0);
    }
    expect(real.has('name:athlete-001')).toBe(true); // the pseudonyms the demo must avoid
    const roster = demo.rosterCsv.trimEnd().split('\n').slice(1).map((l) => l.split(','));
    const demoKeys = roster.flatMap((r) => [r[0]!, ...aliasKeys({ name: r[1]!, externalId: r[2] || null, valdProfileId: r[3] || null })]);
    expect(demoKeys.length).toBeGreaterThan(75);
    expect(demoKeys.filter((k) => real.has(k))).toEqual([]);
  });

  it('carries the real quirks', () => {
    const lines = demo.hubExportCsv.split('\n');
    expect(lines.some((l, i) => i > 0 && l === lines[i - 1])).toBe(true);
    expect(rows.some((r) => r[C.lReps] === '0' && r[C.rReps] === '0')).toBe(true);
    expect(rows.some((r) => r[C.test] === 'ISO Prone')).toBe(true);
    expect(rows.some((r) => r[C.lPerKg] !== '')).toBe(true);
  });
});
