import { z } from 'zod';

/** One repetition of one leg, from a raw trace. */
export const RepSchema = z.object({
  index: z.number().int().positive(),
  peakN: z.number(),
  startS: z.number(),
  endS: z.number(),
  peakS: z.number().describe('Time of the peak from the start of the trace'),
  timeToPeakS: z.number().describe('From rep start to peak'),
  durationS: z.number(),
  impulseNs: z.number(),
  meanN: z.number(),
  impulse100msNs: z.number().describe('Impulse over the first 100 ms of the rep'),
  impulse200msNs: z.number().describe('Impulse over the first 200 ms of the rep'),
  peakNPerKg: z.number().nullable(),
  torqueNm: z.number().nullable(),
});
export type RepDetail = z.infer<typeof RepSchema>;

/** One leg's result of one test. `reps` is reserved for the per-rep array that raw traces add. */
export const SideSchema = z.object({
  peakN: z.number().nullable().describe('Best-rep peak force, calibration subtracted; null when the side has no repetitions'),
  avgN: z.number().nullable().describe("Mean of the per-rep peaks (VALD's Avg Force), calibration subtracted"),
  repCount: z.number().int().nonnegative(),
  impulseNs: z.number().nullable().describe('Impulse accumulated over the whole test (N·s), as the device reports it'),
  torqueNm: z.number().nullable().describe('Peak torque; null when the device reported 0 (no knee position set)'),
  peakNPerKg: z.number().nullable().describe('peakN / body mass (formula relative-force@1); null when body mass is unknown'),
  calibrationN: z.number().nullable().describe('Calibration offset the device reported and that was subtracted'),
  timeToPeakS: z.number().nullable().describe('Shortest time to peak force among the reps (s)'),
  reps: z.array(RepSchema).optional().describe('Per-rep detail; present when a raw trace was analysed'),
});
export type Side = z.infer<typeof SideSchema>;

export const AsymmetrySchema = z.object({
  pct: z.number().describe('Between-limb asymmetry in percent, per the named formula'),
  weakerSide: z.enum(['left', 'right']).nullable().describe('null when both sides are equal'),
  formula: z.string().describe('Formula name and version, e.g. asymmetry.stronger-weaker@1'),
});
export type Asymmetry = z.infer<typeof AsymmetrySchema>;

/** Summary-row checks; traces add their own codes (gap-bridged, rep-incomplete, …), so any kebab-case code is valid. */
export const summaryWarningCodes = ['calibration-nonzero', 'body-mass-out-of-range', 'time-to-peak-short', 'torque-zero', 'zero-reps-with-force'] as const;
export const WarningCodeSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .describe(`One of ${summaryWarningCodes.join(', ')}, or a trace-analysis code`);
export type WarningCode = z.infer<typeof WarningCodeSchema>;

export const TestWarningSchema = z.object({
  code: WarningCodeSchema,
  side: z.enum(['left', 'right']).optional(),
  message: z.string(),
  count: z.number().int().optional(),
});
export type TestWarning = z.infer<typeof TestWarningSchema>;

const FatigueSideSchema = z.object({
  decrementPct: z.number().describe("Glaister's percent decrement score (1 − Σ peaks / (best × n)) × 100"),
  slopeNPerRep: z.number().describe('Least-squares slope of rep peak vs rep number (N/rep)'),
});

export const FatigueSchema = z.object({
  left: FatigueSideSchema.nullable(),
  right: FatigueSideSchema.nullable(),
  reasons: z.object({ left: z.string().optional(), right: z.string().optional() }).optional().describe('Why a side has no fatigue (fewer than 2 reps)'),
  formula: z.object({ decrementPct: z.string(), slopeNPerRep: z.string() }),
});

export const TraceInfoSchema = z.object({
  kind: z.string(),
  sampleRateHz: z.number().positive(),
  sampleRateSource: z.string(),
  durationS: z.number(),
  samples: z.number().int(),
  baseline: z.object({ left: z.number(), right: z.number(), method: z.string() }),
  formulas: z.record(z.string(), z.unknown()),
  parameters: z.record(z.string(), z.unknown()),
  metaSources: z.record(z.string(), z.string()),
  traceKey: z.string().nullable().describe('S3 key of the stored samples (ingest only)'),
});

export const TestRecordSchema = z.object({
  testId: z.string().describe("VALD's testId, or a deterministic id derived from athlete, minute, device, test type and forces"),
  testIdSource: z.enum(['vald', 'derived']),
  athleteId: z.string(),
  athleteName: z.string().nullable(),
  externalId: z.string().nullable(),
  testedAt: z.iso.datetime().describe('Test time, ISO 8601 UTC (testDateUtc, or Date UTC + Time UTC)'),
  testType: z.string().describe('Nordic, Razor, ISO Prone, ISO 30°, ISO 60°, Custom, … as the device names it'),
  device: z.string().nullable(),
  bodyMassKg: z.number().nullable().describe('Body mass implied by the export (per-kg columns) when present'),
  left: SideSchema,
  right: SideSchema,
  asymmetry: AsymmetrySchema.nullable().describe('null when a side is missing or both are 0'),
  warnings: z.array(TestWarningSchema),
  postLoad: z
    .object({ source: z.enum(['notes', 'api']), text: z.string().nullable() })
    .optional()
    .describe('Marked as tested after load (a match or run): by the export\'s Notes/Tags ("post-match", "MD+1") or through the API'),
  fatigue: FatigueSchema.optional().describe('Within-set fatigue per leg; present when a raw trace was analysed'),
  trace: TraceInfoSchema.optional().describe('How the raw trace was read and analysed; its samples stay in S3'),
  source: z.object({
    file: z.string(),
    line: z.number().int().positive(),
    vendorMaxImbalancePct: z.number().nullable().describe("VALD Hub's own Max Imbalance (%) when the export has it"),
  }),
});
export type TestRecord = z.infer<typeof TestRecordSchema>;

export const RejectionSchema = z.object({
  file: z.string(),
  line: z.number().int().nonnegative().describe('1-based physical line of the record start; 0 for whole-file problems'),
  column: z.string().nullable().describe('Header name of the offending column, when one is to blame'),
  code: z.string(),
  reason: z.string(),
});
export type Rejection = z.infer<typeof RejectionSchema>;
