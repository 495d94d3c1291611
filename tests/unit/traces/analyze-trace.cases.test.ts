import { describe, expect, it } from 'vitest';
import { asymmetry } from '#core/metrics/asymmetry.ts';
import { analyzeTrace, traceDefaults } from '#core/traces/analyze-trace.ts';
import { peakSlope, percentDecrement, withinSetFatigue } from '#core/traces/fatigue.ts';
import { generateSyntheticTrace, type SyntheticTraceOptions } from '#core/traces/synthetic.ts';
import type { TraceAnalysis, TraceInput } from '#core/traces/types.ts';

const tol = (truth: number) => Math.max(2, 0.01 * truth);
const run = (o: SyntheticTraceOptions, extra: Partial<TraceInput> = {}, params = {}) => {
  const tr = generateSyntheticTrace(o);
  const a = analyzeTrace({ left: tr.left, right: tr.right, sampleRateHz: tr.sampleRateHz, testType: tr.testType, ...extra }, params);
  return { tr, a };
};
const codes = (a: TraceAnalysis) => a.warnings.map((w) => w.code);
const warning = (a: TraceAnalysis, code: string, side?: string) =>
  a.warnings.find((w) => w.code === code && (side === undefined || w.side === side));

describe('fatigue formulas', () => {
  it('Glaister percent decrement and least-squares slope, by hand', () => {
    expect(percentDecrement([100, 90, 80])).toBeCloseTo(10, 12); // 1 − 270 / 300
    expect(peakSlope([100, 90, 80])).toBeCloseTo(-10, 12);
    expect(percentDecrement([300, 300])).toBe(0);
    expect(peakSlope([200, 250, 240, 190])).toBeCloseTo(-4, 12); // Σdx·dy / Σdx² = −20 / 5
    expect(percentDecrement([250])).toBeNull();
    expect(withinSetFatigue([250])).toEqual({ result: null, reason: '1 rep: within-set fatigue needs at least 2' });
    expect(withinSetFatigue([])).toEqual({ result: null, reason: '0 reps: within-set fatigue needs at least 2' });
  });
});

describe('analyzeTrace: hand-checked cases', () => {
  it('names every formula and echoes the parameters', () => {
    const { a } = run({ seed: 1, reps: 3 });
    expect(a.formulas.repDetection).toBe('rep-detection.threshold-hysteresis@1');
    expect(a.formulas.fatigueDecrement).toBe('fatigue.percent-decrement@1');
    expect(a.formulas.fatigueSlope).toBe('fatigue.peak-slope@1');
    expect(a.fatigue.formula).toEqual({ decrementPct: 'fatigue.percent-decrement@1', slopeNPerRep: 'fatigue.peak-slope@1' });
    expect(a.baseline.method).toBe('baseline.inter-rep-linear@1');
    expect(a.formulas.detection).toBe('bilateral');
    expect(a.formulas.relativeForce).toBe('relative-force@1');
    expect(a.parameters).toEqual(traceDefaults);
    expect(a.asymmetry).toEqual(asymmetry(a.left.peakN, a.right.peakN));
    expect(a.left.avgN).toBeCloseTo(a.left.reps.reduce((s, r) => s + r.peakN, 0) / a.left.repCount, 9);
    expect(a.left.impulseNs).toBeCloseTo(a.left.reps.reduce((s, r) => s + r.impulseNs, 0), 9);
  });

  it('impulse, mean and early impulses are trapezoids over the rep of the baseline-corrected force', () => {
    // 100 Hz, no noise, baseline 10 N: one triangle 0 → 300 N over 2 s → 0 over 1 s.
    const rate = 100;
    const f = new Float64Array(7 * rate);
    for (let i = 0; i < f.length; i++) {
      const t = i / rate - 2;
      f[i] = 10 + (t < 0 || t > 3 ? 0 : t <= 2 ? 150 * t : 300 - 300 * (t - 2));
    }
    const a = analyzeTrace({ left: f, right: f, sampleRateHz: rate, testType: 'Nordic' }, { baselineDrift: 'constant' });
    expect(a.baseline.left).toBe(10);
    const rep = a.left.reps[0]!;
    expect(a.left.repCount).toBe(1);
    const i0 = Math.round(rep.startS * rate);
    const i1 = Math.round(rep.endS * rate);
    let area = 0;
    let sum = 0;
    for (let i = i0; i < i1; i++) area += (f[i]! - 10 + f[i + 1]! - 10) / 2 / rate;
    for (let i = i0; i <= i1; i++) sum += f[i]! - 10;
    expect(rep.impulseNs).toBeCloseTo(area, 9);
    expect(rep.meanN).toBeCloseTo(sum / (i1 - i0 + 1), 9);
    // First crossing above 25 N: 150 t > 25 → t > 1/6 s → sample 2.17 s.
    expect(rep.startS).toBeCloseTo(2.17, 9);
    let a100 = 0;
    for (let i = i0; i < i0 + 10; i++) a100 += (f[i]! - 10 + f[i + 1]! - 10) / 2 / rate;
    expect(rep.impulse100msNs).toBeCloseTo(a100, 9);
    expect(rep.impulse200msNs).toBeGreaterThan(rep.impulse100msNs);
    expect(rep.peakN).toBeGreaterThan(290); // a sharp corner: the fit and smoothing round it a little
    expect(rep.peakN).toBeLessThanOrEqual(300.5);
    expect(rep.peakS).toBeCloseTo(4, 1);
    expect(rep.timeToPeakS).toBeCloseTo(rep.peakS - rep.startS, 12);
    expect(rep.durationS).toBeCloseTo(rep.endS - rep.startS, 12);
  });

  it('ignores single-sample spikes (and reports them)', () => {
    const { tr, a } = run({ seed: 7, reps: 3, sampleRateHz: 50, spikes: 40, spikeHeightN: 900, noiseSdN: 1 });
    for (const side of ['left', 'right'] as const) {
      expect(a[side].repCount).toBe(tr.truth[side].length);
      tr.truth[side].forEach((t, k) => expect(Math.abs(a[side].reps[k]!.peakN - t.peakN)).toBeLessThanOrEqual(tol(t.peakN)));
    }
    const removed = a.warnings.filter((w) => w.code === 'spikes-removed').reduce((s, w) => s + w.count!, 0);
    expect(removed).toBe(tr.truth.spikeIndices.left.length + tr.truth.spikeIndices.right.length);
  });

  it('a dead leg has 0 reps, null peak, null fatigue with a reason, and no asymmetry', () => {
    const { tr, a } = run({ seed: 3, reps: 3, deadLeg: 'right', offsetN: { right: 12 } });
    expect(a.left.repCount).toBe(3);
    expect(a.right).toMatchObject({ repCount: 0, peakN: null, avgN: null, impulseNs: null, reps: [] });
    expect(a.fatigue.right).toBeNull();
    expect(a.fatigue.reasons?.right).toBe('right: 0 reps: within-set fatigue needs at least 2');
    expect(a.fatigue.left!.decrementPct).toBeCloseTo(tr.truth.decrementPct.left!, 0);
    expect(a.asymmetry).toBeNull();
    expect(warning(a, 'side-no-reps', 'right')).toBeDefined();
  });

  it('legs starting at different times stay one bilateral rep with per-leg start and peak', () => {
    const { tr, a } = run({ seed: 11, reps: 2, legLagS: 0.4, sampleRateHz: 400, noiseSdN: 1 });
    expect(a.left.repCount).toBe(2);
    expect(a.right.repCount).toBe(2);
    for (let k = 0; k < 2; k++) {
      const dStart = a.right.reps[k]!.startS - a.left.reps[k]!.startS;
      const dPeak = a.right.reps[k]!.peakS - a.left.reps[k]!.peakS;
      // Same lag in the truth (shapes differ only in peak, so the threshold crossing moves with the lag ± the amplitude).
      expect(dPeak).toBeCloseTo(tr.truth.right[k]!.peakS - tr.truth.left[k]!.peakS, 1);
      expect(dStart).toBeGreaterThan(0);
    }
  });

  it('a trace ending mid-rep is reported; the rep is dropped by default and kept on request', () => {
    const o: SyntheticTraceOptions = { seed: 5, reps: 3, endMidRep: true, noiseSdN: 1 };
    const { tr, a } = run(o);
    expect(tr.truth.incomplete.left).toBeDefined();
    expect(a.left.repCount).toBe(tr.truth.left.length);
    expect(a.left.repCount).toBe(2);
    const w = warning(a, 'rep-incomplete')!;
    expect(w.message).toMatch(/ends mid-rep.*dropped/);
    const kept = run(o, {}, { incompleteReps: 'keep' }).a;
    expect(kept.left.repCount).toBe(3);
    expect(warning(kept, 'rep-incomplete')!.message).toMatch(/kept/);
    expect(kept.left.reps[2]!.endS).toBeCloseTo(kept.durationS - 1 / kept.sampleRateHz, 9);
  });

  it('bridges a short NaN dropout by linear interpolation and reports it with its sample count', () => {
    const { tr, a } = run({
      seed: 9,
      reps: 3,
      sampleRateHz: 1000,
      noiseSdN: 1,
      dropouts: [{ side: 'left', atS: 1, durationS: 0.03 }],
    });
    const w = warning(a, 'gap-bridged', 'left')!;
    expect(w.count).toBe(30);
    expect(tr.truth.missingSamples.left).toBe(30);
    expect(a.left.repCount).toBe(3);
    expect(codes(a)).not.toContain('gap-long');
  });

  it('bridges a dropout across a peak without losing the rep', () => {
    const tr0 = generateSyntheticTrace({ seed: 9, reps: 2, sampleRateHz: 1000, noiseSdN: 1 });
    const atS = tr0.truth.left[0]!.peakS - 0.02;
    const { tr, a } = run({ seed: 9, reps: 2, sampleRateHz: 1000, noiseSdN: 1, dropouts: [{ side: 'left', atS, durationS: 0.04 }] });
    expect(a.left.repCount).toBe(2);
    expect(Math.abs(a.left.reps[0]!.peakN - tr.truth.left[0]!.peakN)).toBeLessThanOrEqual(tol(tr.truth.left[0]!.peakN));
    expect(warning(a, 'gap-bridged', 'left')!.count).toBe(40);
  });

  it('reports a long gap, never as zeros; a rep overlapping it is dropped and reported', () => {
    const tr0 = generateSyntheticTrace({ seed: 4, reps: 3, noiseSdN: 1 });
    const peak1 = tr0.truth.right[1]!.peakS;
    const rest = tr0.truth.right[0]!.endS + 0.5;
    const { a } = run({
      seed: 4,
      reps: 3,
      noiseSdN: 1,
      dropouts: [
        { side: 'right', atS: rest, durationS: 0.6 }, // in a rest
        { side: 'right', atS: peak1 - 0.2, durationS: 0.4 }, // over a peak
      ],
    });
    const w = warning(a, 'gap-long', 'right')!;
    expect(w.message).toMatch(/2 right gap\(s\) longer than 0.05 s/);
    expect(w.count).toBe(30 + 20);
    expect(warning(a, 'rep-in-gap', 'right')!.count).toBe(1);
    expect(a.right.repCount).toBe(2);
    expect(a.left.repCount).toBe(3);
    // The rest gap did not create or split anything: no rep starts inside it.
    expect(a.right.reps.every((r) => r.startS > rest + 0.6 || r.endS < rest)).toBe(true);
    const keep = run({ seed: 4, reps: 3, noiseSdN: 1, dropouts: [{ side: 'right', atS: peak1 - 0.2, durationS: 0.4 }] }, {}, { longGapReps: 'keep' }).a;
    expect(keep.right.repCount).toBe(3);
    expect(warning(keep, 'rep-in-gap', 'right')!.message).toMatch(/kept/);
  });

  it('a leg with no samples at all is reported and has no reps', () => {
    const tr = generateSyntheticTrace({ seed: 2, reps: 2 });
    const a = analyzeTrace({ left: tr.left, right: new Float64Array(tr.right.length).fill(NaN), sampleRateHz: 50, testType: 'Nordic' });
    expect(a.left.repCount).toBe(2);
    expect(a.right.repCount).toBe(0);
    expect(a.right.peakN).toBeNull();
    expect(warning(a, 'side-no-data', 'right')).toBeDefined();
  });

  it('plain arrays with null as missing are accepted (null is missing, not 0)', () => {
    const tr = generateSyntheticTrace({ seed: 2, reps: 2, noiseSdN: 0.5 });
    const left: (number | null)[] = Array.from(tr.left);
    left[10] = null;
    const a = analyzeTrace({ left: left as number[], right: Array.from(tr.right), sampleRateHz: 50, testType: 'Nordic' });
    expect(warning(a, 'gap-bridged', 'left')!.count).toBe(1);
    expect(a.left.repCount).toBe(2);
  });

  it('isometric tests detect reps per leg, with unequal counts', () => {
    const { tr, a } = run({ seed: 21, testType: 'ISO Prone', repsPerLeg: { left: 2, right: 4 }, sampleRateHz: 400, noiseSdN: 2 });
    expect(a.formulas.detection).toBe('per-leg');
    expect(a.left.repCount).toBe(2);
    expect(a.right.repCount).toBe(4);
    for (const side of ['left', 'right'] as const) {
      tr.truth[side].forEach((t, k) => expect(Math.abs(a[side].reps[k]!.peakN - t.peakN)).toBeLessThanOrEqual(tol(t.peakN)));
    }
    expect(a.fatigue.left!.decrementPct).toBeCloseTo(tr.truth.decrementPct.left!, 0);
  });

  it('one rep: fatigue null with a reason, not 0', () => {
    const { a } = run({ seed: 8, reps: 1 });
    expect(a.left.repCount).toBe(1);
    expect(a.fatigue.left).toBeNull();
    expect(a.fatigue.right).toBeNull();
    expect(a.fatigue.reasons).toEqual({
      left: 'left: 1 rep: within-set fatigue needs at least 2',
      right: 'right: 1 rep: within-set fatigue needs at least 2',
    });
    expect(a.left.avgN).toBe(a.left.peakN);
  });

  it('uses the device calibration as the baseline when given', () => {
    const o: SyntheticTraceOptions = { seed: 12, reps: 2, offsetN: { left: 40, right: -15 }, noiseSdN: 0.5 };
    const { tr, a } = run(o, { calibrationN: { left: 40, right: -15 } });
    expect(a.baseline).toMatchObject({ left: 40, right: -15, method: 'baseline.calibration@1' });
    expect(a.left.calibrationN).toBe(40);
    tr.truth.left.forEach((t, k) => expect(Math.abs(a.left.reps[k]!.peakN - t.peakN)).toBeLessThanOrEqual(tol(t.peakN)));
    // A (wrong) calibration of 20 N is used as given: every left peak then carries the remaining 20 N.
    const wrong = run(o, { calibrationN: { left: 20 } }).a;
    expect(wrong.baseline.perSide.left.method).toBe('baseline.calibration@1');
    expect(wrong.baseline.perSide.right.method).toBe('baseline.inter-rep-linear@1');
    expect(wrong.baseline.method).toBe('left baseline.calibration@1; right baseline.inter-rep-linear@1');
    expect(wrong.left.repCount).toBe(2);
    expect(wrong.left.peakN! - a.left.peakN!).toBeCloseTo(20, 0);
  });

  it('estimates the resting baseline and corrects a linear drift', () => {
    const o: SyntheticTraceOptions = { seed: 13, reps: 6, offsetN: { left: 25, right: -20 }, driftNPerS: { left: 0.4, right: -0.3 }, noiseSdN: 1, sampleRateHz: 400 };
    const { tr, a } = run(o);
    expect(a.baseline.left).toBeCloseTo(25, 0);
    expect(a.baseline.perSide.left.endN).toBeGreaterThan(25 + 0.3 * a.durationS);
    for (const side of ['left', 'right'] as const) {
      tr.truth[side].forEach((t, k) => expect(Math.abs(a[side].reps[k]!.peakN - t.peakN)).toBeLessThanOrEqual(tol(t.peakN)));
    }
    // A constant baseline misses the drift by ~0.4 N/s × tens of seconds on the last rep.
    const constant = run(o, {}, { baselineDrift: 'constant' }).a;
    expect(constant.baseline.method).toBe('baseline.quietest-window-median@1');
    const last = tr.truth.left.length - 1;
    expect(constant.left.reps[last]!.peakN - tr.truth.left[last]!.peakN).toBeGreaterThan(5);
  });

  it('relative force (relative-force@1) and torque when body mass and lever arm are known; null otherwise', () => {
    const { a } = run({ seed: 14, reps: 3 }, { bodyMassKg: 80, leverArmM: 0.3195 });
    expect(a.left.peakNPerKg).toBeCloseTo(a.left.peakN! / 80, 12);
    expect(a.left.torqueNm).toBeCloseTo(a.left.peakN! * 0.3195, 12);
    for (const r of a.right.reps) {
      expect(r.peakNPerKg).toBeCloseTo(r.peakN / 80, 12);
      expect(r.torqueNm).toBeCloseTo(r.peakN * 0.3195, 12);
    }
    const none = run({ seed: 14, reps: 3 }).a;
    expect(none.left.peakNPerKg).toBeNull();
    expect(none.left.torqueNm).toBeNull();
    expect(none.left.reps[0]!.torqueNm).toBeNull();
    const lb = run({ seed: 14, reps: 1 }, { bodyMassKg: 190 }).a;
    expect(warning(lb, 'body-mass-out-of-range')).toBeDefined();
  });

  it('flags a Nordic rep peaking sooner than 0.5 s after its start', () => {
    const rate = 100;
    const f = new Float64Array(6 * rate);
    for (let i = 0; i < f.length; i++) {
      const t = i / rate - 2; // 0 → 400 N in 0.3 s, then down in 1 s
      f[i] = t < 0 || t > 1.3 ? 0 : t <= 0.3 ? (400 * t) / 0.3 : 400 - 400 * (t - 0.3);
    }
    const a = analyzeTrace({ left: f, right: f, sampleRateHz: rate, testType: 'Nordic' });
    expect(warning(a, 'time-to-peak-short', 'left')!.count).toBe(1);
    expect(a.left.timeToPeakS).toBeLessThan(0.5);
  });

  it('merges chatter around the thresholds and drops crossings shorter than the minimum duration', () => {
    const rate = 100;
    const f = new Float64Array(10 * rate);
    for (let i = 0; i < f.length; i++) {
      const t = i / rate;
      // One rep 2–5 s whose force dips to 0 for 0.1 s at 3 s; a 0.1 s, 300 N burst at 7 s (not a rep).
      f[i] = t >= 2 && t < 5 && !(t >= 3 && t < 3.1) ? 200 : t >= 7 && t < 7.1 ? 300 : 0;
    }
    const a = analyzeTrace({ left: f, right: f, sampleRateHz: rate, testType: 'ISO 30°' }, { smoothingWindowS: 0 });
    expect(a.left.repCount).toBe(1);
    expect(a.left.reps[0]!.startS).toBeCloseTo(2, 9);
    expect(a.left.reps[0]!.endS).toBeCloseTo(5, 9);
    expect(warning(a, 'rep-too-short', 'left')!.count).toBe(1);
  });

  it('rejects a non-positive sample rate and inverted thresholds', () => {
    expect(() => analyzeTrace({ left: [], right: [], sampleRateHz: 0, testType: 'Nordic' })).toThrow(RangeError);
    expect(() => analyzeTrace({ left: [], right: [], sampleRateHz: 50, testType: 'Nordic' }, { stopThresholdN: 30 })).toThrow(
      RangeError,
    );
  });

  it('an empty trace has no reps and does not throw', () => {
    const a = analyzeTrace({ left: [], right: [], sampleRateHz: 50, testType: 'Nordic' });
    expect(a.left.repCount).toBe(0);
    expect(a.durationS).toBe(0);
  });

  it('does not modify its input', () => {
    const tr = generateSyntheticTrace({ seed: 30, reps: 2, spikes: 5, offsetN: { left: 10 } });
    const copy = Float64Array.from(tr.left);
    analyzeTrace({ left: tr.left, right: tr.right, sampleRateHz: 50, testType: 'Nordic' });
    expect(tr.left).toEqual(copy);
  });
});
