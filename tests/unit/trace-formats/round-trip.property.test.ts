import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceCsvParser } from '../../../shared/trace-formats/index.ts';
import { named } from './helpers.ts';

/**
 * Property: a random trace written as CSV (random delimiter, decimal comma with ";"/tab, rate 50–1000 Hz,
 * line ends, headers, BOM, missing samples, random chunking) parses back to the same samples and rate.
 */
describe('trace CSV round trip (property)', () => {
  it('parses back the same samples and rate', () => {
    const force = fc.oneof(
      { weight: 10, arbitrary: fc.integer({ min: -50_000, max: 200_000 }).map((x) => x / 100) },
      { weight: 1, arbitrary: fc.constant(Number.NaN) },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 50, max: 1000 }),
        fc.array(fc.tuple(force, force), { minLength: 2, maxLength: 300 }),
        fc.constantFrom(',', ';', '\t'),
        fc.boolean(),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.constantFrom(['Time (s)', 'Left Force (N)', 'Right Force (N)'], ['Seconds', 'LeftForce', 'RightForce'], ['Time', 'Left Force', 'Right Force']),
        fc.boolean(),
        fc.integer({ min: 1, max: 4096 }),
        (rate, samples, delimiter, wantComma, eol, header, bom, chunk) => {
          const decimalComma = wantComma && delimiter !== ',';
          const num = (x: number, digits?: number) => {
            if (Number.isNaN(x)) return '';
            const s = digits === undefined ? String(x) : x.toFixed(digits);
            return decimalComma ? s.replace('.', ',') : s;
          };
          const lines = [header.join(delimiter), ...samples.map(([l, r], i) => [num(i / rate, 6), num(l), num(r)].join(delimiter))];
          const text = (bom ? '\uFEFF' : '') + lines.join(eol) + (chunk % 2 ? eol : '');
          const bytes = Buffer.from(text);
          const p = new TraceCsvParser(named);
          for (let o = 0; o < bytes.length; o += chunk) p.push(bytes.subarray(o, o + chunk));
          const t = p.end();
          if (!t.ok) throw new Error(`${t.code}: ${t.reason}`);
          expect(t.sampleRateHz).toBe(rate);
          expect(Array.from(t.left)).toEqual(samples.map((s) => s[0]));
          expect(Array.from(t.right)).toEqual(samples.map((s) => s[1]));
        },
      ),
      { numRuns: 300 },
    );
  });
});
