import type { Asymmetry } from '../model/test-record.ts';
import type { AsymmetryFormula } from '../metrics/asymmetry.ts';

/** A force series in newtons, one sample per 1/sampleRateHz. NaN (or any non-finite value) marks a missing sample. */
export type ForceSeries = ArrayLike<number>;
export type LegSide = 'left' | 'right';

export interface TraceInput {
  left: ForceSeries;
  right: ForceSeries;
  sampleRateHz: number;
  /** Nordic, Razor (eccentric, bilateral); ISO Prone, ISO 30°, ISO 60° (isometric, per leg); anything else: per leg. */
  testType: string;
  bodyMassKg?: number | null;
  /** Knee-to-hook lever arm (m); torque = peak × lever arm. */
  leverArmM?: number | null;
  /** Device calibration (resting offset, N) per leg; when given it is that leg's baseline. */
  calibrationN?: { left?: number | null; right?: number | null } | null;
}

export type BaselineDrift = 'inter-rep-linear' | 'constant';
export type PeakEstimator = 'quadratic-fit' | 'smoothed-max' | 'max';
export type DetectionMode = 'auto' | 'bilateral' | 'per-leg';

export interface TraceParameters {
  /** A rep starts when the smoothed, baseline-corrected force rises above this (N). Published user pipelines: 25 N. */
  startThresholdN: number;
  /** …and ends when it falls back below this (N); below startThresholdN gives hysteresis. */
  stopThresholdN: number;
  /** A rep counts (per leg) only if its peak reaches this (N). Published user pipelines: 100 N. */
  minPeakN: number;
  /** Threshold crossings shorter than this are not reps (s): removes spikes and chatter. */
  minRepDurationS: number;
  /** Two crossings separated by less than this are one rep (s): merges chatter around the thresholds. */
  mergeGapS: number;
  /** A sample more than this (N) above both neighbours, or below both, is a spike: replaced by the median of the three (0 = off). */
  spikeThresholdN: number;
  /** Centered moving-mean width (s) of the signal used for thresholds and peak location (≥ 1 sample). */
  smoothingWindowS: number;
  /** How a rep's peak is measured on the despiked, baseline-corrected force. */
  peakEstimator: PeakEstimator;
  /**
   * quadratic-fit: a least-squares parabola is fitted to the despiked force around the smoothed maximum, over the
   * samples where the smoothed force stays within max(peakFitDropN, peakFitDropFraction × max,
   * peakFitNoiseMultiple × the leg's noise SD) of the maximum, at most peakFitMaxHalfWindowS on each side.
   */
  peakFitDropN: number;
  peakFitDropFraction: number;
  peakFitNoiseMultiple: number;
  peakFitMaxHalfWindowS: number;
  /** The initial baseline is the median of the quietest window (lowest variance) in the first baselineSearchS seconds. */
  baselineSearchS: number;
  /** Width (s) of the baseline windows (initial and inter-rep anchors). */
  baselineWindowS: number;
  /** 'inter-rep-linear': re-estimate the baseline in every rest between reps and interpolate linearly. */
  baselineDrift: BaselineDrift;
  /** Trimmed from both ends of every rest segment before it is used as a baseline anchor (s). */
  restMarginS: number;
  /** Runs of missing samples up to this long (s) are bridged by linear interpolation. */
  maxBridgeGapS: number;
  /** Reps overlapping a longer gap: 'drop' (default) or 'keep' (peak may be missed); reported either way. */
  longGapReps: 'drop' | 'keep';
  /** A rep still under way when the trace ends (or already under way when it starts): 'drop' or 'keep'; reported either way. */
  incompleteReps: 'drop' | 'keep';
  /** How the two legs are combined to find bilateral rep windows. */
  bilateralCombine: 'max' | 'sum';
  /** 'auto': bilateral for Nordic and Razor, per leg otherwise. */
  detection: DetectionMode;
  /** Reps of an eccentric test with a shorter time to peak are flagged (handbook: 0.5 s on a Nordic). */
  minEccentricTimeToPeakS: number;
  asymmetryFormula: AsymmetryFormula;
}

export interface Rep {
  /** 1-based, per leg, in time order. */
  index: number;
  peakN: number;
  startS: number;
  endS: number;
  peakS: number;
  timeToPeakS: number;
  durationS: number;
  impulseNs: number;
  meanN: number;
  impulse100msNs: number;
  impulse200msNs: number;
  peakNPerKg: number | null;
  torqueNm: number | null;
}

export interface TraceSide {
  /** Best-rep peak (N); null when the side has no reps. */
  peakN: number | null;
  /** Mean of the rep peaks (VALD's Avg Force); null when no reps. */
  avgN: number | null;
  repCount: number;
  /** Sum of the rep impulses (N·s); null when no reps. */
  impulseNs: number | null;
  peakNPerKg: number | null;
  torqueNm: number | null;
  /** Calibration subtracted as the baseline, when the device reported one. */
  calibrationN: number | null;
  /** Shortest rep time to peak (s). */
  timeToPeakS: number | null;
  reps: Rep[];
}

export interface FatigueResult {
  /** Glaister percent decrement score Sdec = (1 − Σ peaks / (best × n)) × 100. */
  decrementPct: number;
  /** Least-squares slope of rep peak vs rep number (N/rep); negative = weakening. */
  slopeNPerRep: number;
}

export type TraceWarningCode =
  | 'gap-bridged'
  | 'gap-long'
  | 'rep-in-gap'
  | 'rep-incomplete'
  | 'rep-too-short'
  | 'spikes-removed'
  | 'side-no-data'
  | 'side-no-reps'
  | 'length-mismatch'
  | 'time-to-peak-short'
  | 'body-mass-out-of-range'
  | 'baseline-fallback';

export interface TraceWarning {
  code: TraceWarningCode;
  side?: LegSide;
  message: string;
  /** Samples, gaps or reps concerned, when a count applies. */
  count?: number;
}

export interface SideBaseline {
  method: string;
  /** Baseline (N) at the first and last sample (equal unless drift was corrected). */
  startN: number;
  endN: number;
  /** Inter-rep anchors used (0 for a constant baseline). */
  anchors: number;
  /** Noise SD (N) of the quietest start window. */
  noiseSdN: number;
}

export interface TraceFormulas {
  baseline: { left: string; right: string };
  repDetection: string;
  detection: 'bilateral' | 'per-leg';
  bilateralCombine: string | null;
  despike: string;
  smoothing: string;
  gapFill: string;
  peak: string;
  impulse: string;
  earlyImpulse: string;
  meanForce: string;
  avgForce: string;
  relativeForce: string;
  torque: string;
  asymmetry: AsymmetryFormula;
  fatigueDecrement: string;
  fatigueSlope: string;
}

export interface TraceAnalysis {
  sampleRateHz: number;
  durationS: number;
  samples: number;
  testType: string;
  baseline: { left: number; right: number; method: string; perSide: { left: SideBaseline; right: SideBaseline } };
  left: TraceSide;
  right: TraceSide;
  asymmetry: Asymmetry | null;
  fatigue: {
    left: FatigueResult | null;
    right: FatigueResult | null;
    reasons?: { left?: string; right?: string };
    formula: { decrementPct: string; slopeNPerRep: string };
  };
  warnings: TraceWarning[];
  parameters: TraceParameters;
  formulas: TraceFormulas;
}
