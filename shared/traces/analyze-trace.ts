/**
 * Pure analysis of one raw NordBord force trace (left and right force in N at a known sample rate): baseline,
 * rep detection, per-rep and per-test metrics, asymmetry and within-set fatigue. No I/O.
 *
 * Pipeline per leg (each step one pass over a Float64Array):
 *   1. copy + find missing samples; bridge short gaps by linear interpolation (long ones too, but reps touching
 *      them are dropped and every gap is reported);
 *   2. despike: a sample > spikeThresholdN beyond both neighbours becomes the median of the three;
 *   3. centered moving mean (smoothing for thresholds and peak location);
 *   4. initial baseline: device calibration, else the median of the quietest window at the start;
 *   5. threshold-hysteresis detection (bilateral windows from max/sum of legs for Nordic/Razor, per leg otherwise),
 *      chatter merged, short crossings dropped;
 *   6. drift: baseline re-estimated at both ends of every rest between reps, interpolated linearly, subtracted,
 *      and step 5 repeated;
 *   7. per-rep metrics on the despiked, baseline-corrected force (touches only the rep samples).
 */
import { medianInPlace, selectKth } from '../math/median.ts';
import { asymmetry, defaultAsymmetryFormula } from '../metrics/asymmetry.ts';
import { relativeForce, relativeForceFormula } from '../metrics/relative-force.ts';
import { BODY_MASS_RANGE_KG, MIN_NORDIC_TIME_TO_PEAK_S, bodyMassPlausible } from '../quality/warnings.ts';
import { peakSlopeFormula, percentDecrementFormula, withinSetFatigue } from './fatigue.ts';
import type {
  FatigueResult,
  LegSide,
  Rep,
  SideBaseline,
  TraceAnalysis,
  TraceFormulas,
  TraceInput,
  TraceParameters,
  TraceSide,
  TraceWarning,
} from './types.ts';

export const traceDefaults: Readonly<TraceParameters> = Object.freeze({
  startThresholdN: 25,
  stopThresholdN: 25,
  minPeakN: 100,
  minRepDurationS: 0.3,
  mergeGapS: 0.25,
  spikeThresholdN: 50,
  smoothingWindowS: 0.1,
  peakEstimator: 'quadratic-fit',
  peakFitDropN: 5,
  peakFitDropFraction: 0.06,
  peakFitNoiseMultiple: 6,
  peakFitMaxHalfWindowS: 1,
  baselineSearchS: 3,
  baselineWindowS: 1,
  baselineDrift: 'inter-rep-linear',
  restMarginS: 0.3,
  maxBridgeGapS: 0.05,
  longGapReps: 'drop',
  incompleteReps: 'drop',
  bilateralCombine: 'max',
  detection: 'auto',
  minEccentricTimeToPeakS: MIN_NORDIC_TIME_TO_PEAK_S,
  asymmetryFormula: defaultAsymmetryFormula,
});

/** Every formula name the trace analysis can emit. */
export const traceFormulaNames = {
  baselineCalibration: 'baseline.calibration@1',
  baselineQuietestWindow: 'baseline.quietest-window-median@1',
  baselineInterRepLinear: 'baseline.inter-rep-linear@1',
  repDetection: 'rep-detection.threshold-hysteresis@1',
  despike: 'filter.spike-median3@1',
  smoothing: 'filter.moving-mean@1',
  gapFill: 'gap.linear-interpolation@1',
  peakQuadraticFit: 'peak.quadratic-fit@1',
  peakSmoothedMax: 'peak.smoothed-max@1',
  peakMax: 'peak.max@1',
  impulse: 'impulse.trapezoid@1',
  earlyImpulse: 'impulse.trapezoid-window@1',
  meanForce: 'force.rep-mean@1',
  avgForce: 'force.mean-of-rep-peaks@1',
  relativeForce: relativeForceFormula,
  torque: 'torque.peak-times-lever@1',
  fatigueDecrement: percentDecrementFormula,
  fatigueSlope: peakSlopeFormula,
} as const;

const ECCENTRIC_BILATERAL = new Set(['nordic', 'razor']);
export const isBilateralTestType = (testType: string) => ECCENTRIC_BILATERAL.has(testType.trim().toLowerCase());

interface Segment {
  start: number;
  /** Inclusive: the first sample back below the stop threshold, or the last sample of the trace. */
  end: number;
  /** Still above the stop threshold at the last sample. */
  incomplete: boolean;
  /** Already above the start threshold at the first sample. */
  truncatedStart: boolean;
}

interface Leg {
  side: LegSide;
  /** Gap-filled, despiked force; baseline-corrected in place once the baseline is known. */
  d: Float64Array;
  /** Moving mean of d (float32: thresholds and peak location only); corrected in place together with d. */
  s: Float32Array;
  noData: boolean;
  /** Inclusive sample ranges of gaps longer than maxBridgeGapS. */
  longGaps: Array<[number, number]>;
  calibrationN: number | null;
  b0: number;
  /** Robust SD (N) of the raw force's sample-to-sample noise in the quietest start window. */
  noiseSdN: number;
  baseline: SideBaseline;
}

const isMissing = (v: number) => v - v !== 0; // NaN, ±Infinity (and undefined → NaN)

export function analyzeTrace(input: TraceInput, overrides: Partial<TraceParameters> = {}): TraceAnalysis {
  const p: TraceParameters = { ...traceDefaults, ...overrides };
  const rate = input.sampleRateHz;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`sampleRateHz must be a positive number (got ${rate})`);
  if (!(p.stopThresholdN <= p.startThresholdN)) throw new RangeError('stopThresholdN must not exceed startThresholdN');
  const warnings: TraceWarning[] = [];
  const nL = input.left.length;
  const nR = input.right.length;
  const n = Math.min(nL, nR);
  if (nL !== nR) {
    warnings.push({
      code: 'length-mismatch',
      message: `left has ${nL} samples, right ${nR}: analysed the first ${n}`,
      count: Math.abs(nL - nR),
    });
  }
  const dt = 1 / rate;
  const bilateral = p.detection === 'bilateral' || (p.detection === 'auto' && isBilateralTestType(input.testType));

  const legs = {
    left: prepareLeg('left', 0, input.left, n, rate, p, input.calibrationN?.left, warnings),
    right: prepareLeg('right', 2, input.right, n, rate, p, input.calibrationN?.right, warnings),
  };

  const mergeGap = Math.max(0, Math.round(p.mergeGapS * rate));
  const minDur = Math.max(0, Math.round(p.minRepDurationS * rate));

  // Rep windows: bilateral (shared by both legs) or per leg.
  const windows: Record<LegSide, Segment[]> = { left: [], right: [] };
  const tooShort: Record<LegSide | 'both', number> = { left: 0, right: 0, both: 0 };
  if (bilateral) {
    const detect = () => {
      const raw = detectBilateral(legs.left, legs.right, n, p);
      return postProcess(raw, mergeGap, minDur, (seg) => Math.max(segMax(legs.left, seg), segMax(legs.right, seg)), p);
    };
    let res = detect();
    const l = legs.left;
    const r = legs.right;
    if (!l.noData && !r.noData) {
      // Both legs loaded: the baseline subtraction and the second detection share one pass over the samples.
      const plan = driftPlan([l, r], res.merged, n, rate, p);
      if (plan === null) {
        subtractConstant(l);
        subtractConstant(r);
      } else {
        const valL = adoptDrift(l, plan.pos, plan.val[0] ?? null);
        const valR = adoptDrift(r, plan.pos, plan.val[1] ?? null);
        const raw = correctAndDetectBilateral(l, r, plan.pos, valL, valR, n, p);
        res = postProcess(raw, mergeGap, minDur, (seg) => Math.max(segMax(l, seg), segMax(r, seg)), p);
      }
    } else if (correctDrift([l, r], res.merged, n, rate, p)) res = detect();
    else for (const leg of [l, r]) subtractConstant(leg);
    windows.left = res.kept;
    windows.right = res.kept;
    tooShort.both = res.tooShort;
  } else {
    for (const side of ['left', 'right'] as const) {
      const leg = legs[side];
      const detect = () => {
        const raw = leg.noData ? [] : detectSingle(leg.s, n, leg.b0, p);
        return postProcess(raw, mergeGap, minDur, (seg) => segMax(leg, seg), p);
      };
      let res = detect();
      if (correctDrift([leg], res.merged, n, rate, p)) {
        leg.b0 = 0;
        res = detect();
      } else subtractConstant(leg);
      windows[side] = res.kept;
      tooShort[side] = res.tooShort;
    }
  }
  for (const key of ['both', 'left', 'right'] as const) {
    if (tooShort[key] > 0) {
      warnings.push({
        code: 'rep-too-short',
        ...(key === 'both' ? {} : { side: key }),
        message: `${tooShort[key]} threshold crossing(s) reaching ${p.minPeakN} N but shorter than ${p.minRepDurationS} s ignored (spikes or chatter)`,
        count: tooShort[key],
      });
    }
  }

  // Incomplete windows (trace starts or ends mid-rep).
  const reportIncomplete = (segs: Segment[], side?: LegSide) => {
    for (const seg of segs) {
      if (!seg.incomplete && !seg.truncatedStart) continue;
      const where = seg.incomplete ? `ends mid-rep (rep started at ${(seg.start * dt).toFixed(2)} s)` : 'starts mid-rep';
      warnings.push({
        code: 'rep-incomplete',
        ...(side ? { side } : {}),
        message: `trace ${where}${side ? ` on the ${side}` : ''}: that rep was ${p.incompleteReps === 'drop' ? 'dropped' : 'kept (its peak and impulse may be short)'}`,
        count: 1,
      });
    }
  };
  if (bilateral) reportIncomplete(windows.left);
  else {
    reportIncomplete(windows.left, 'left');
    reportIncomplete(windows.right, 'right');
  }

  // Per-rep, per-leg metrics.
  const mass = input.bodyMassKg ?? null;
  const lever = input.leverArmM != null && input.leverArmM > 0 ? input.leverArmM : null;
  const sides = {} as Record<LegSide, TraceSide>;
  const fatigue: TraceAnalysis['fatigue'] = {
    left: null,
    right: null,
    formula: { decrementPct: traceFormulaNames.fatigueDecrement, slopeNPerRep: traceFormulaNames.fatigueSlope },
  };
  const reasons: { left?: string; right?: string } = {};
  for (const side of ['left', 'right'] as const) {
    const leg = legs[side];
    const reps: Rep[] = [];
    let inGap = 0;
    let shortTtp = 0;
    if (!leg.noData) {
      for (const seg of windows[side]) {
        if ((seg.incomplete || seg.truncatedStart) && p.incompleteReps === 'drop') continue;
        const rep = measureRep(leg, seg, n, rate, p, bilateral);
        if (rep === null) continue;
        if (overlapsGap(leg.longGaps, rep.startIdx, rep.endIdx)) {
          inGap++;
          if (p.longGapReps === 'drop') continue;
        }
        const r: Rep = {
          index: reps.length + 1,
          peakN: rep.peakN,
          startS: rep.startIdx * dt,
          endS: rep.endIdx * dt,
          peakS: rep.peakPos * dt,
          timeToPeakS: (rep.peakPos - rep.startIdx) * dt,
          durationS: (rep.endIdx - rep.startIdx) * dt,
          impulseNs: rep.impulseNs,
          meanN: rep.meanN,
          impulse100msNs: rep.impulse100msNs,
          impulse200msNs: rep.impulse200msNs,
          peakNPerKg: relativeForce(rep.peakN, mass),
          torqueNm: lever === null ? null : rep.peakN * lever,
        };
        if (bilateral && r.timeToPeakS < p.minEccentricTimeToPeakS) shortTtp++;
        reps.push(r);
      }
    }
    if (inGap > 0) {
      warnings.push({
        code: 'rep-in-gap',
        side,
        message: `${inGap} ${side} rep(s) overlap a gap longer than ${p.maxBridgeGapS} s: ${p.longGapReps === 'drop' ? 'dropped' : 'kept (the peak may be missing)'}`,
        count: inGap,
      });
    }
    if (shortTtp > 0) {
      warnings.push({
        code: 'time-to-peak-short',
        side,
        message: `${shortTtp} ${side} rep(s) peak < ${p.minEccentricTimeToPeakS} s after their start on an eccentric test: likely spurious`,
        count: shortTtp,
      });
    }
    if (!leg.noData && reps.length === 0) {
      warnings.push({ code: 'side-no-reps', side, message: `no ${side} rep reached ${p.minPeakN} N: side missing (peak null)` });
    }
    sides[side] = summariseSide(reps, leg, mass, lever);
    const f = withinSetFatigue(reps.map((r) => r.peakN));
    fatigue[side] = f.result;
    if (f.reason) reasons[side] = `${side}: ${f.reason}`;
  }
  if (reasons.left || reasons.right) fatigue.reasons = reasons;

  if (mass !== null && !bodyMassPlausible(mass)) {
    warnings.push({
      code: 'body-mass-out-of-range',
      message: `body mass ${mass} kg outside ${BODY_MASS_RANGE_KG[0]}–${BODY_MASS_RANGE_KG[1]} kg (entered in lb?)`,
    });
  }

  const methodL = legs.left.baseline.method;
  const methodR = legs.right.baseline.method;
  const formulas: TraceFormulas = {
    baseline: { left: methodL, right: methodR },
    repDetection: traceFormulaNames.repDetection,
    detection: bilateral ? 'bilateral' : 'per-leg',
    bilateralCombine: bilateral ? `combine.${p.bilateralCombine}-of-legs@1` : null,
    despike: p.spikeThresholdN > 0 && Number.isFinite(p.spikeThresholdN) ? `${traceFormulaNames.despike}(>${p.spikeThresholdN} N)` : 'none',
    smoothing: `${traceFormulaNames.smoothing}(${2 * halfWidth(p.smoothingWindowS, rate) + 1} samples)`,
    gapFill: traceFormulaNames.gapFill,
    peak:
      p.peakEstimator === 'quadratic-fit'
        ? traceFormulaNames.peakQuadraticFit
        : p.peakEstimator === 'smoothed-max'
          ? traceFormulaNames.peakSmoothedMax
          : traceFormulaNames.peakMax,
    impulse: traceFormulaNames.impulse,
    earlyImpulse: traceFormulaNames.earlyImpulse,
    meanForce: traceFormulaNames.meanForce,
    avgForce: traceFormulaNames.avgForce,
    relativeForce: traceFormulaNames.relativeForce,
    torque: traceFormulaNames.torque,
    asymmetry: p.asymmetryFormula,
    fatigueDecrement: traceFormulaNames.fatigueDecrement,
    fatigueSlope: traceFormulaNames.fatigueSlope,
  };

  return {
    sampleRateHz: rate,
    durationS: n * dt,
    samples: n,
    testType: input.testType,
    baseline: {
      left: legs.left.baseline.startN,
      right: legs.right.baseline.startN,
      method: methodL === methodR ? methodL : `left ${methodL}; right ${methodR}`,
      perSide: { left: legs.left.baseline, right: legs.right.baseline },
    },
    left: sides.left,
    right: sides.right,
    asymmetry: asymmetry(sides.left.peakN, sides.right.peakN, p.asymmetryFormula),
    fatigue,
    warnings,
    parameters: p,
    formulas,
  };
}

// ───────────────────────────── leg preparation ─────────────────────────────

const halfWidth = (windowS: number, rate: number) => Math.max(0, Math.round((windowS * rate) / 2));

/**
 * Working buffers reused across calls (the analysis is synchronous and nothing returned references them), so a batch
 * of traces does not allocate and page-fault fresh megabytes per trace. Grow-only; see releaseTraceBuffers().
 */
let scratch: Float64Array[] = [];
let scratch32: Float32Array[] = [];
function buffer32(slot: number, n: number): Float32Array {
  let b = scratch32[slot];
  if (b === undefined || b.length < n) {
    b = new Float32Array(Math.max(n, 1 << 12));
    scratch32[slot] = b;
  }
  return b.subarray(0, n);
}
function buffer(slot: number, n: number): Float64Array {
  let b = scratch[slot];
  if (b === undefined || b.length < n) {
    b = new Float64Array(Math.max(n, 1 << 12));
    scratch[slot] = b;
  }
  return b.subarray(0, n);
}
/** Drops the reused working buffers (≈ 4 × 8 bytes × the longest trace analysed so far). */
export function releaseTraceBuffers(): void {
  scratch = [];
  scratch32 = [];
}

function prepareLeg(
  side: LegSide,
  slot: number,
  raw: ArrayLike<number>,
  n: number,
  rate: number,
  p: TraceParameters,
  calibration: number | null | undefined,
  warnings: TraceWarning[],
): Leg {
  // Typed input is read in place (never written); anything else is copied, null/undefined becoming NaN (missing).
  let x: Float64Array | Float32Array;
  if (raw instanceof Float64Array || raw instanceof Float32Array) x = raw.length === n ? raw : raw.subarray(0, n);
  else {
    x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      x[i] = v == null ? NaN : v;
    }
  }
  const d = buffer(slot, n);
  const s = buffer32(slot, n);
  const h = halfWidth(p.smoothingWindowS, rate);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v - v !== 0) missing++;
  }
  // Common case: nothing missing, despike and smoothing in one pass (-1: the fused form does not apply).
  let spikes = missing === 0 ? despikeSmooth(x, d, s, n, p.spikeThresholdN, h) : -1;
  const fused = spikes >= 0;
  if (missing > 0 && x === raw) x = Float64Array.from(x);
  let noData = false;
  const longGaps: Array<[number, number]> = [];
  if (missing > 0) {
    const maxBridge = Math.floor(p.maxBridgeGapS * rate + 1e-9);
    let bridged = 0;
    let bridgedSamples = 0;
    let longSamples = 0;
    for (let i = 0; i < n; ) {
      if (!isMissing(x[i]!)) {
        i++;
        continue;
      }
      let j = i;
      while (j < n && isMissing(x[j]!)) j++;
      const before = i > 0 ? x[i - 1]! : NaN;
      const after = j < n ? x[j]! : NaN;
      if (isMissing(before) && isMissing(after)) {
        noData = true;
        x.fill(0, i, j); // the whole leg is missing: never analysed (reported below)
        break;
      }
      const len = j - i;
      for (let k = i; k < j; k++) {
        x[k] = isMissing(before) ? after : isMissing(after) ? before : before + ((after - before) * (k - i + 1)) / (len + 1);
      }
      if (len <= maxBridge) {
        bridged++;
        bridgedSamples += len;
      } else {
        longGaps.push([i, j - 1]);
        longSamples += len;
      }
      i = j;
    }
    if (noData) {
      warnings.push({ code: 'side-no-data', side, message: `every ${side} sample is missing: side not analysed`, count: n });
    } else {
      if (bridged > 0) {
        warnings.push({
          code: 'gap-bridged',
          side,
          message: `${bridged} ${side} dropout(s) ≤ ${p.maxBridgeGapS} s (${bridgedSamples} samples) bridged by linear interpolation`,
          count: bridgedSamples,
        });
      }
      if (longGaps.length > 0) {
        const list = longGaps
          .slice(0, 5)
          .map(([a, b]) => `${(a / rate).toFixed(2)}–${((b + 1) / rate).toFixed(2)} s`)
          .join(', ');
        warnings.push({
          code: 'gap-long',
          side,
          message: `${longGaps.length} ${side} gap(s) longer than ${p.maxBridgeGapS} s (${longSamples} samples: ${list}${longGaps.length > 5 ? ', …' : ''}); reps overlapping them are ${p.longGapReps === 'drop' ? 'dropped' : 'kept'}`,
          count: longSamples,
        });
      }
    }
  }

  if (!fused) {
    spikes = despike(x, d, n, p.spikeThresholdN).spikes;
    movingMean(d, s, n, h);
  }
  if (spikes > 0) {
    warnings.push({
      code: 'spikes-removed',
      side,
      message: `${spikes} ${side} single-sample spike(s) (> ${p.spikeThresholdN} N beyond both neighbours) replaced by the median of three`,
      count: spikes,
    });
  }

  const quiet = quietestWindow(d, n, rate, p);
  const sd = noData ? 0 : noiseSd(x, quiet.from, quiet.to);
  let b0: number;
  let method: string;
  const cal = calibration != null && Number.isFinite(calibration) ? calibration : null;
  if (noData) {
    b0 = 0;
    method = 'none';
  } else if (cal !== null) {
    b0 = cal;
    method = traceFormulaNames.baselineCalibration;
  } else {
    b0 = quiet.median;
    method = traceFormulaNames.baselineQuietestWindow;
  }
  return {
    side,
    d,
    s,
    noData,
    longGaps,
    calibrationN: cal,
    b0,
    noiseSdN: sd,
    baseline: { method, startN: b0, endN: b0, anchors: 0, noiseSdN: sd },
  };
}

/**
 * filter.spike-median3@1: copies x, replacing every sample that lies more than `threshold` above both neighbours
 * (or below both) by the median of the three, i.e. the nearer neighbour. A cheap second-difference test screens the
 * samples first, so ordinary noise costs one comparison per sample. Multi-sample bursts are left to the
 * minimum-duration rule of the detector.
 */
function despike(
  x: Float64Array | Float32Array,
  d: Float64Array,
  n: number,
  threshold: number,
): { d: Float64Array; spikes: number } {
  if (!(threshold > 0) || !Number.isFinite(threshold) || n < 3) {
    d.set(x);
    return { d, spikes: 0 };
  }
  // Copy and test in one pass (no d.set(x) first): the left neighbour is the already written, possibly
  // replaced, d[i − 1] and the right one still the input x[i + 1], exactly as when testing a copy in place.
  const t2 = 2 * threshold;
  let spikes = 0;
  let a = x[0]!;
  let b = x[1]!;
  d[0] = a;
  for (let i = 1; i < n - 1; i++) {
    const c = x[i + 1]!;
    const v = despiked(a, b, c, threshold, t2);
    if (v !== b && v === v) {
      b = v;
      spikes++;
    }
    d[i] = b;
    a = b;
    b = c;
  }
  d[n - 1] = b;
  return { d, spikes };
}


/**
 * filter.spike-median3@1 at one sample: b between neighbours a and c, replaced by the nearer of them when it
 * stands more than `threshold` above both or below both (`t2` = 2 × threshold: a cheap first screen). A
 * replacement is never NaN, so callers count one as `v !== b && v === v`.
 */
function despiked(a: number, b: number, c: number, threshold: number, t2: number): number {
  const e = 2 * b - a - c;
  if (e > t2 || e < -t2) {
    if (b - Math.max(a, c) > threshold) return Math.max(a, c);
    if (Math.min(a, c) - b > threshold) return Math.min(a, c);
  }
  return b;
}

/**
 * despike followed by movingMean, fused: the smoothed value at i − h is complete as soon as the despiked value at i is
 * written, so d is not read a second time. The arithmetic (order of every sum) is exactly that of the two functions.
 * Input without missing samples only. Returns the spike count, or −1 when the fused form does not apply (no
 * despiking, no smoothing, or a trace shorter than 2h + 2): the caller then runs the two functions.
 */
function despikeSmooth(
  x: Float64Array | Float32Array,
  d: Float64Array,
  s: Float32Array,
  n: number,
  threshold: number,
  h: number,
): number {
  if (!(threshold > 0) || !Number.isFinite(threshold) || h === 0 || n < 2 * h + 2) return -1;
  const t2 = 2 * threshold;
  let spikes = 0;
  let a = x[0]!;
  let b = x[1]!;
  d[0] = a;
  // Despike d[1 … 2h] (the first full window of d[0 … 2h] is then known).
  for (let i = 1; i <= 2 * h; i++) {
    const c = x[i + 1]!;
    const v = despiked(a, b, c, threshold, t2);
    if (v !== b && v === v) {
      b = v;
      spikes++;
    }
    d[i] = b;
    a = b;
    b = c;
  }
  // Head of the moving mean: windows [0, i + h] for i ≤ h.
  let sum = 0;
  for (let j = 0; j < h; j++) sum += d[j]!;
  for (let i = 0; i <= h; i++) {
    sum += d[i + h]!;
    s[i] = sum / (i + h + 1);
  }
  // Steady state: despike d[i], then the full window centred on i − h.
  const w1 = 2 * h + 1;
  const inv = 1 / w1;
  for (let i = w1; i < n - 1; i++) {
    const c = x[i + 1]!;
    const v = despiked(a, b, c, threshold, t2);
    if (v !== b && v === v) {
      b = v;
      spikes++;
    }
    d[i] = b;
    sum += b - d[i - w1]!;
    s[i - h] = sum * inv;
    a = b;
    b = c;
  }
  d[n - 1] = b;
  sum += b - d[n - 1 - w1]!;
  s[n - 1 - h] = sum * inv;
  // Tail: windows [i − h, n − 1].
  for (let i = n - h; i < n; i++) {
    sum -= d[i - h - 1]!;
    s[i] = sum / (n - i + h);
  }
  return spikes;
}

/** Centered moving mean of d with half-width h (the window shrinks at the ends), written into s. */
function movingMean(d: Float64Array, s: Float32Array, n: number, h: number): Float32Array {
  if (h === 0 || n === 0) {
    s.set(d);
    return s;
  }
  let sum = 0;
  for (let j = 0; j < Math.min(h, n); j++) sum += d[j]!;
  let i = 0;
  const headEnd = Math.min(n, h + 1); // windows [0, i + h]
  for (; i < headEnd; i++) {
    if (i + h < n) sum += d[i + h]!;
    s[i] = sum / (Math.min(n - 1, i + h) + 1);
  }
  const inv = 1 / (2 * h + 1);
  for (; i < n - h; i++) {
    sum += d[i + h]! - d[i - h - 1]!;
    s[i] = sum * inv;
  }
  for (; i < n; i++) {
    sum -= d[i - h - 1]!; // windows [i − h, n − 1]
    s[i] = sum / (n - i + h);
  }
  return s;
}

/** Median of the window (baselineWindowS) with the lowest variance in the first baselineSearchS seconds. */
function quietestWindow(
  d: Float64Array,
  n: number,
  rate: number,
  p: TraceParameters,
): { median: number; from: number; to: number } {
  if (n === 0) return { median: 0, from: 0, to: -1 };
  const search = Math.min(n, Math.max(1, Math.round(p.baselineSearchS * rate)));
  const w = Math.min(search, Math.max(1, Math.round(p.baselineWindowS * rate)));
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < w; i++) {
    sum += d[i]!;
    sq += d[i]! * d[i]!;
  }
  let best = 0;
  let bestVar = sq / w - (sum / w) ** 2;
  for (let start = 1; start + w <= search; start++) {
    const out = d[start - 1]!;
    const inn = d[start + w - 1]!;
    sum += inn - out;
    sq += inn * inn - out * out;
    const v = sq / w - (sum / w) ** 2;
    if (v < bestVar - 1e-9) {
      bestVar = v;
      best = start;
    }
  }
  return { median: medianOf(d, best, best + w - 1), from: best, to: best + w - 1 };
}

/** Robust white-noise SD of x[from … to]: median |first difference| / (0.6745 × √2) (unaffected by slow trends). */
function noiseSd(x: Float64Array | Float32Array, from: number, to: number): number {
  if (to - from < 2) return 0;
  const len = to - from;
  const diffs = selectBuffer(len);
  for (let i = from; i < to; i++) diffs[i - from] = Math.abs(x[i + 1]! - x[i]!);
  return selectKth(diffs, len, len >> 1) / (0.6744897501960817 * Math.SQRT2);
}

let selectScratch = new Float64Array(4096);
/** The scratch array for order statistics, at least n long (reused: no allocation per median). */
function selectBuffer(n: number): Float64Array {
  if (selectScratch.length < n) selectScratch = new Float64Array(n);
  return selectScratch;
}

/** Median of d[from … to] (the same value medianInPlace gives: the k-th smallest is unique). */
function medianOf(d: Float64Array, from: number, to: number): number {
  const len = to - from + 1;
  const a = selectBuffer(len);
  for (let i = 0; i < len; i++) a[i] = d[from + i]!;
  if (len === 0) return Number.NaN;
  const m = len >> 1;
  const hi = selectBranchless(a, len, m);
  if (len % 2 === 1) return hi;
  let lo = -Infinity; // a[0 … m−1] ≤ a[m] after the select: the lower middle is their maximum
  for (let i = 0; i < m; i++) if (a[i]! > lo) lo = a[i]!;
  return (lo + hi) / 2;
}

/**
 * Quickselect with a branch-free Lomuto partition (the comparison only moves the store index). Baseline windows are
 * noise around a level, so the compare-and-branch of a Hoare partition is mispredicted about every other element;
 * this was the largest single cost of a 50 Hz batch (many 50-sample medians). Leaves a[0 … k−1] ≤ a[k] ≤ a[k+1 …].
 */
function selectBranchless(a: Float64Array, len: number, k: number): number {
  let lo = 0;
  let hi = len - 1;
  while (hi > lo) {
    // Median-of-3 pivot, parked at hi.
    const mid = (lo + hi) >> 1;
    const x = Math.min(a[lo]!, a[mid]!);
    const y = Math.max(a[lo]!, a[mid]!);
    const z = a[hi]!;
    const pv = z < x ? x : z > y ? y : z;
    if (pv === a[mid] && pv !== z) {
      a[mid] = z;
      a[hi] = pv;
    } else if (pv === a[lo] && pv !== z) {
      a[lo] = z;
      a[hi] = pv;
    }
    let st = lo;
    for (let j = lo; j < hi; j++) {
      const v = a[j]!;
      a[j] = a[st]!;
      a[st] = v;
      st += +(v < pv);
    }
    a[hi] = a[st]!;
    a[st] = pv;
    if (k < st) hi = st - 1;
    else if (k === st) return pv;
    else {
      let eq = st + 1;
      if (st === lo) {
        // The pivot is the range minimum (typical with many equal values, e.g. a flat quantised rest): gather its
        // copies too, or each round would peel off a single element (quadratic on a constant window).
        for (let j = eq; j <= hi; j++) {
          const v = a[j]!;
          a[j] = a[eq]!;
          a[eq] = v;
          eq += +(v === pv);
        }
        if (k < eq) return pv;
      }
      lo = eq;
    }
  }
  return a[k]!;
}

// ───────────────────────────── detection ─────────────────────────────

function detectSingle(s: Float32Array, n: number, off: number, p: TraceParameters): Segment[] {
  const up = p.startThresholdN + off;
  const down = p.stopThresholdN + off;
  const out: Segment[] = [];
  let active = false;
  let st = 0;
  for (let i = 0; i < n; i++) {
    const v = s[i]!;
    if (active) {
      if (v < down) {
        out.push({ start: st, end: i, incomplete: false, truncatedStart: st === 0 });
        active = false;
      }
    } else if (v > up) {
      active = true;
      st = i;
    }
  }
  if (active) out.push({ start: st, end: n - 1, incomplete: true, truncatedStart: st === 0 });
  return out;
}

function detectBilateral(l: Leg, r: Leg, n: number, p: TraceParameters): Segment[] {
  if (l.noData && r.noData) return [];
  if (l.noData) return detectSingle(r.s, n, r.b0, p);
  if (r.noData) return detectSingle(l.s, n, l.b0, p);
  const up = p.startThresholdN;
  const down = p.stopThresholdN;
  const sl = l.s;
  const sr = r.s;
  const ol = l.b0;
  const or = r.b0;
  const out: Segment[] = [];
  let active = false;
  let st = 0;
  // Two copies of the loop so the combine is not a per-sample branch.
  if (p.bilateralCombine === 'sum') {
    for (let i = 0; i < n; i++) {
      const v = sl[i]! - ol + (sr[i]! - or);
      if (active) {
        if (v < down) {
          out.push({ start: st, end: i, incomplete: false, truncatedStart: st === 0 });
          active = false;
        }
      } else if (v > up) {
        active = true;
        st = i;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = Math.max(sl[i]! - ol, sr[i]! - or);
      if (active) {
        if (v < down) {
          out.push({ start: st, end: i, incomplete: false, truncatedStart: st === 0 });
          active = false;
        }
      } else if (v > up) {
        active = true;
        st = i;
      }
    }
  }
  if (active) out.push({ start: st, end: n - 1, incomplete: true, truncatedStart: st === 0 });
  return out;
}

/** Largest smoothed, baseline-corrected value of a leg inside a segment. */
function segMax(leg: Leg, seg: Segment): number {
  if (leg.noData) return -Infinity;
  let m = -Infinity;
  const s = leg.s;
  for (let i = seg.start; i <= seg.end; i++) if (s[i]! > m) m = s[i]!;
  return m - leg.b0;
}

function postProcess(
  raw: Segment[],
  mergeGap: number,
  minDur: number,
  peakOf: (seg: Segment) => number,
  p: TraceParameters,
): { merged: Segment[]; kept: Segment[]; tooShort: number } {
  const merged: Segment[] = [];
  for (const seg of raw) {
    const prev = merged[merged.length - 1];
    if (prev && seg.start - prev.end < mergeGap) {
      prev.end = seg.end;
      prev.incomplete = seg.incomplete;
    } else merged.push({ ...seg });
  }
  const kept: Segment[] = [];
  let tooShort = 0;
  for (const seg of merged) {
    if (seg.end - seg.start < minDur && !seg.incomplete && !seg.truncatedStart) {
      if (peakOf(seg) >= p.minPeakN) tooShort++;
    } else kept.push(seg);
  }
  return { merged, kept, tooShort };
}

// ───────────────────────────── baseline drift ─────────────────────────────

function subtractConstant(leg: Leg): void {
  const b = leg.b0;
  if (b !== 0) {
    const { d, s } = leg;
    for (let i = 0; i < d.length; i++) {
      d[i] = d[i]! - b;
      s[i] = s[i]! - b;
    }
  }
  leg.baseline.startN = b;
  leg.baseline.endN = b;
  leg.b0 = 0;
}

/**
 * baseline.inter-rep-linear@1: anchors = medians of a baselineWindowS window at both ends of every rest segment
 * (complement of the detected crossings, trimmed by restMarginS), interpolated linearly, held constant beyond the
 * first and last anchor. Subtracts it from each leg in place; false (nothing done) when not applicable.
 */
function correctDrift(legs: Leg[], segs: Segment[], n: number, rate: number, p: TraceParameters): boolean {
  const plan = driftPlan(legs, segs, n, rate, p);
  if (plan === null) return false;
  for (let j = 0; j < legs.length; j++) {
    const leg = legs[j]!;
    const val = plan.val[j] ?? null;
    if (val === null) subtractConstant(leg);
    else {
      subtractPiecewiseLinear(leg, plan.pos, val, n);
      adoptDrift(leg, plan.pos, val);
    }
  }
  return true;
}

/**
 * The anchors of baseline.inter-rep-linear@1 (see correctDrift): positions shared by every leg (they only depend on
 * the rests) and, per leg, the anchor values, or null for a leg that keeps its constant baseline (no data or
 * calibrated). null when the drift correction does not apply.
 */
function driftPlan(
  legs: Leg[],
  segs: Segment[],
  n: number,
  rate: number,
  p: TraceParameters,
): { pos: number[]; val: Array<number[] | null> } | null {
  if (p.baselineDrift !== 'inter-rep-linear') return null;
  let anyTarget = false;
  for (const l of legs) if (!l.noData && l.calibrationN === null) anyTarget = true;
  if (!anyTarget) return null;
  const margin = Math.round(p.restMarginS * rate);
  const w = Math.max(1, Math.round(p.baselineWindowS * rate));
  const minRest = Math.max(3, w >> 2);
  const rests: Array<[number, number]> = [];
  let from = 0;
  for (const seg of segs) {
    const to = seg.start - margin - 1;
    if (to - from + 1 >= minRest) rests.push([from, to]);
    from = seg.end + margin + 1;
  }
  if (n - 1 - from + 1 >= minRest) rests.push([from, n - 1]);
  if (rests.length === 0) return null;
  const pos: number[] = [];
  for (const [a, b] of rests) {
    if (b - a + 1 >= 2 * w) pos.push(a + (w - 1) / 2, b - (w - 1) / 2);
    else pos.push((a + b) / 2);
  }
  const vals: Array<number[] | null> = [];
  for (const leg of legs) {
    if (leg.noData || leg.calibrationN !== null) {
      vals.push(null);
      continue;
    }
    const val: number[] = [];
    for (const [a, b] of rests) {
      if (b - a + 1 >= 2 * w) val.push(medianOf(leg.d, a, a + w - 1), medianOf(leg.d, b - w + 1, b));
      else val.push(medianOf(leg.d, a, b));
    }
    vals.push(val);
  }
  return { pos, val: vals };
}

/**
 * Records the baseline a leg is about to have subtracted and returns its anchor values: `val` for a drift-corrected
 * leg, else (null) its constant b0 repeated at every anchor, which subtracts exactly b0 (zero slopes).
 */
function adoptDrift(leg: Leg, pos: number[], val: number[] | null): number[] {
  let out: number[];
  if (val === null) {
    out = new Array<number>(pos.length).fill(leg.b0);
    leg.baseline.startN = leg.b0;
    leg.baseline.endN = leg.b0;
  } else {
    out = val;
    leg.baseline = {
      method: traceFormulaNames.baselineInterRepLinear,
      startN: val[0]!,
      endN: val[val.length - 1]!,
      anchors: pos.length,
      noiseSdN: leg.noiseSdN,
    };
  }
  leg.b0 = 0;
  return out;
}

/**
 * subtractPiecewiseLinear on both legs fused with the second detectBilateral pass (baselines now 0): one pass instead
 * of two. Same arithmetic sample by sample: the float32 smoothed value is rounded (fround) exactly as the store into
 * s rounds it before detection reads it back. The constant stretches before the first and after the last anchor are
 * pieces with slope 0 (v0 + 0 × … is v0 exactly).
 */
function correctAndDetectBilateral(
  l: Leg,
  r: Leg,
  pos: number[],
  valL: number[],
  valR: number[],
  n: number,
  p: TraceParameters,
): Segment[] {
  const dl = l.d;
  const sl = l.s;
  const dr = r.d;
  const sr = r.s;
  const up = p.startThresholdN;
  const down = p.stopThresholdN;
  const sum = p.bilateralCombine === 'sum';
  const m = pos.length;
  const out: Segment[] = [];
  let active = false;
  let st = 0;
  let i = 0;
  for (let k = -1; k < m; k++) {
    // Piece k: from anchor k to anchor k + 1 (k = −1: before the first, k = m − 1: after the last).
    let end: number;
    let p0 = 0;
    let v0l: number;
    let v0r: number;
    let kl = 0;
    let kr = 0;
    if (k < 0) {
      end = Math.min(n, Math.floor(pos[0]!) + 1);
      v0l = valL[0]!;
      v0r = valR[0]!;
    } else if (k === m - 1) {
      end = n;
      v0l = valL[k]!;
      v0r = valR[k]!;
    } else {
      p0 = pos[k]!;
      const p1 = pos[k + 1]!;
      v0l = valL[k]!;
      v0r = valR[k]!;
      if (p1 > p0) {
        kl = (valL[k + 1]! - v0l) / (p1 - p0);
        kr = (valR[k + 1]! - v0r) / (p1 - p0);
      }
      end = Math.min(n, Math.floor(p1) + 1);
    }
    for (; i < end; i++) {
      const bl = v0l + kl * (i - p0);
      const br = v0r + kr * (i - p0);
      dl[i] = dl[i]! - bl;
      dr[i] = dr[i]! - br;
      const a = Math.fround(sl[i]! - bl);
      const c = Math.fround(sr[i]! - br);
      sl[i] = a;
      sr[i] = c;
      const v = sum ? a + c : Math.max(a, c);
      if (active) {
        if (v < down) {
          out.push({ start: st, end: i, incomplete: false, truncatedStart: st === 0 });
          active = false;
        }
      } else if (v > up) {
        active = true;
        st = i;
      }
    }
  }
  if (active) out.push({ start: st, end: n - 1, incomplete: true, truncatedStart: st === 0 });
  return out;
}

function subtractPiecewiseLinear(leg: Leg, pos: number[], val: number[], n: number): void {
  const { d, s } = leg;
  let i = 0;
  // Before the first anchor: constant.
  const firstEnd = Math.min(n, Math.floor(pos[0]!) + 1);
  for (; i < firstEnd; i++) {
    d[i] = d[i]! - val[0]!;
    s[i] = s[i]! - val[0]!;
  }
  for (let k = 0; k + 1 < pos.length; k++) {
    const p0 = pos[k]!;
    const p1 = pos[k + 1]!;
    const v0 = val[k]!;
    const slope = p1 > p0 ? (val[k + 1]! - v0) / (p1 - p0) : 0;
    const end = Math.min(n, Math.floor(p1) + 1);
    for (; i < end; i++) {
      const b = v0 + slope * (i - p0);
      d[i] = d[i]! - b;
      s[i] = s[i]! - b;
    }
  }
  const last = val[val.length - 1]!;
  for (; i < n; i++) {
    d[i] = d[i]! - last;
    s[i] = s[i]! - last;
  }
}

// ───────────────────────────── per-rep metrics ─────────────────────────────

interface MeasuredRep {
  startIdx: number;
  endIdx: number;
  /** Fractional sample position of the peak. */
  peakPos: number;
  peakN: number;
  impulseNs: number;
  meanN: number;
  impulse100msNs: number;
  impulse200msNs: number;
}

/** Metrics of one leg inside one rep window (baseline already subtracted); null when the leg did not reach minPeakN. */
function measureRep(leg: Leg, seg: Segment, n: number, rate: number, p: TraceParameters, bilateral: boolean): MeasuredRep | null {
  const { d, s } = leg;
  let st = seg.start;
  let en = seg.end;
  if (bilateral) {
    // The leg's own crossings inside the shared window (legs may start at slightly different times).
    while (st <= seg.end && !(s[st]! > p.startThresholdN)) st++;
    if (st > seg.end) return null;
    let k = seg.end;
    while (k > st && !(s[k]! > p.stopThresholdN)) k--;
    en = Math.min(k + 1, seg.end);
  }
  let im = st;
  let sMax = -Infinity;
  for (let i = st; i <= en; i++) {
    if (s[i]! > sMax) {
      sMax = s[i]!;
      im = i;
    }
  }
  let peakN = sMax;
  let peakPos = im;
  if (p.peakEstimator === 'max') {
    peakN = -Infinity;
    for (let i = st; i <= en; i++) {
      if (d[i]! > peakN) {
        peakN = d[i]!;
        peakPos = i;
      }
    }
  } else if (p.peakEstimator === 'quadratic-fit') {
    // Fit region: around the smoothed maximum while the smoothed force stays within `drop` of it.
    const drop = Math.max(p.peakFitDropN, p.peakFitDropFraction * sMax, p.peakFitNoiseMultiple * leg.noiseSdN);
    const maxH = Math.max(2, Math.round(p.peakFitMaxHalfWindowS * rate));
    const floor = sMax - drop;
    let a = im;
    while (a > st && im - a < maxH && s[a - 1]! >= floor) a--;
    let b = im;
    while (b < en && b - im < maxH && s[b + 1]! >= floor) b++;
    if (b - a < 4) {
      a = Math.max(st, im - 2);
      b = Math.min(en, im + 2);
    }
    const fit = quadraticPeak(d, im, a, b);
    if (fit !== null) {
      peakN = fit.value;
      peakPos = fit.pos;
    }
  }
  if (!(peakN >= p.minPeakN)) return null;

  const dt = 1 / rate;
  let area = 0;
  let sum = 0;
  for (let i = st; i < en; i++) {
    area += d[i]! + d[i + 1]!;
    sum += d[i]!;
  }
  sum += d[en]!;
  return {
    startIdx: st,
    endIdx: en,
    peakPos,
    peakN,
    impulseNs: area * 0.5 * dt,
    meanN: sum / (en - st + 1),
    impulse100msNs: windowImpulse(d, st, en, 0.1 * rate) * dt,
    impulse200msNs: windowImpulse(d, st, en, 0.2 * rate) * dt,
  };
}

/** Trapezoid area (in sample units) of d from st over w samples (fractional, linear interpolation), clipped at en. */
function windowImpulse(d: Float64Array, st: number, en: number, w: number): number {
  const lastFull = Math.min(st + Math.floor(w), en);
  let area = 0;
  for (let i = st; i < lastFull; i++) area += (d[i]! + d[i + 1]!) * 0.5;
  const frac = st + w - lastFull;
  if (lastFull < en && frac > 0 && frac < 1) {
    const y0 = d[lastFull]!;
    const y1 = y0 + (d[lastFull + 1]! - y0) * frac;
    area += (y0 + y1) * 0.5 * frac;
  }
  return area;
}

/**
 * peak.quadratic-fit@1: least-squares parabola through d[a … b] (the region around the smoothed maximum im where
 * the smoothed force stays within max(peakFitDropN, peakFitDropFraction × max, peakFitNoiseMultiple × noise SD) of
 * it); the vertex when the parabola opens downward and its vertex lies inside the region, else null (smoothed max).
 */
function quadraticPeak(d: Float64Array, im: number, a: number, b: number): { value: number; pos: number } | null {
  if (b - a + 1 < 5) return null;
  const scale = 1 / Math.max(im - a, b - im, 1); // u in [−1, 1] keeps the normal equations well conditioned
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
  for (let i = a; i <= b; i++) {
    const u = (i - im) * scale;
    const u2 = u * u;
    const y = d[i]!;
    s0 += 1;
    s1 += u;
    s2 += u2;
    s3 += u2 * u;
    s4 += u2 * u2;
    t0 += y;
    t1 += y * u;
    t2 += y * u2;
  }
  // Solve [[s0 s1 s2][s1 s2 s3][s2 s3 s4]] · [c0 c1 c2] = [t0 t1 t2] (Cramer).
  const det = s0 * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) + s2 * (s1 * s3 - s2 * s2);
  if (!(Math.abs(det) > 1e-12)) return null;
  const c0 = (t0 * (s2 * s4 - s3 * s3) - s1 * (t1 * s4 - s3 * t2) + s2 * (t1 * s3 - s2 * t2)) / det;
  const c1 = (s0 * (t1 * s4 - t2 * s3) - t0 * (s1 * s4 - s3 * s2) + s2 * (s1 * t2 - t1 * s2)) / det;
  const c2 = (s0 * (s2 * t2 - s3 * t1) - s1 * (s1 * t2 - s3 * t0) + t0 * (s1 * s3 - s2 * s2)) / det;
  if (!(c2 < 0)) return null;
  const u = -c1 / (2 * c2);
  if (u < (a - im) * scale || u > (b - im) * scale) return null;
  return { value: c0 + c1 * u + c2 * u * u, pos: im + u / scale };
}

function overlapsGap(gaps: Array<[number, number]>, a: number, b: number): boolean {
  for (const [g0, g1] of gaps) if (g0 <= b && g1 >= a) return true;
  return false;
}

function summariseSide(reps: Rep[], leg: Leg, mass: number | null, lever: number | null): TraceSide {
  if (reps.length === 0) {
    return {
      peakN: null,
      avgN: null,
      repCount: 0,
      impulseNs: null,
      peakNPerKg: null,
      torqueNm: null,
      calibrationN: leg.calibrationN,
      timeToPeakS: null,
      reps,
    };
  }
  let best = -Infinity;
  let sum = 0;
  let impulse = 0;
  let ttp = Infinity;
  for (const r of reps) {
    if (r.peakN > best) best = r.peakN;
    sum += r.peakN;
    impulse += r.impulseNs;
    if (r.timeToPeakS < ttp) ttp = r.timeToPeakS;
  }
  return {
    peakN: best,
    avgN: sum / reps.length,
    repCount: reps.length,
    impulseNs: impulse,
    peakNPerKg: relativeForce(best, mass),
    torqueNm: lever === null ? null : best * lever,
    calibrationN: leg.calibrationN,
    timeToPeakS: ttp,
    reps,
  };
}

export type { FatigueResult };
