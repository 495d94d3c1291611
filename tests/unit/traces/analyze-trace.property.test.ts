import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeTrace } from '#core/traces/analyze-trace.ts';
import { generateSyntheticTrace } from '#core/traces/synthetic.ts';

/**
 * Random realistic traces (1–8 reps, peaks 150–700 N, rests 2–6 s, offsets ±30 N, drift ±0.3 N/s, Gaussian noise)
 * at 50, 400 and 1,000 Hz, Nordic (bilateral, right leg lagging up to 0.15 s) and ISO Prone (per leg):
 * rep count exact, every peak within max(2 N, 1 %) of the noiseless truth, decrement within 1 percentage point.
 *
 * Noise σ: up to 5 N at 400 and 1,000 Hz; up to 1.5 N at 50 Hz. At 50 Hz with σ = 5 N the peak estimate’s own SD is
 * ≈ 1.9 N (≈ 25 samples inside a Nordic peak region, plus the baseline median's error), so a 2 N bound cannot hold
 * for every peak there; see the report. fast-check seeds are fixed so the suite is deterministic.
 */
const scenario = (maxNoise: number) =>
  fc.record({
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    reps: fc.integer({ min: 1, max: 8 }),
    testType: fc.constantFrom('Nordic' as const, 'ISO Prone' as const),
    offsetL: fc.double({ min: -30, max: 30, noNaN: true }),
    offsetR: fc.double({ min: -30, max: 30, noNaN: true }),
    driftL: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
    driftR: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
    noise: fc.double({ min: 0, max: maxNoise, noNaN: true }),
    lag: fc.double({ min: 0, max: 0.15, noNaN: true }),
  });

const cases: Array<{ rate: number; maxNoise: number; numRuns: number }> = [
  { rate: 50, maxNoise: 1.5, numRuns: 40 },
  { rate: 400, maxNoise: 5, numRuns: 25 },
  { rate: 1000, maxNoise: 5, numRuns: 15 },
];

describe('analyzeTrace on random synthetic traces (property)', () => {
  for (const { rate, maxNoise, numRuns } of cases) {
    it(`${rate} Hz, noise σ ≤ ${maxNoise} N: rep count exact, peaks within max(2 N, 1 %), decrement within 1 pp`, () => {
      fc.assert(
        fc.property(scenario(maxNoise), (sc) => {
          const tr = generateSyntheticTrace({
            seed: sc.seed,
            sampleRateHz: rate,
            testType: sc.testType,
            reps: sc.reps,
            offsetN: { left: sc.offsetL, right: sc.offsetR },
            driftNPerS: { left: sc.driftL, right: sc.driftR },
            noiseSdN: sc.noise,
            legLagS: sc.lag,
          });
          const a = analyzeTrace({ left: tr.left, right: tr.right, sampleRateHz: rate, testType: tr.testType });
          for (const side of ['left', 'right'] as const) {
            const truth = tr.truth[side];
            const got = a[side];
            expect(got.repCount).toBe(truth.length);
            truth.forEach((t, k) => {
              const rep = got.reps[k]!;
              expect(Math.abs(rep.peakN - t.peakN)).toBeLessThanOrEqual(Math.max(2, 0.01 * t.peakN));
              // The detected rep lies around the true one (start after the force leaves 0, peak near the true peak).
              expect(rep.startS).toBeGreaterThanOrEqual(t.startS - 0.1);
              expect(rep.endS).toBeLessThanOrEqual(t.endS + 0.1);
              expect(Math.abs(rep.peakS - t.peakS)).toBeLessThan(0.6);
            });
            const trueDec = tr.truth.decrementPct[side];
            if (trueDec === null) {
              expect(a.fatigue[side]).toBeNull();
              expect(a.fatigue.reasons?.[side]).toMatch(/at least 2/);
            } else {
              expect(Math.abs(a.fatigue[side]!.decrementPct - trueDec)).toBeLessThanOrEqual(1);
            }
          }
          expect(a.warnings.filter((w) => w.code !== 'spikes-removed')).toEqual([]);
        }),
        { numRuns, seed: 20260301 + rate },
      );
    });
  }
});
