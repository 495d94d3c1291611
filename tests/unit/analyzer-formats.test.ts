import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeStream, type AnalyzeOptions, type AnalyzeResult } from '#core/analyze/analyzer.ts';
import type { AthleteProfile } from '#core/model/athlete-profile.ts';
import type { Rejection, TestRecord } from '#core/model/test-record.ts';

interface Run {
  result: AnalyzeResult;
  tests: TestRecord[];
  athletes: AthleteProfile[];
  rejected: Rejection[];
}

async function* chunksOf(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/** Runs analyzeStream over an in-memory file; also checks that 3-byte chunks give the same answer. */
async function analyze(content: string | Buffer, options: Partial<AnalyzeOptions> = {}): Promise<Run> {
  const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const once = async (size: number): Promise<Run> => {
    const tests: TestRecord[] = [];
    const athletes: AthleteProfile[] = [];
    const result = await analyzeStream(chunksOf(buf, size), { file: 'upload.csv', ...options }, {
      test: (t) => tests.push(structuredClone(t)),
      athlete: (p) => athletes.push(structuredClone(p)),
    });
    return { result, tests, athletes, rejected: result.rejected };
  };
  const whole = await once(Math.max(buf.length, 1));
  const small = await once(3);
  expect(small.tests).toEqual(whole.tests);
  expect(small.rejected).toEqual(whole.rejected);
  expect(small.result.summary).toEqual(whole.result.summary);
  return whole;
}

const HUB_HEADER = ['Name', 'ExternalId', 'Date UTC', 'Time UTC', 'Device', 'Test', 'L Reps', 'R Reps', 'L Max Force (N)', 'R Max Force (N)', 'Max Imbalance (%)', 'L Avg Force (N)', 'R Avg Force (N)'];

/** A Hub-style file: every field quoted, as the real export. */
function hub(rows: string[][], { delimiter = ',', eol = '\n', bom = false, title = null as string | null, header = HUB_HEADER } = {}): string {
  const line = (cells: string[]) => cells.map((c) => `"${c}"`).join(delimiter);
  return (bom ? '\uFEFF' : '') + (title === null ? '' : title + eol) + [line(header), ...rows.map(line)].join(eol);
}
/** A Hub row: name, date, time, L/R reps, L/R max, (avg = max). */
const row = (name: string, date: string, time: string, lMax: string, rMax: string, reps = '3', test = 'Nordic'): string[] => [
  name, '', date, time, 'NordBord-0785', test, reps, reps, lMax, rMax, '', lMax, rMax,
];

const codes = (r: Run) => r.rejected.map((x) => x.code);

describe('CSV dialects', () => {
  it('semicolon delimiter with decimal comma ("656,75")', async () => {
    const r = await analyze(hub([row('Jane Doe', '02/03/2026', '6:21 PM', '656,75', '582,5')], { delimiter: ';' }));
    expect(r.rejected).toEqual([]);
    expect(r.result.summary.format).toMatchObject({ container: 'csv', delimiter: ';', decimalComma: true, headerLine: 1 });
    expect(r.tests).toHaveLength(1);
    expect(r.tests[0]!.left.peakN).toBe(656.75);
    expect(r.tests[0]!.right.peakN).toBe(582.5);
    expect(r.tests[0]!.left.avgN).toBe(656.75);
  });

  it('tab delimiter with decimal comma ("238,75"), quoted and bare, long decimals too', async () => {
    const quoted = row('Jane Doe', '02/03/2026', '6:21 PM', '238,75', '250,5');
    quoted[10] = '-11,305671869052148';
    const bare = ['John Roe', '', '02/03/2026', '6:22 PM', 'NordBord-0785', 'Nordic', '2', '2', '301,25', '290,5', '3,5684647302904566', '300,125', '289'];
    const r = await analyze(hub([quoted], { delimiter: '\t' }) + '\n' + bare.join('\t'));
    expect(r.rejected).toEqual([]);
    expect(r.result.summary.format).toMatchObject({ container: 'csv', delimiter: '\t', decimalComma: true, headerLine: 1 });
    expect(r.tests.map((t) => [t.athleteName, t.left.peakN, t.right.peakN, t.left.avgN, t.right.avgN, t.source.vendorMaxImbalancePct])).toEqual([
      ['Jane Doe', 238.75, 250.5, 238.75, 250.5, -11.305671869052148],
      ['John Roe', 301.25, 290.5, 300.125, 289, 3.5684647302904566],
    ]);
  });

  it('tab delimiter, bare numbers, no BOM, CRLF', async () => {
    const text = ['Name\tDate UTC\tTime UTC\tL Reps\tR Reps\tL Max Force (N)\tR Max Force (N)', 'Jane Doe\t02/03/2026\t18:21\t3\t3\t300.5\t310', 'John Roe\t02/03/2026\t18:25\t2\t2\t250\t240.25', ''].join('\r\n');
    const r = await analyze(text);
    expect(r.rejected).toEqual([]);
    expect(r.result.summary.format).toMatchObject({ delimiter: '\t', bom: false, headerLine: 1 });
    expect(r.tests.map((t) => [t.athleteName, t.left.peakN, t.right.peakN, t.source.line])).toEqual([
      ['Jane Doe', 300.5, 310, 2],
      ['John Roe', 250, 240.25, 3],
    ]);
    expect(r.tests.every((t) => t.testType === 'Nordic')).toBe(true); // no test column: Nordic
  });

  it('a title line above the header: header found on line 2, rows keep their physical lines', async () => {
    const r = await analyze(hub([row('Jane Doe', '02/03/2026', '6:21 PM', '400', '380'), row('John Roe', '02/03/2026', '6:22 PM', '350', '360')], { title: 'NordBord Results Export', bom: true }));
    expect(r.rejected).toEqual([]);
    expect(r.result.summary.format).toMatchObject({ bom: true, headerLine: 2 });
    expect(r.result.summary.rows).toBe(2);
    expect(r.tests.map((t) => t.source.line)).toEqual([3, 4]);
  });

  it('BOM is reported and does not spoil the first column', async () => {
    const r = await analyze(hub([row('Jane Doe', '02/03/2026', '6:21 PM', '400', '380')], { bom: true }));
    expect(r.result.summary.format.bom).toBe(true);
    expect(r.tests[0]!.athleteName).toBe('Jane Doe');
  });

  it('blank lines between rows are skipped, not rejected', async () => {
    const text = hub([row('Jane Doe', '02/03/2026', '6:21 PM', '400', '380')]) + '\n\n\n' + hub([row('John Roe', '02/03/2026', '6:22 PM', '350', '360')]).split('\n')[1] + '\n';
    const r = await analyze(text);
    expect(r.rejected).toEqual([]);
    expect(r.tests.map((t) => t.source.line)).toEqual([2, 5]);
  });

  it('a malformed quote and an unclosed quote at the end are rejected with their lines', async () => {
    const text = hub([row('Jane Doe', '02/03/2026', '6:21 PM', '400', '380')]) + '\n"John"x,"","02/03/2026","6:22 PM","NordBord-0785","Nordic","3","3","350","360","","350","360"\n"Ann Poe","","02/03/2026","6:23 PM","NordBord-0785","Nordic","3","3","300","310","","300","310';
    const r = await analyze(text);
    expect(r.tests).toHaveLength(1);
    expect(r.rejected.map((x) => [x.line, x.code])).toEqual([
      [3, 'malformed-csv'],
      [4, 'malformed-csv'],
    ]);
    expect(r.rejected[1]!.reason).toMatch(/quote/);
    expect(r.result.summary.rows).toBe(3);
  });
});

describe('date order', () => {
  it('DD/MM decided by a day above 12, with the evidence line; earlier ambiguous rows follow it', async () => {
    const r = await analyze(hub([
      row('Jane Doe', '02/03/2026', '6:21 PM', '400', '380'),
      row('John Roe', '25/03/2026', '18:22', '350', '360'),
      row('Ann Poe', '04/05/2026', '18:23', '300', '310'),
    ]));
    expect(r.rejected).toEqual([]);
    expect(r.result.summary.dateOrder).toMatchObject({ used: 'DD/MM/YYYY', decidedBy: 'values' });
    expect(r.result.summary.dateOrder!.evidence).toContain('line 3');
    expect(r.tests.map((t) => t.testedAt).sort()).toEqual(['2026-03-02T18:21:00.000Z', '2026-03-25T18:22:00.000Z', '2026-05-04T18:23:00.000Z']);
  });

  it('MM/DD decided by a day above 12 in the second position', async () => {
    const r = await analyze(hub([row('Jane Doe', '02/03/2026', '6:21 PM', '400', '380'), row('John Roe', '01/28/2026', '6:22 PM', '350', '360')]));
    expect(r.result.summary.dateOrder).toMatchObject({ used: 'MM/DD/YYYY', decidedBy: 'values' });
    expect(r.result.summary.dateOrder!.evidence).toContain('line 3');
    expect(r.tests.map((t) => t.testedAt).sort()).toEqual(['2026-01-28T18:22:00.000Z', '2026-02-03T18:21:00.000Z']);
  });

  const ambiguous = hub([row('Jane Doe', '02/03/2026', '6:21 PM', '400', '380'), row('John Roe', '04/05/2026', '6:22 PM', '350', '360')]);

  it('ambiguous dates follow the team setting, reported as decided by the setting', async () => {
    const r = await analyze(ambiguous, { dateOrder: 'MDY' });
    expect(r.result.summary.dateOrder).toMatchObject({ used: 'MM/DD/YYYY', decidedBy: 'setting' });
    expect(r.result.summary.dateOrder!.evidence).toMatch(/setting/);
    expect(r.tests.map((t) => t.testedAt).sort()).toEqual(['2026-02-03T18:21:00.000Z', '2026-04-05T18:22:00.000Z']);
  });

  it('ambiguous dates without a setting default to DD/MM/YYYY, reported as decided by the default', async () => {
    const r = await analyze(ambiguous);
    expect(r.result.summary.dateOrder).toMatchObject({ used: 'DD/MM/YYYY', decidedBy: 'default' });
    expect(r.result.summary.dateOrder!.evidence).toMatch(/no date order given/);
    expect(r.result.summary.fileWarnings).toMatchObject([{ code: 'date-order-assumed', message: expect.stringMatching(/read as DD\/MM\/YYYY, the default/) }]);
    expect(r.tests.map((t) => t.testedAt).sort()).toEqual(['2026-03-02T18:21:00.000Z', '2026-05-04T18:22:00.000Z']);
  });

  it('the values outrank the setting', async () => {
    const r = await analyze(hub([row('Jane Doe', '02/03/2026', '6:21 PM', '400', '380'), row('John Roe', '25/03/2026', '6:22 PM', '350', '360')]), { dateOrder: 'MDY' });
    expect(r.result.summary.dateOrder).toMatchObject({ used: 'DD/MM/YYYY', decidedBy: 'values' });
  });

  it('a date contradicting the decided order is rejected as date-order-conflict, naming the column and line', async () => {
    const r = await analyze(hub([
      row('Jane Doe', '25/03/2026', '6:21 PM', '400', '380'),
      row('John Roe', '03/26/2026', '6:22 PM', '350', '360'),
      row('Ann Poe', '26/03/2026', '6:23 PM', '300', '310'),
    ]));
    expect(r.tests).toHaveLength(2);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]).toMatchObject({ file: 'upload.csv', line: 3, column: 'Date UTC', code: 'date-order-conflict' });
    expect(r.rejected[0]!.reason).toContain('03/26/2026');
    expect(r.rejected[0]!.reason).toContain('line 2');
  });

  it('ISO dates need no order decision', async () => {
    const text = 'profileId,testId,testDateUtc,testTypeName,leftMaxForce,rightMaxForce,leftRepetitions,rightRepetitions\np-1,t-1,2025-01-10T12:14:33.835Z,Nordic,400,380,3,3\n';
    const r = await analyze(text);
    expect(r.result.summary.dateOrder).toBeNull();
    expect(r.tests[0]!.testedAt).toBe('2025-01-10T12:14:33.835Z');
  });
});

describe('whole-file refusals', () => {
  it('an unmappable header: one rejection on the header line, naming the columns found and the missing ones', async () => {
    const r = await analyze('Name,Date UTC,Left,Right\nJane,02/03/2026,400,380\n');
    expect(r.result.kind).toBe('unsupported');
    expect(r.tests).toEqual([]);
    expect(r.rejected).toHaveLength(1);
    const [x] = r.rejected;
    expect(x).toMatchObject({ file: 'upload.csv', line: 1, column: null, code: 'unsupported-file' });
    for (const found of ['"Name"', '"Date UTC"', '"Left"', '"Right"']) expect(x!.reason).toContain(found);
    expect(x!.reason).toMatch(/missing left peak force .*right peak force/);
    expect(x!.reason).not.toMatch(/missing[^.]*athlete/);
  });

  it('a header with nothing recognisable quotes the first line', async () => {
    const r = await analyze('foo,bar,baz\n1,2,3\n');
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]).toMatchObject({ line: 0, code: 'unsupported-file' });
    expect(r.rejected[0]!.reason).toContain('foo,bar,baz');
  });

  it('an empty file, and one of blanks only', async () => {
    for (const text of ['', '   \n\r\n\t']) {
      const r = await analyze(text);
      expect(r.result.kind).toBe('unsupported');
      expect(r.rejected).toHaveLength(1);
      expect(r.rejected[0]).toMatchObject({ line: 0, code: 'unsupported-file' });
      expect(r.rejected[0]!.reason).toMatch(/empty/);
    }
  });

  it('invalid JSON', async () => {
    const r = await analyze('{"tests": [ {"profileId": "p"', { file: 'x.json' });
    expect(r.result.kind).toBe('unsupported');
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]).toMatchObject({ file: 'x.json', line: 0, code: 'unsupported-file' });
    expect(r.rejected[0]!.reason).toMatch(/not valid JSON/);
  });

  it('a force trace (forces[]) is refused with a reason', async () => {
    const r = await analyze(JSON.stringify({ forces: [{ ticks: 0, leftForce: 1, rightForce: 2 }, { ticks: 200000, leftForce: 3, rightForce: 4 }] }));
    expect(r.tests).toEqual([]);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]).toMatchObject({ line: 0, code: 'unsupported-file' });
    expect(r.rejected[0]!.reason).toMatch(/trace/);
    expect(r.result.kind).toBe('unsupported');
  });

  it('a JSON object without test rows names its keys', async () => {
    const r = await analyze(JSON.stringify({ athletes: [], page: 1 }));
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]!.reason).toMatch(/athletes, page/);
  });
});

describe('row rejections and cleaning', () => {
  it('summaryOnly: the same summary and rejections, the vendor imbalance checked but not carried', async () => {
    const good = row('Jane Doe', '02/03/2026', '6:21 PM', '400', '380');
    good[10] = '-5.000000000000001234';
    const text = [...row('John Roe', '02/03/2026', '6:22 PM', '350', '360')];
    text[10] = '12.5%';
    const file = Buffer.from(hub([good, text]), 'utf8');
    const full = await analyzeStream(chunksOf(file, file.length), { file: 'upload.csv' }, {});
    const summaryOnly = await analyzeStream(chunksOf(file, file.length), { file: 'upload.csv', summaryOnly: true }, {});
    expect(summaryOnly.summary).toEqual(full.summary);
    expect(summaryOnly.rejected).toEqual(full.rejected);
    expect(full.rejected.map((r) => [r.line, r.code, r.column])).toEqual([[3, 'not-a-number', 'Max Imbalance (%)']]);
    expect([...full.latest].map((t) => t.source.vendorMaxImbalancePct)).toEqual([-5.000000000000001]);
    expect([...summaryOnly.latest].map((t) => t.source.vendorMaxImbalancePct)).toEqual([null]);
    // A sink that takes tests gets them whole, summaryOnly or not.
    const tests: TestRecord[] = [];
    await analyzeStream(chunksOf(file, file.length), { file: 'upload.csv', summaryOnly: true }, { test: (t) => tests.push(t) });
    expect(tests.map((t) => t.source.vendorMaxImbalancePct)).toEqual([-5.000000000000001]);
  });

  it('a row with fewer fields than the header, or a value split by an unquoted delimiter, is rejected; trailing empty fields are not', async () => {
    const full = row('Jane Doe', '02/03/2026', '6:21 PM', '400', '380');
    const cut = row('John Roe', '02/03/2026', '6:22 PM', '350', '360').slice(0, 9);
    const split = [...row('Ann Poe', '02/03/2026', '6:23 PM', '300', '310')];
    split.splice(0, 1, 'Poe', ' Ann');
    const trailing = [...row('Bo Li', '02/03/2026', '6:24 PM', '320', '330'), '', ''];
    const r = await analyze(hub([full, cut, split, trailing]));
    expect(r.tests.map((t) => t.athleteName)).toEqual(['Jane Doe', 'Bo Li']);
    expect(r.rejected).toEqual([
      {
        file: 'upload.csv',
        line: 3,
        column: 'R Max Force (N)',
        code: 'field-count',
        reason: '9 fields where the header has 13: the row ends before column "R Max Force (N)" (a cut line, or a missing delimiter?)',
      },
      {
        file: 'upload.csv',
        line: 4,
        column: null,
        code: 'field-count',
        reason: '14 fields where the header has 13: a value probably holds an unquoted ",", which shifts every value after it',
      },
    ]);
  });

  it('text in a numeric column: rejected with the column header and line, other rows kept', async () => {
    const r = await analyze(hub([
      row('Jane Doe', '02/03/2026', '6:21 PM', '400', '380'),
      row('John Roe', '02/03/2026', '6:22 PM', 'n/a', '360'),
      row('Ann Poe', '02/03/2026', '6:23 PM', '300', '310'),
    ]));
    expect(r.tests.map((t) => t.athleteName)).toEqual(['Jane Doe', 'Ann Poe']);
    expect(r.rejected).toEqual([
      expect.objectContaining({ file: 'upload.csv', line: 3, column: 'L Max Force (N)', code: 'not-a-number' }),
    ]);
    expect(r.rejected[0]!.reason).toContain('n/a');
    expect(r.result.summary.rejectedRows).toBe(1);
  });

  it('force above the 2,000 N sensor limit is rejected; exactly 2,000 N is kept', async () => {
    const r = await analyze(hub([
      row('Jane Doe', '02/03/2026', '6:21 PM', '2000', '380'),
      row('John Roe', '02/03/2026', '6:22 PM', '350', '2000.25'),
    ]));
    expect(r.tests.map((t) => t.athleteName)).toEqual(['Jane Doe']);
    expect(r.rejected).toEqual([expect.objectContaining({ line: 3, column: 'R Max Force (N)', code: 'force-above-sensor-limit' })]);
  });

  it('exact duplicate rows collapse to one test (duplicateRows); two different tests in one minute stay two', async () => {
    const a = row('Jane Doe', '02/03/2026', '6:21 PM', '400', '380');
    const b = row('Jane Doe', '02/03/2026', '6:21 PM', '410', '380');
    const r = await analyze(hub([a, b, a, a]));
    expect(r.tests).toHaveLength(2);
    expect(new Set(r.tests.map((t) => t.testId)).size).toBe(2);
    expect(r.tests.every((t) => t.testIdSource === 'derived')).toBe(true);
    expect(r.result.summary.tests).toBe(2);
    expect(r.result.summary.duplicateRows).toBe(2);
    expect(r.rejected).toEqual([]);
  });

  it('two rows in one minute differing only in device stay two tests; a duplicate of one collapses', async () => {
    const a = row('Jane Doe', '02/03/2026', '6:21 PM', '400', '380');
    const b = [...a];
    b[4] = 'NordBord-0786';
    const r = await analyze(hub([a, b, b]));
    expect(r.tests.map((t) => t.device)).toEqual(['NordBord-0785', 'NordBord-0786']);
    expect(new Set(r.tests.map((t) => t.testId)).size).toBe(2);
    expect(r.result.summary).toMatchObject({ tests: 2, duplicateRows: 1 });
    expect(r.rejected).toEqual([]);
  });

  it('two rows in one minute differing only in test type stay two tests; a duplicate of one collapses', async () => {
    const a = row('Jane Doe', '02/03/2026', '6:21 PM', '400', '380', '3', 'Nordic');
    const b = row('Jane Doe', '02/03/2026', '6:21 PM', '400', '380', '3', 'ISO Prone');
    const r = await analyze(hub([a, b, a]));
    expect(r.tests.map((t) => t.testType)).toEqual(['Nordic', 'ISO Prone']);
    expect(new Set(r.tests.map((t) => t.testId)).size).toBe(2);
    expect(r.result.summary).toMatchObject({ tests: 2, duplicateRows: 1, testTypes: { Nordic: 1, 'ISO Prone': 1 } });
    expect(r.rejected).toEqual([]);
  });

  it('latest: the newest test per athlete and test type, in the order athletes first appear, the same on every iteration', async () => {
    const r = await analyze(
      hub([
        row('Jane Doe', '02/03/2026', '6:21 PM', '400', '380'),
        row('John Roe', '14/03/2026', '7:00 AM', '350', '360'),
        row('Jane Doe', '15/03/2026', '6:00 PM', '420', '390'),
        row('Jane Doe', '01/03/2026', '6:00 PM', '300', '310'),
        row('Jane Doe', '01/03/2026', '6:00 PM', '200', '210', '3', 'ISO Prone'),
      ]),
    );
    const latest = [...r.result.latest].map((t) => [t.athleteName, t.testType, t.testedAt, t.left.peakN]);
    expect(latest).toEqual([
      ['Jane Doe', 'Nordic', '2026-03-15T18:00:00.000Z', 420],
      ['Jane Doe', 'ISO Prone', '2026-03-01T18:00:00.000Z', 200],
      ['John Roe', 'Nordic', '2026-03-14T07:00:00.000Z', 350],
    ]);
    expect([...r.result.latest]).toEqual([...r.result.latest]);
    const janeNordic = r.tests.find((t) => t.athleteName === 'Jane Doe' && t.testedAt === '2026-03-15T18:00:00.000Z');
    expect([...r.result.latest][0]).toEqual(janeNordic);
  });

  it('latest: the newest test per athlete and type, by time to the millisecond and then by test id, whatever the row order (property)', async () => {
    // Times within a few seconds of each other, some in the same second and some the very same millisecond:
    // the summary decides most rows by the latest test's second alone, so ties inside a second must still go right.
    const times = ['2026-03-15T18:00:05.000Z', '2026-03-15T18:00:05.250Z', '2026-03-15T18:00:05.999Z', '2026-03-15T18:00:06.000Z', '2026-03-15T18:00:04.750Z'];
    const arbRow = fc.record({ athlete: fc.nat(2), type: fc.nat(1), time: fc.nat(times.length - 1), force: fc.integer({ min: 200, max: 600 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(arbRow, { minLength: 1, maxLength: 25 }), async (rows) => {
        const cells = rows.map((r) => [`Athlete ${r.athlete}`, '', times[r.time]!, '', 'NordBord-0785', r.type === 0 ? 'Nordic' : 'ISO Prone', '3', '3', String(r.force), '380', '', '300', '300']);
        const run = await analyze(hub(cells));
        const newest = new Map<string, TestRecord>();
        for (const t of run.tests) {
          const key = `${t.athleteId}|${t.testType}`;
          const had = newest.get(key);
          if (had === undefined || t.testedAt > had.testedAt || (t.testedAt === had.testedAt && t.testId > had.testId)) newest.set(key, t);
        }
        const ids = (list: Iterable<TestRecord>) => [...list].map((t) => t.testId).sort();
        expect(ids(run.result.latest)).toEqual(ids(newest.values()));
      }),
      { numRuns: 150 },
    );
  });

  it('the file size given to size the de-duplication table changes nothing in the result, right or wrong', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => row(`Athlete ${i % 7}`, '14/03/2026', `6:${String(i % 60).padStart(2, '0')} PM`, String(300 + i), '380'));
    const text = hub([...rows, ...rows.slice(0, 10)]);
    const plain = await analyze(text);
    // 1e12 bytes would be billions of rows: the up-front size is capped (an uncapped table would not allocate).
    for (const sizeBytes of [Buffer.byteLength(text), 10, 50_000_000, 1e12]) {
      const sized = await analyze(text, { sizeBytes });
      expect(sized.tests).toEqual(plain.tests);
      expect(sized.result.summary).toEqual(plain.result.summary);
    }
    expect(plain.result.summary.duplicateRows).toBe(10);
  });

  it('0-rep / 0-N rows are reported as no-reps, not emitted, and repeats are named', async () => {
    const zero = row('Jane Doe', '02/03/2026', '6:20 PM', '0', '0', '0');
    const r = await analyze(hub([zero, row('Jane Doe', '02/03/2026', '6:21 PM', '400', '380'), zero, row('John Roe', '02/03/2026', '6:30 PM', '0', '0', '0')]));
    expect(r.tests).toHaveLength(1);
    expect(r.rejected.map((x) => [x.line, x.code])).toEqual([
      [2, 'no-reps'],
      [4, 'no-reps'],
      [5, 'no-reps'],
    ]);
    expect(r.rejected[1]!.reason).toContain('line 2');
    expect(r.result.summary).toMatchObject({ noRepRows: 3, noRepDistinct: 2, rejectedRows: 0, tests: 1 });
  });

  it('one side with 0 reps and no force is missing (null), never 0 N, and has no asymmetry', async () => {
    const r = await analyze(hub([['Jane Doe', '', '02/03/2026', '6:21 PM', 'NordBord-0785', 'ISO Prone', '3', '0', '400', '0', '', '390', '0']]));
    expect(r.tests).toHaveLength(1);
    expect(r.tests[0]!.left.peakN).toBe(400);
    expect(r.tests[0]!.right.peakN).toBeNull();
    expect(r.tests[0]!.asymmetry).toBeNull();
  });

  it('calibration is subtracted from max and avg force, kept raw, and flagged when non-zero', async () => {
    const text = [
      'profileId,testId,testDateUtc,testTypeName,leftMaxForce,rightMaxForce,leftAvgForce,rightAvgForce,leftCalibration,rightCalibration,leftRepetitions,rightRepetitions',
      'p-1,t-1,2025-01-10T12:14:33.835Z,Nordic,400,380,390,370,5,0,3,3',
      'p-2,t-2,2025-01-10T12:20:00.000Z,Nordic,300,310,290,300,0,0,3,3',
    ].join('\n');
    const r = await analyze(text);
    expect(r.result.kind).toBe('vald-api-tests');
    const [t1, t2] = r.tests;
    expect(t1!.left).toMatchObject({ peakN: 395, avgN: 385, calibrationN: 5 });
    expect(t1!.right).toMatchObject({ peakN: 380, avgN: 370, calibrationN: 0 });
    expect(t1!.warnings.filter((w) => w.code === 'calibration-nonzero')).toEqual([expect.objectContaining({ side: 'left' })]);
    expect(t1!.warnings.find((w) => w.code === 'calibration-nonzero')!.message).toContain('400');
    expect(t2!.warnings.some((w) => w.code === 'calibration-nonzero')).toBe(false);
    expect(r.result.summary.warnings['calibration-nonzero']).toBe(1);
    expect(t1!.testId).toBe('t-1');
    expect(t1!.testIdSource).toBe('vald');
  });

  it('body mass implied by per-kg columns: out of 35–160 kg → warning and no relative force; plausible → N/kg', async () => {
    const header = [...HUB_HEADER, 'L Max Force Per Kg (N/kg)', 'R Max Force Per Kg (N/kg)'];
    const r = await analyze(hub([
      [...row('Heavy Lb', '02/03/2026', '6:21 PM', '480', '456'), '2', '1.9'], // 240 "kg": entered in lb
      [...row('Normal Kg', '02/03/2026', '6:22 PM', '480', '456'), '6', '5.7'], // 80 kg
      [...row('Light', '02/03/2026', '6:23 PM', '300', '300'), '10', '10'], // 30 kg
    ], { header }));
    expect(r.rejected).toEqual([]);
    const [heavy, normal, light] = r.tests;
    expect(heavy!.bodyMassKg).toBe(240);
    expect(heavy!.warnings.map((w) => w.code)).toContain('body-mass-out-of-range');
    expect(heavy!.left.peakNPerKg).toBeNull();
    expect(heavy!.right.peakNPerKg).toBeNull();
    expect(normal!.bodyMassKg).toBe(80);
    expect(normal!.warnings.map((w) => w.code)).not.toContain('body-mass-out-of-range');
    expect(normal!.left.peakNPerKg).toBeCloseTo(6, 10);
    expect(normal!.right.peakNPerKg).toBeCloseTo(5.7, 10);
    expect(light!.warnings.map((w) => w.code)).toContain('body-mass-out-of-range');
    expect(light!.left.peakNPerKg).toBeNull();
    expect(r.result.summary.warnings['body-mass-out-of-range']).toBe(2);
  });

  it('vendor Max Imbalance is carried; asymmetry is the stronger-weaker formula with the weaker side', async () => {
    const cells = row('Jane Doe', '02/03/2026', '6:21 PM', '656.75', '582.5');
    cells[10] = '-11.305671869052148';
    const r = await analyze(hub([cells]));
    const t = r.tests[0]!;
    expect(t.source.vendorMaxImbalancePct).toBe(-11.305671869052148);
    expect(t.asymmetry).toMatchObject({ weakerSide: 'right', formula: 'asymmetry.stronger-weaker@1' });
    expect(t.asymmetry!.pct).toBeCloseTo(11.305671869052148, 9);
  });
});

describe('JSON inputs', () => {
  const apiRow = {
    profileId: 'ce46585f-d946-42d9-9d6e-6f6a7ad45946',
    testId: 'f592f65c-08bc-46bb-803b-e846f339c5ac',
    modifiedDateUtc: '2025-01-12T09:00:00.000Z',
    testDateUtc: '2025-01-10T12:14:33.835Z',
    testTypeName: 'Nordic',
    device: 'NordBord-2120',
    leftAvgForce: 435.375,
    leftMaxForce: 435.75,
    leftCalibration: 0,
    leftRepetitions: 2,
    rightAvgForce: 442.75,
    rightMaxForce: 446,
    rightCalibration: 0,
    rightRepetitions: 2,
  };

  it.each([
    ['{ tests: [...] }', { tests: [apiRow] }],
    ['{ items: [...] }', { items: [apiRow] }],
    ['a bare array', [apiRow]],
  ])('%s', async (_label, value) => {
    const r = await analyze(JSON.stringify(value, null, 1), { file: 'tests.json' });
    expect(r.rejected).toEqual([]);
    expect(r.result.kind).toBe('vald-api-tests');
    expect(r.result.summary.format.container).toBe('json');
    expect(r.tests).toHaveLength(1);
    expect(r.tests[0]).toMatchObject({
      testId: apiRow.testId,
      testIdSource: 'vald',
      athleteId: apiRow.profileId,
      testedAt: apiRow.testDateUtc, // never modifiedDateUtc
      device: 'NordBord-2120',
      left: { peakN: 435.75, avgN: 435.375, repCount: 2 },
      right: { peakN: 446, avgN: 442.75, repCount: 2 },
    });
  });

  it('a JSON row that fails validation is rejected by index, the others kept', async () => {
    const { testDateUtc: _omit, ...noDate } = apiRow;
    const r = await analyze(JSON.stringify({ tests: [apiRow, { ...noDate, testId: 'x' }] }));
    expect(r.tests).toHaveLength(1);
    expect(r.rejected).toEqual([expect.objectContaining({ line: 2, code: 'bad-api-row' })]);
    expect(r.rejected[0]!.reason).toContain('tests[1]');
  });
});

describe('roster CSV', () => {
  it('emits profiles with injuries and rejects a bad injury cell with its line and column', async () => {
    const text = [
      'athleteId,name,bodyMassKg,injuries',
      'a-1,Jane Doe,70.5,2025-09-14:left;2024-03-02:right',
      'a-2,John Roe,82,',
      'a-3,Ann Poe,65,last spring',
      'a-4,Bo Loe,,2023-01-05',
    ].join('\n');
    const r = await analyze(text, { file: 'roster.csv' });
    expect(r.result.kind).toBe('roster');
    expect(r.tests).toEqual([]);
    expect(r.athletes.map((a) => a.athleteId)).toEqual(['a-1', 'a-2', 'a-4']);
    expect(r.athletes[0]).toMatchObject({
      name: 'Jane Doe',
      bodyMassKg: 70.5,
      injuries: [
        { date: '2025-09-14', side: 'left' },
        { date: '2024-03-02', side: 'right' },
      ],
    });
    expect(r.athletes[1]!.injuries).toEqual([]);
    expect(r.athletes[2]).toMatchObject({ bodyMassKg: null, injuries: [{ date: '2023-01-05', side: null }] });
    expect(r.rejected).toEqual([expect.objectContaining({ file: 'roster.csv', line: 4, column: 'injuries', code: 'bad-injury' })]);
    expect(r.rejected[0]!.reason).toContain('last spring');
    expect(r.result.summary).toMatchObject({ tests: 0, athletes: 3 });
  });

  it('an impossible injury date is rejected too', async () => {
    const r = await analyze('athleteId,name,injuries\na-1,Jane Doe,2025-13-40:left\n');
    expect(r.athletes).toEqual([]);
    expect(r.rejected).toEqual([expect.objectContaining({ line: 2, column: 'injuries' })]);
  });
});
