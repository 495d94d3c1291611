import { z } from 'zod';
import { asymmetryFormulas, type AsymmetryFormula } from '../metrics/asymmetry.ts';

const positive = z.number().positive();
const nonNegative = z.number().nonnegative();

/** Per-team overrides of the trace-analysis parameters (shared/traces/analyze-trace.ts traceDefaults). */
export const TraceParametersSchema = z
  .object({
    startThresholdN: positive,
    stopThresholdN: positive,
    minPeakN: positive,
    minRepDurationS: nonNegative,
    mergeGapS: nonNegative,
    spikeThresholdN: nonNegative,
    smoothingWindowS: nonNegative,
    peakEstimator: z.enum(['quadratic-fit', 'smoothed-max', 'max']),
    peakFitDropN: nonNegative,
    peakFitDropFraction: nonNegative,
    peakFitNoiseMultiple: nonNegative,
    peakFitMaxHalfWindowS: positive,
    baselineSearchS: positive,
    baselineWindowS: positive,
    baselineDrift: z.enum(['inter-rep-linear', 'constant']),
    restMarginS: nonNegative,
    maxBridgeGapS: nonNegative,
    longGapReps: z.enum(['drop', 'keep']),
    incompleteReps: z.enum(['drop', 'keep']),
    bilateralCombine: z.enum(['max', 'sum']),
    detection: z.enum(['auto', 'bilateral', 'per-leg']),
    minEccentricTimeToPeakS: nonNegative,
    asymmetryFormula: z.enum(Object.keys(asymmetryFormulas) as [AsymmetryFormula, ...AsymmetryFormula[]]),
  })
  .partial()
  .strict();
