/** What every trace parser returns: one test's left/right force samples on a uniform time grid, or a rejection. */

/** The format tag of Eccentric's own trace files. */
export const ECCENTRIC_TRACE_FORMAT = 'eccentric-trace@1';

export const TRACE_KINDS = ['vald-force-trace-csv', 'vald-api-trace', 'eccentric-trace'] as const;
export type TraceKind = (typeof TRACE_KINDS)[number];

export type MetaSource = 'file-name' | 'object-metadata' | 'sidecar' | 'content';

export interface TraceMeta {
  athleteName: string | null;
  /** A team's own athlete id (Eccentric format, S3 `athlete-id`, sidecar `athleteId`). VALD ids go to valdProfileId. */
  athleteId: string | null;
  valdProfileId: string | null;
  testId: string | null;
  /** ISO 8601 UTC. A date-only source gives midnight UTC and a `date-only` warning. */
  testedAt: string | null;
  testType: string | null;
  device: string | null;
  bodyMassKg: number | null;
  leverArmM: number | null;
  calibration?: { left: number; right: number } | null;
  /** Where each non-null field came from (precedence sidecar > object metadata > file name > content). */
  metaSources: Record<string, MetaSource>;
}

export interface TraceWarning {
  code: string;
  message: string;
}

export interface ParsedTrace {
  ok: true;
  kind: TraceKind;
  meta: TraceMeta;
  sampleRateHz: number;
  /** How the rate was found, e.g. `inferred from ticks: median spacing 200000 ticks = 50 Hz`. */
  sampleRateSource: string;
  /** Force per sample (N); NaN for a missing sample (empty field, null, or a gap in the time column). */
  left: Float64Array;
  right: Float64Array;
  warnings: TraceWarning[];
}

export type TraceRejectionCode =
  | 'empty-file'
  | 'no-samples'
  | 'not-a-number'
  | 'missing-column'
  | 'time-not-increasing'
  | 'force-out-of-range'
  | 'sample-rate-unknown'
  | 'trace-too-long'
  | 'no-athlete'
  | 'invalid-id'
  | 'invalid-json'
  | 'invalid-trace'
  | 'malformed-csv'
  | 'invalid-gzip'
  | 'unsupported-format';

export interface TraceRejection {
  ok: false;
  code: TraceRejectionCode;
  reason: string;
  /** 1-based physical line (CSV). */
  line?: number;
  /** Header name (CSV) or JSON path (`forces[12].leftForce`). */
  column?: string;
}

export type TraceResult = ParsedTrace | TraceRejection;

/** Per-sensor plausibility limit: a NordBord load cell reading above this is a fault or a wrong unit. */
export const MAX_FORCE_N = 2000;
/** Per-leg sample cap (the brief's "10 minutes at 1 kHz" budget, stated as 1,200,000 samples per leg). */
export const MAX_SAMPLES_PER_LEG = 1_200_000;

export const reject = (code: TraceRejectionCode, reason: string, at: { line?: number; column?: string } = {}): TraceRejection => ({
  ok: false,
  code,
  reason,
  ...(at.line !== undefined ? { line: at.line } : {}),
  ...(at.column !== undefined ? { column: at.column } : {}),
});

export const tooLong = (samples: number): TraceRejection =>
  reject(
    'trace-too-long',
    `the trace has more than ${MAX_SAMPLES_PER_LEG.toLocaleString('en')} samples per leg (${samples.toLocaleString('en')} so far); traces are capped at ${MAX_SAMPLES_PER_LEG.toLocaleString('en')} samples per leg (the 10-minutes-at-1-kHz budget): trim the export`,
  );

export const forceOutOfRange = (value: number, side: 'left' | 'right', at: { line?: number; column: string }): TraceRejection =>
  reject(
    'force-out-of-range',
    `${side} force ${value} N is outside ±${MAX_FORCE_N} N per sensor (a sensor fault or a wrong unit)` + (at.line ? ` at line ${at.line}` : ` at ${at.column}`),
    at,
  );
