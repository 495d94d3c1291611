import { describe, expect, it } from 'vitest';
import { resolverFromAliases } from '../../../shared/identity/athlete-id.ts';
import { athleteKeysOf, MAX_SAMPLES_PER_LEG, parseTrace, parseTraceCsv, TraceCsvParser } from '../../../shared/trace-formats/index.ts';
import { chunks, fixture, HUB, named, ok, rejected } from './helpers.ts';

const csv = (rows: string[], header = 'Time (s),Left Force (N),Right Force (N)') => [header, ...rows].join('\n') + '\n';
const rows50 = (n: number, f = (i: number) => [100 + i, 90 + i]) => Array.from({ length: n }, (_, i) => `${(i / 50).toFixed(2)},${f(i)[0]},${f(i)[1]}`);

describe('VALD Hub "Export Force Trace" CSV', () => {
  it('reads the fixture: 50 Hz from the time column, athlete/test/date from the file name', () => {
    const t = ok(parseTraceCsv(fixture(HUB), { fileName: `uploads/2026/${HUB}` }));
    expect(t.kind).toBe('vald-force-trace-csv');
    expect(t.sampleRateHz).toBe(50);
    expect(t.sampleRateSource).toBe('time column: median spacing 0.02 s = 50 Hz');
    expect(t.left.length).toBe(650);
    expect(t.right.length).toBe(650);
    expect(t.left[0]).toBe(4);
    expect(t.right[0]).toBe(5.3);
    expect(t.meta).toMatchObject({ athleteName: 'Jane Doe', testType: 'Nordic', device: 'NordBord', testedAt: '2026-03-01T00:00:00.000Z' });
    expect(t.meta.metaSources).toEqual({ athleteName: 'file-name', testType: 'file-name', device: 'file-name', testedAt: 'file-name' });
    expect(t.warnings.map((w) => w.code)).toEqual(['date-only']);
    expect(t.warnings[0]!.message).toMatch(/midnight UTC/);
  });

  it('gives the same samples however the bytes are chunked (1, 7 and 4096 bytes), and through gzip', async () => {
    const whole = ok(parseTraceCsv(fixture(HUB), named));
    for (const size of [1, 7, 4096]) {
      const p = new TraceCsvParser(named);
      for await (const c of chunks(fixture(HUB), size)) p.push(c);
      const t = ok(p.end());
      expect(t.left).toEqual(whole.left);
      expect(t.right).toEqual(whole.right);
    }
    const gz = ok(await parseTrace(chunks(fixture(`${HUB}.gz`), 100), { fileName: `${HUB}.gz` }));
    expect(gz.left).toEqual(whole.left);
    expect(gz.meta.athleteName).toBe('Jane Doe');
  });

  it.each([
    ['Seconds,Left Force,Right Force', ','],
    ['Time,LeftForce,RightForce', ','],
    ['Time (s);Left Force (N);Right Force (N)', ';'],
    ['time\tleft force\tright force', '\t'],
  ])('matches the header %j by normalised alias', (header, delimiter) => {
    const rows = rows50(10).map((r) => r.replaceAll(',', delimiter));
    const t = ok(parseTraceCsv(csv(rows, header), named));
    expect(t.sampleRateHz).toBe(50);
    expect(Array.from(t.left.slice(0, 3))).toEqual([100, 101, 102]);
  });

  it('reads a decimal comma with ";", a BOM, CRLF or CR line ends, quoted fields, extra columns and a title line', () => {
    const semi = '\uFEFFTime (s);Left Force (N);Right Force (N)\r\n0,00;100,5;90,25\r\n0,02;101,5;91,25\r\n0,04;102,5;92,25\r\n';
    const a = ok(parseTraceCsv(semi, named));
    expect(Array.from(a.left)).toEqual([100.5, 101.5, 102.5]);
    expect(Array.from(a.right)).toEqual([90.25, 91.25, 92.25]);
    expect(a.warnings.map((w) => w.code)).toContain('decimal-comma');

    const cr = 'Seconds,Left Force,Right Force\r0,1,2\r0.001,3,4\r0.002,5,6';
    const b = ok(parseTraceCsv(cr, named));
    expect(b.sampleRateHz).toBe(1000);
    expect(Array.from(b.right)).toEqual([2, 4, 6]);

    const quoted = 'Force trace export\n"Time (s)","Left Force (N)","Right Force (N)","Combined Force (N)"\n"0.00","10.5","20","30.5"\n"0.02","11.5","21","32.5"\n"0.04","12.5","22","34.5"\n';
    const c = ok(parseTraceCsv(quoted, named));
    expect(Array.from(c.left)).toEqual([10.5, 11.5, 12.5]);
    expect(c.sampleRateHz).toBe(50);
  });

  it('reads a time column in milliseconds, exponents, and keeps an empty force as NaN with a warning', () => {
    const t = ok(parseTraceCsv(csv(['0,1e2,5', '5,,6', '10,3,'], 'Time (ms),Left Force,Right Force'), named));
    expect(t.sampleRateHz).toBe(200);
    expect(t.left[0]).toBe(100);
    expect(Number.isNaN(t.left[1]!)).toBe(true);
    expect(Number.isNaN(t.right[2]!)).toBe(true);
    expect(t.warnings.find((w) => w.code === 'missing-samples')?.message).toMatch(/2 missing force values/);
  });

  it('fills a gap in the time column with NaN samples so the grid stays uniform', () => {
    const rows = rows50(20).filter((_, i) => i < 5 || i > 7);
    const t = ok(parseTraceCsv(csv(rows), named));
    expect(t.left.length).toBe(20);
    expect([5, 6, 7].every((i) => Number.isNaN(t.left[i]!))).toBe(true);
    expect(t.left[8]).toBe(108);
    expect(t.warnings.find((w) => w.code === 'gaps-filled')?.message).toMatch(/3 missing samples/);
  });

  it('infers 300 Hz from time stamps rounded to the millisecond (spacings 0.003/0.004 s)', () => {
    const rows = Array.from({ length: 900 }, (_, i) => `${(i / 300).toFixed(3)},1,2`);
    const t = ok(parseTraceCsv(csv(rows), named));
    expect(t.sampleRateHz).toBe(300);
    expect(t.left.length).toBe(900);
    expect(t.warnings.filter((w) => w.code !== 'date-only')).toEqual([]);
  });

  describe('file-name metadata', () => {
    it('takes everything between the test type and "export" as the name', () => {
      const t = ok(parseTraceCsv(csv(rows50(3)), { fileName: 'nordbord-nordic-Mary-Ann-Van-Der-Berg-export-28_02_2025 (1).csv' }));
      expect(t.meta.athleteName).toBe('Mary Ann Van Der Berg');
      expect(t.meta.testedAt).toBe('2025-02-28T00:00:00.000Z');
    });

    it('knows multi-word test types', () => {
      const t = ok(parseTraceCsv(csv(rows50(3)), { fileName: 'nordbord-iso-prone-Sam-Lee-export-05_11_2025.csv' }));
      expect(t.meta).toMatchObject({ testType: 'ISO Prone', athleteName: 'Sam Lee', device: 'NordBord' });
    });

    it('applies precedence sidecar > S3 object metadata > file name, recorded in metaSources', () => {
      const t = ok(
        parseTraceCsv(csv(rows50(3)), {
          fileName: HUB,
          objectMetadata: { athlete: 'J. Doe', 'athlete-id': 'ath-17', 'tested-at': '2026-03-01T10:30:00Z', 'body-mass-kg': '71.5', 'lever-arm-m': '0.42' },
          sidecar: { athleteName: 'Jane A. Doe', testType: 'Razor', bodyMassKg: 70 },
        }),
      );
      expect(t.meta).toMatchObject({
        athleteName: 'Jane A. Doe',
        athleteId: 'ath-17',
        testType: 'Razor',
        testedAt: '2026-03-01T10:30:00.000Z',
        device: 'NordBord',
        bodyMassKg: 70,
        leverArmM: 0.42,
      });
      expect(t.meta.metaSources).toEqual({
        athleteName: 'sidecar',
        athleteId: 'object-metadata',
        testType: 'sidecar',
        testedAt: 'object-metadata',
        device: 'file-name',
        bodyMassKg: 'sidecar',
        leverArmM: 'object-metadata',
      });
      // The file name's date lost to the object metadata: no date-only warning.
      expect(t.warnings.map((w) => w.code)).not.toContain('date-only');
    });

    it('gives athlete keys for the roster resolvers', () => {
      const t = ok(parseTraceCsv(csv(rows50(3)), named));
      expect(athleteKeysOf(t.meta)).toEqual({ name: 'Jane Doe', externalId: null, valdProfileId: null });
      expect(resolverFromAliases(new Map([['name:jane-doe', 'ath-1']]))(athleteKeysOf(t.meta))).toBe('ath-1');
    });
  });

  describe('rejections', () => {
    it('an empty file', () => {
      expect(rejected(parseTraceCsv('', named))).toMatchObject({ code: 'empty-file' });
      expect(rejected(parseTraceCsv('\uFEFF\n\n  \n', named))).toMatchObject({ code: 'empty-file' });
    });

    it('a header without rows', () => {
      expect(rejected(parseTraceCsv(csv([]), named))).toMatchObject({ code: 'no-samples' });
    });

    it('text in a numeric column, with line and column', () => {
      const r = rejected(parseTraceCsv(csv([...rows50(5), '0.10,12O.5,90']), named));
      expect(r).toMatchObject({ code: 'not-a-number', line: 7, column: 'Left Force (N)' });
      expect(r.reason).toBe('line 7: "12O.5" in column "Left Force (N)" is not a number');
      const q = rejected(parseTraceCsv('"Time","Left Force","Right Force"\n"0","1","2"\n"0.02","1","n/a"\n', named));
      expect(q).toMatchObject({ code: 'not-a-number', line: 3, column: 'Right Force' });
      const time = rejected(parseTraceCsv(csv(['0,1,2', 'x,1,2']), named));
      expect(time).toMatchObject({ code: 'not-a-number', line: 3, column: 'Time (s)' });
    });

    it('a missing column, naming the columns found and needed', () => {
      const r = rejected(parseTraceCsv('Time (s),Left Force (N),Total Force (N)\n0,1,2\n', named));
      expect(r.code).toBe('missing-column');
      expect(r.column).toBe('Right Force');
      expect(r.reason).toContain('"Time (s)", "Left Force (N)", "Total Force (N)"');
      expect(r.reason).toMatch(/needed a time column .* and left and right force columns/);
      const noTime = rejected(parseTraceCsv('Sample,Left Force,Right Force\n1,1,2\n', named));
      expect(noTime).toMatchObject({ code: 'missing-column', column: 'Time', line: 1 });
    });

    it('non-monotonic time, with the line', () => {
      const r = rejected(parseTraceCsv(csv(['0.00,1,2', '0.02,1,2', '0.04,1,2', '0.04,1,2']), named));
      expect(r).toMatchObject({ code: 'time-not-increasing', line: 5, column: 'Time (s)' });
      expect(r.reason).toMatch(/line 5: the time 0.04 does not increase/);
    });

    it('a force above 2,000 N on a sensor, with line and column', () => {
      const r = rejected(parseTraceCsv(csv(['0.00,1,2', '0.02,1,2001.5']), named));
      expect(r).toMatchObject({ code: 'force-out-of-range', line: 3, column: 'Right Force (N)' });
      expect(r.reason).toMatch(/right force 2001.5 N is outside ±2000 N/);
      expect(rejected(parseTraceCsv(csv(['0.00,-2500,2']), named))).toMatchObject({ code: 'force-out-of-range', column: 'Left Force (N)' });
    });

    it('a sample rate that cannot be inferred (one row)', () => {
      const r = rejected(parseTraceCsv(csv(['0.00,1,2']), named));
      expect(r.code).toBe('sample-rate-unknown');
      expect(r.reason).toMatch(/single sample/);
    });

    it('a trace longer than the cap (1,200,000 samples per leg), streamed', () => {
      const p = new TraceCsvParser(named);
      p.push('Time (s),Left Force (N),Right Force (N)\n');
      const block = 100_000;
      for (let b = 0; b * block <= MAX_SAMPLES_PER_LEG; b++) {
        const lines: string[] = [];
        for (let i = b * block; i < (b + 1) * block; i++) lines.push(`${i / 1000},1,2\n`);
        p.push(lines.join(''));
      }
      const r = rejected(p.end());
      expect(r.code).toBe('trace-too-long');
      expect(r.reason).toMatch(/capped at 1,200,000 samples per leg/);
    });

    it('no athlete identifiable from any source', () => {
      const r = rejected(parseTraceCsv(csv(rows50(3)), { fileName: 'trace.csv', objectMetadata: { 'test-type': 'Nordic' } }));
      expect(r.code).toBe('no-athlete');
      expect(r.reason).toMatch(/sidecar.*object metadata.*file name/);
    });

    it('never throws: an unclosed quote and a corrupt gzip are rejections', async () => {
      expect(rejected(parseTraceCsv('"Time","Left Force","Right Force"\n"0,1,2\n', named)).code).toMatch(/malformed-csv|not-a-number/);
      const gz = Buffer.concat([fixture(`${HUB}.gz`).subarray(0, 200), Buffer.alloc(50, 7)]);
      expect(rejected(await parseTrace(gz, named)).code).toBe('invalid-gzip');
    });
  });
});
