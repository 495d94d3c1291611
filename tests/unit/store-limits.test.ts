import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keys } from '#functions/adapters/keys.ts';
import { latestOf } from '#functions/adapters/athlete-repository.ts';
import { testItem } from '#functions/adapters/test-repository.ts';
import { DYNAMODB_LIMITS, isStorableNumber, MAX_STORED_MAGNITUDE, numberProblem, plainDecimalStorable } from '#core/store-limits/dynamodb-limits.ts';
import { ATHLETE_ITEM_OVERHEAD_BYTES, itemBytes, KEY_LAYOUT, significantDigits, storedTestTextProblem, TEST_ITEM_OVERHEAD_BYTES } from '#core/store-limits/stored-items.ts';
import type { TestRecord } from '#core/model/test-record.ts';
import { analyzeText } from '../support/analyze-file.ts';

const HEADER = '"Name","Date UTC","Time UTC","Test","L Reps","R Reps","L Max Force (N)","R Max Force (N)","Max Imbalance (%)","L Calibration (N)","ExternalId"';
const line = (cells: string[]) => (cells.length === 10 ? [...cells, ''] : cells).map((c) => `"${c}"`).join(',');
const good = (name: string, day: string) => line([name, `${day}/01/2026`, '6:21 PM', 'Nordic', '3', '3', '400', '380', '-5', '0']);

describe('numbers the store keeps', () => {
  it('takes 0 and magnitudes from 1e-130 to 2^53 − 1; refuses 1e-320 (underflow) and more than the SDK writes', () => {
    for (const v of [0, -0, 1e-130, -1e-130, 656.75, MAX_STORED_MAGNITUDE, -MAX_STORED_MAGNITUDE]) expect(numberProblem(v), String(v)).toBeNull();
    expect(numberProblem(1e-320)).toMatch(/too small to store.*1e-130/);
    expect(numberProblem(9.99e-131)).toMatch(/too small/);
    expect(numberProblem(MAX_STORED_MAGNITUDE + 2)).toMatch(/too large to store/);
    expect(numberProblem(1e126)).toMatch(/too large/);
    expect(numberProblem(Number.NaN)).toMatch(/not a finite number/);
  });

  it('never needs more than 38 significant digits: a number is written with at most 17', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => significantDigits(v) <= 17 && 17 < DYNAMODB_LIMITS.numberDigits));
  });

  it('judges a plain decimal from its text exactly as from its value (the summary does not convert the vendor column)', () => {
    const zeros = fc.integer({ min: 0, max: 200 }).map((n) => '0'.repeat(n));
    const text = fc.oneof(
      fc.tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^[0-9]{1,20}$/), fc.option(fc.stringMatching(/^[0-9]{0,20}$/))).map(([s, i, f]) => `${s}${i}${f === null ? '' : `.${f}`}`),
      fc.tuple(fc.constantFrom('', '-'), zeros, fc.stringMatching(/^[1-9][0-9]{0,5}$/)).map(([s, z, d]) => `${s}0.${z}${d}`),
    );
    fc.assert(
      fc.property(text, (t) => {
        const bytes = Buffer.from(t, 'latin1');
        expect(plainDecimalStorable(bytes, 0, bytes.length), t).toBe(isStorableNumber(Number(t)));
      }),
      { numRuns: 2000 },
    );
    const edge = `0.${'0'.repeat(129)}1`; // exactly 1e-130
    expect(plainDecimalStorable(Buffer.from(edge), 0, edge.length)).toBe(true);
    const below = `0.${'0'.repeat(130)}1`;
    expect(plainDecimalStorable(Buffer.from(below), 0, below.length)).toBe(false);
  });
});

describe('key and item layouts', () => {
  it("agrees with the adapters' keys (a change of layout must change the limits)", () => {
    const team = 't'.repeat(63);
    expect(keys.athleteTests(team, '').length).toBe(KEY_LAYOUT.testPartition);
    expect(keys.testSk('2026-01-20T18:37:00.000Z', '').length).toBe(KEY_LAYOUT.testSort);
    expect(keys.testTypeLsi('', '2026-01-20T18:37:00.000Z', '').length).toBe(KEY_LAYOUT.testTypeSort);
    expect(keys.athleteSk('').length).toBe(KEY_LAYOUT.athleteSort);
    expect(keys.aliasSk('').length).toBe(KEY_LAYOUT.aliasSort);
  });

  it('bounds what a test item holds besides its texts by TEST_ITEM_OVERHEAD_BYTES', () => {
    const big = 123456.78901234567;
    const side = { peakN: big, avgN: big, repCount: 2 ** 52, impulseNs: big, torqueNm: big, peakNPerKg: big, calibrationN: big, timeToPeakS: big };
    const warning = (code: string, s?: 'left' | 'right') => ({ code, ...(s ? { side: s } : {}), message: `${code}: ${'x'.repeat(200)}`, count: 2 ** 40 });
    const record: TestRecord = {
      testId: '',
      testIdSource: 'derived',
      athleteId: '',
      athleteName: '',
      externalId: '',
      testedAt: '2026-01-20T18:37:00.000Z',
      testType: '',
      device: '',
      bodyMassKg: big,
      left: side,
      right: side,
      asymmetry: { pct: big, weakerSide: 'right', formula: 'asymmetry.abs-diff-over-mean@1' },
      warnings: ['zero-reps-with-force', 'calibration-nonzero', 'time-to-peak-short'].flatMap((c) => [warning(c, 'left'), warning(c, 'right')]).concat([warning('body-mass-out-of-range'), warning('torque-zero')]),
      source: { file: '', line: 2 ** 52, vendorMaxImbalancePct: big },
    };
    const item = testItem('t'.repeat(63), `u${'f'.repeat(16)}`, record, 'summary');
    expect(itemBytes(item)).toBeLessThan(TEST_ITEM_OVERHEAD_BYTES);
    // The athlete item: profile fields, times, and the latest test of 40 test types named with 64 characters.
    const latest = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [keys.latestAttr(`${i}`.padEnd(64, 'x')), latestOf({ ...record, testType: `${i}`.padEnd(64, 'x'), testId: 'h'.repeat(17) })]));
    const athlete = { pk: keys.team('t'.repeat(63)), sk: keys.athleteSk(''), type: 'athlete', athleteId: '', name: '', externalId: '', valdProfileId: '', squad: 'x'.repeat(100), position: 'x'.repeat(100), sport: 'x'.repeat(100), bodyMassKg: big, dateOfBirth: '2000-01-01', injuries: Array.from({ length: 20 }, () => ({ date: '2025-01-01', side: 'both' })), createdAt: record.testedAt, updatedAt: record.testedAt, ...latest };
    expect(itemBytes(athlete)).toBeLessThan(ATHLETE_ITEM_OVERHEAD_BYTES);
  });

  it('names the field and the limit for long texts, and passes ordinary ones', () => {
    const base = { athleteId: 'athlete-001', athleteName: 'Athlete 001', externalId: null, valdProfileId: null, testType: 'Nordic', device: 'NordBord-0785', testId: null, file: 'export.csv' };
    expect(storedTestTextProblem(base)).toBeNull();
    expect(storedTestTextProblem({ ...base, testType: 'T'.repeat(1000) })).toMatchObject({ field: 'testType', reason: expect.stringMatching(/1,000 bytes.*sort key/) });
    expect(storedTestTextProblem({ ...base, testId: 'x'.repeat(995) })).toMatchObject({ field: 'testId' });
    expect(storedTestTextProblem({ ...base, athleteName: 'a'.repeat(1100) })).toMatchObject({ field: 'athleteName', reason: expect.stringMatching(/link key/) });
    // Punctuation slugs to nothing (no link key), but the name itself overflows the item.
    expect(storedTestTextProblem({ ...base, athleteName: '·'.repeat(250_000) })).toMatchObject({ field: 'athleteName', reason: expect.stringMatching(/400 KB/) });
  });
});

describe('rows the store would refuse are rejected with line, column and reason; the others are kept', () => {
  it('a denormal force, a 1 MB name, an overlong test type, a vendor value beyond the range', async () => {
    const rows = [
      good('Athlete 001', '02'),
      line(['Athlete 002', '03/01/2026', '6:21 PM', 'Nordic', '3', '3', '1e-320', '380', '-5', '0']),
      line(['N'.repeat(1 << 20), '04/01/2026', '6:21 PM', 'Nordic', '3', '3', '400', '380', '-5', '0']),
      line(['Athlete 004', '05/01/2026', '6:21 PM', 'T'.repeat(1500), '3', '3', '400', '380', '-5', '0']),
      line(['Athlete 005', '06/01/2026', '6:21 PM', 'Nordic', '3', '3', '400', '380', `0.${'0'.repeat(200)}7`, '0']),
      line(['Athlete 006', '07/01/2026', '6:21 PM', 'Nordic', '3', '3', '400', '380', '-5', '1e300']),
      good('Athlete 007', '13'),
      line(['N'.repeat(1 << 20), '08/01/2026', '6:21 PM', 'Nordic', '3', '3', '400', '380', '-5', '0', 'EXT-9']),
    ];
    for (const summaryOnly of [false, true]) {
      const r = await analyzeText([HEADER, ...rows].join('\n'), { summaryOnly, uploadTimeMs: Date.UTC(2026, 1, 1) }, 4096);
      expect(r.rejected.map((x) => [x.line, x.column, x.code]), `summaryOnly ${summaryOnly}`).toEqual([
        [3, 'L Max Force (N)', 'number-out-of-range'],
        // The id made from a 1 MB name is refused by the id grammar first; with an ExternalId as the id, the name itself is too long.
        [4, 'Name', 'bad-athlete-id'],
        [5, 'Test', 'too-long-to-store'],
        [6, 'Max Imbalance (%)', 'number-out-of-range'],
        [7, 'L Calibration (N)', 'number-out-of-range'],
        [9, 'Name', 'too-long-to-store'],
      ]);
      expect(r.summary.tests).toBe(2);
      for (const x of r.rejected) expect(x.reason.length, x.reason).toBeLessThan(400);
    }
    const r = await analyzeText([HEADER, ...rows].join('\n'), { uploadTimeMs: Date.UTC(2026, 1, 1) }, 4096);
    expect(r.tests.map((t) => t.athleteName)).toEqual(['Athlete 001', 'Athlete 007']);
    expect(r.rejected[0]!.reason).toMatch(/"1e-320".*too small to store/);
    expect(r.rejected[5]!.reason).toMatch(/link key of 1,048,587 bytes/);
  });

  it('a force that is storable but whose calibrated value is not', async () => {
    const r = await analyzeText([HEADER, line(['Athlete 001', '13/01/2026', '6:21 PM', 'Nordic', '3', '3', '1e-129', '380', '-5', '9.99e-130'])].join('\n'), { uploadTimeMs: Date.UTC(2026, 1, 1) });
    expect(r.rejected).toMatchObject([{ line: 2, column: 'L Max Force (N)', code: 'number-out-of-range', reason: expect.stringMatching(/peakN computed from "1e-129".*too small/) }]);
  });
});

describe('test times', () => {
  const upload = Date.UTC(2026, 0, 20, 12, 0);
  const at = (date: string, time: string) => line(['Athlete 001', date, time, 'Nordic', '3', '3', '400', '380', '-5', '0']);

  it('rejects a time more than 24 h after the upload and one before 2000, naming the date column', async () => {
    const r = await analyzeText([HEADER, at('21/01/2026', '12:00 PM'), at('21/01/2026', '12:01 PM'), at('31/12/1999', '11:59 PM'), at('01/01/2000', '12:00 AM'), at('13/01/2099', '9:00 AM')].join('\n'), { uploadTimeMs: upload });
    expect(r.tests.map((t) => t.testedAt)).toEqual(['2026-01-21T12:00:00.000Z', '2000-01-01T00:00:00.000Z']);
    expect(r.rejected.map((x) => [x.line, x.column, x.code])).toEqual([
      [3, 'Date UTC', 'date-in-future'],
      [4, 'Date UTC', 'date-before-2000'],
      [6, 'Date UTC', 'date-in-future'],
    ]);
    expect(r.rejected[0]!.reason).toMatch(/2026-01-21T12:01:00.000Z .*more than 24 hours after the upload \(2026-01-20T12:00Z\)/);
  });

  it('ISO times too (API rows)', async () => {
    const r = await analyzeText(JSON.stringify([
      { profileId: 'p1', testId: 't1', testDateUtc: '2099-01-01T00:00:00Z', testTypeName: 'Nordic', leftMaxForce: 400, rightMaxForce: 380 },
      { profileId: 'p1', testId: 't2', testDateUtc: '1900-01-01T00:00:00Z', testTypeName: 'Nordic', leftMaxForce: 400, rightMaxForce: 380 },
    ]), { uploadTimeMs: upload });
    expect(r.rejected.map((x) => [x.line, x.column, x.code])).toEqual([
      [1, 'testDateUtc', 'date-in-future'],
      [2, 'testDateUtc', 'date-before-2000'],
    ]);
  });
});

describe('VALD API rows name their test type', () => {
  const api = (typeName: string | undefined) => ({ profileId: 'p1', testId: `t-${typeName?.replace(/ /g, '-')}`, testDateUtc: '2025-01-10T12:14:33.835Z', ...(typeName === undefined ? {} : { testTypeName: typeName }), leftMaxForce: 400, rightMaxForce: 380 });

  it('JSON: a row without testTypeName is rejected, never taken for a Nordic', async () => {
    const r = await analyzeText(JSON.stringify({ tests: [api('ISO Prone'), api(undefined)] }));
    expect(r.tests.map((t) => t.testType)).toEqual(['ISO Prone']);
    expect(r.rejected).toMatchObject([{ line: 2, column: 'testTypeName', code: 'no-test-type', reason: expect.stringMatching(/not even Nordic/) }]);
  });

  it('flattened CSV without the column: every row is rejected; a Hub export without a Test column stays Nordic', async () => {
    const r = await analyzeText('profileId,testId,testDateUtc,leftMaxForce,rightMaxForce\np1,t1,2025-01-10T12:14:33.835Z,400,380\n');
    expect(r.rejected).toMatchObject([{ line: 2, column: 'testTypeName', code: 'no-test-type' }]);
    const hub = await analyzeText('Name,Date UTC,Time UTC,L Max Force (N),R Max Force (N)\nJane Doe,13/01/2025,6:21 PM,400,380\n');
    expect(hub.tests.map((t) => t.testType)).toEqual(['Nordic']);
  });
});
