import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeStream } from '#core/analyze/analyzer.ts';
import { TestRowMapper, type RowFacts } from '#core/formats/test-row.ts';
import type { AsymmetryFormula } from '#core/metrics/asymmetry.ts';
import { TestJsonBytes } from '#core/output/test-json-bytes.ts';

const realData = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/real-data');

/**
 * Every test of a file, written by TestJsonBytes and by JSON.stringify of its TestRecord: the two must be the
 * same bytes. Returns how many tests were compared.
 */
async function compareAll(content: Buffer | string, file: string, asymmetryFormula?: AsymmetryFormula): Promise<number> {
  const options = { file, ...(asymmetryFormula === undefined ? {} : { asymmetryFormula }) };
  const records = new TestRowMapper(options);
  const encoder = new TestJsonBytes(options);
  let compared = 0;
  const mismatches: string[] = [];
  async function* once(): AsyncGenerator<Buffer> {
    yield typeof content === 'string' ? Buffer.from(content) : content;
  }
  await analyzeStream(once(), { ...options, uploadTimeMs: Date.UTC(2026, 11, 1) }, {
    testFacts: (f: RowFacts) => {
      const buf = Buffer.alloc(encoder.maxBytes(f) + 16, 0x7e);
      const end = encoder.write(f, buf, 8);
      const expected = JSON.stringify(records.record(f));
      const got = buf.toString('utf8', 8, end);
      if (got !== expected && mismatches.length < 3) mismatches.push(`${got}\n  !=\n${expected}`);
      // Nothing written outside [8, end): maxBytes bounds the write.
      if (buf[7] !== 0x7e || buf[end] !== 0x7e) mismatches.push('wrote outside its range');
      compared++;
    },
  });
  expect(mismatches).toEqual([]);
  return compared;
}

const HEADER = [
  'Name', 'ExternalId', 'Test ID', 'Date UTC', 'Time UTC', 'Device', 'Test', 'L Reps', 'R Reps', 'L Max Force (N)', 'R Max Force (N)',
  'Max Imbalance (%)', 'L Max Torque (Nm)', 'R Max Torque (Nm)', 'L Avg Force (N)', 'R Avg Force (N)', 'L Max Impulse (Ns)', 'R Max Impulse (Ns)',
  'L Calibration', 'R Calibration', 'L Min Time to Peak Force (s)', 'R Min Time to PeakForce (s)', 'L Max Force Per Kg (N/kg)', 'R Max Force Per Kg (N/kg)', 'Notes',
];
const csvCell = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Numbers as exports write them, and the odd ones: many decimals, exponents, -0, blanks. */
const numberCell = fc.oneof(
  fc.integer({ min: 0, max: 900 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 1900 }), fc.integer({ min: 0, max: 3 })).map(([v, k]) => (v / 4).toFixed(k)),
  fc.double({ min: 1e-6, max: 1999, noNaN: true }).map(String),
  fc.double({ min: 1e-7, max: 1e-3, noNaN: true }).map(String),
  fc.constantFrom('', '-0', '0', '1e2', '2.5E1', '0.000001', '0.0000001', '999999.999999', '1999.9999999'),
);
const text = fc.oneof(
  fc.constantFrom('Jane Doe', 'Zoë Ångström', 'O\'Brien "Obi"', 'back\\slash', 'tab\there', '日本 語', 'emoji 🦵', 'a\u0001b', '  padded  '),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const row = fc.record({
  name: text,
  externalId: fc.oneof(fc.constant(''), fc.constantFrom('EXT1', 'ext-2', 'X_3')),
  testId: fc.oneof(fc.constant(''), fc.constantFrom('t-1', 'T2', 'abc_9')),
  date: fc.constantFrom('2026-02-10', '2026-02-10T06:30:15.250Z', '14/03/2026', '2024-01-02'),
  time: fc.constantFrom('', '20:08', '6:21 PM', '00:00', '23:59:30'),
  device: fc.oneof(fc.constant(''), text),
  test: fc.constantFrom('Nordic', 'ISO Prone', 'Razor Curl'),
  reps: fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }).map(String), fc.constant('')), { minLength: 2, maxLength: 2 }),
  numbers: fc.array(numberCell, { minLength: 15, maxLength: 15 }),
  notes: fc.constantFrom('', 'post-match', 'MD+1 "tired"', 'nothing of note', 'Post game — wet'),
  /** Both sides' peak the same: an asymmetry of 0 with no weaker side. */
  equalSides: fc.boolean(),
});

describe('TestJsonBytes (property): the bytes of JSON.stringify(record) for every test', () => {
  it('on generated exports with hostile texts and every kind of number cell', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 20 }), fc.constantFrom<AsymmetryFormula | undefined>(undefined, 'asymmetry.vald-hub-signed@1', 'asymmetry.abs-diff-over-mean@1'), async (rows, formula) => {
        const lines = rows.map((r) => [r.name, r.externalId, r.testId, r.date, r.time, r.device, r.test, ...r.reps, ...(r.equalSides ? [r.numbers[0]!, ...r.numbers.slice(0, 1), ...r.numbers.slice(2)] : r.numbers), r.notes].map(csvCell).join(','));
        compared += await compareAll([HEADER.map(csvCell).join(','), ...lines].join('\n'), 'gen "é".csv', formula);
      }),
      { numRuns: 200 },
    );
    // Most generated rows are tests (others are rejected: no athlete, a force above the sensor's limit).
    expect(compared).toBeGreaterThan(500);
  });

  it('on the real VALD files', async () => {
    let compared = 0;
    for (const name of ['vald-hub-results-export-nordbord.csv', 'vald-api-tests-v2.json', 'vald-api-tests-v2-flattened.csv', 'vald-api-tests-flattened-multi-type.csv']) {
      compared += await compareAll(readFileSync(path.join(realData, name)), name);
    }
    // 195 + 91 + 91 + 37 tests (the real files' READMEs).
    expect(compared).toBe(414);
  });

  it('writes any double as JSON.stringify does', () => {
    const encoder = new TestJsonBytes({ file: 'x.csv' });
    const check = (n: number): void => {
      expect(encoder.numberJson(n)).toBe(JSON.stringify(n));
    };
    fc.assert(fc.property(fc.double(), check), { numRuns: 20_000 });
    fc.assert(fc.property(fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }), fc.integer({ min: 0, max: 7 }), (m, k) => check(m / 10 ** k)), { numRuns: 20_000 });
    for (const n of [0, -0, 1e-7, 1e-6, 999_999.999_999, 1e6, 1e21, 2 ** 31, -(2 ** 31), 0.1 + 0.2, 5e-324, Number.MAX_VALUE, Number.NaN, Infinity, -Infinity]) check(n);
    // The same magnitude twice, the second with the other sign (the kept digits of the last String() result).
    check(12.984293193717278);
    check(-12.984293193717278);
  });
});
