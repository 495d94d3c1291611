import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleMinMax } from '#core/traces/downsample.ts';

describe('downsampleMinMax', () => {
  it('keeps the global max and min, returns ≤ maxPoints points in index order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -2000, max: 2000, noNaN: true }), { minLength: 1, maxLength: 3000 }),
        fc.integer({ min: 2, max: 600 }),
        (xs, maxPoints) => {
          const series = Float64Array.from(xs);
          const { indices, values } = downsampleMinMax(series, maxPoints);
          expect(indices.length).toBeLessThanOrEqual(maxPoints);
          expect(values.length).toBe(indices.length);
          expect(Math.max(...values)).toBe(Math.max(...xs));
          expect(Math.min(...values)).toBe(Math.min(...xs));
          for (let k = 0; k < indices.length; k++) {
            expect(values[k]).toBe(series[indices[k]!]);
            if (k > 0) expect(indices[k]!).toBeGreaterThan(indices[k - 1]!);
          }
        },
      ),
      { numRuns: 200, seed: 42 },
    );
  });

  it('returns short series whole and skips missing samples', () => {
    expect(Array.from(downsampleMinMax([1, 2, 3], 10).values)).toEqual([1, 2, 3]);
    const r = downsampleMinMax([1, NaN, 3, 7, NaN, -2, 5, 0], 4);
    expect(r.indices.length).toBeLessThanOrEqual(4);
    expect(Array.from(r.values)).toEqual([1, 7, -2, 5]);
  });

  it('keeps a single-sample peak of a long trace', () => {
    const s = new Float32Array(600_000).fill(3);
    s[123_457] = 812.5;
    const r = downsampleMinMax(s, 1000);
    expect(r.indices.length).toBeLessThanOrEqual(1000);
    expect(Array.from(r.indices)).toContain(123_457);
  });

  it('maxPoints 1 keeps the global maximum; 0 nothing', () => {
    expect(Array.from(downsampleMinMax([1, 9, 2], 1).values)).toEqual([9]);
    expect(downsampleMinMax([1, 9, 2], 0).values.length).toBe(0);
  });
});
