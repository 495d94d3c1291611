/**
 * Eccentric's own trace format (`eccentric-trace@1`) for apps and other devices. JSON: metadata plus either
 * `sampleRateHz` + `left` + `right` arrays, or `samples: [[t (s), left, right], …]`. CSV: `# key: value`
 * comment lines with the same metadata, then a `time,left,right` header (see trace-csv.ts).
 * docs/eccentric-trace.schema.json is generated from EccentricTraceSchema (shared/trace-formats/write-json-schema.ts).
 */
import { z } from 'zod';
import { jsonValueOf, rejectionFromZod } from './json-issues.ts';
import { mergeMeta, type MetaInputs, type PartialMeta } from './meta.ts';
import { regularise } from './time-axis.ts';
import { forceOutOfRange, MAX_FORCE_N, MAX_SAMPLES_PER_LEG, reject, tooLong, type TraceRejection, type TraceResult, type TraceWarning } from './types.ts';

import { ECCENTRIC_TRACE_FORMAT } from './types.ts';
export { ECCENTRIC_TRACE_FORMAT };

const Force = z.number().nullable().describe('Force in newtons; null for a missing sample');
const TestedAt = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .describe('ISO 8601 date-time (UTC or with an offset); a bare date means midnight UTC');

const common = {
  format: z.literal(ECCENTRIC_TRACE_FORMAT),
  athleteId: z.string().min(1).optional().describe("The team's athlete id (as in Eccentric's roster)"),
  athleteName: z.string().min(1).optional().describe('Athlete name, matched against the roster when athleteId is absent'),
  testedAt: TestedAt,
  testType: z.string().min(1).describe('Nordic, Razor, ISO Prone, … as the device names it'),
  device: z.string().min(1).optional(),
  bodyMassKg: z.number().positive().optional(),
  leverArmM: z.number().positive().optional().describe('Knee to hook (m), for torque'),
};

export const EccentricTraceArraysSchema = z
  .object({
    ...common,
    sampleRateHz: z.number().positive().max(100_000).describe('Samples per second of left and right'),
    left: z.array(Force).max(MAX_SAMPLES_PER_LEG).describe('Left-leg force per sample (N)'),
    right: z.array(Force).max(MAX_SAMPLES_PER_LEG).describe('Right-leg force per sample (N), same length as left'),
  })
  .describe('A uniformly sampled trace');

export const EccentricTraceSamplesSchema = z
  .object({
    ...common,
    samples: z
      .array(z.tuple([z.number().describe('time (s)'), Force.describe('left (N)'), Force.describe('right (N)')]))
      .max(MAX_SAMPLES_PER_LEG)
      .describe('[time (s), left (N), right (N)] per sample, time strictly increasing; the rate is inferred'),
  })
  .describe('A timestamped trace');

export const EccentricTraceSchema = z
  .union([EccentricTraceArraysSchema, EccentricTraceSamplesSchema])
  .describe('Eccentric trace format, version 1: one test of left/right hamstring force');
export type EccentricTrace = z.infer<typeof EccentricTraceSchema>;

export const eccentricTraceJsonSchema = () =>
  z.toJSONSchema(EccentricTraceSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;

/** The `# key: value` header of the CSV variant. */
export const EccentricCsvHeaderSchema = z.object({
  ...common,
  sampleRateHz: z.coerce.number().positive().max(100_000).optional(),
  bodyMassKg: z.coerce.number().positive().optional(),
  leverArmM: z.coerce.number().positive().optional(),
});

export function contentMeta(t: {
  athleteId?: string | undefined;
  athleteName?: string | undefined;
  testedAt: string;
  testType: string;
  device?: string | undefined;
  bodyMassKg?: number | undefined;
  leverArmM?: number | undefined;
}, warnings: TraceWarning[]): PartialMeta {
  const out: PartialMeta = { testType: t.testType };
  if (t.athleteId) out.athleteId = t.athleteId;
  if (t.athleteName) out.athleteName = t.athleteName;
  if (t.device) out.device = t.device;
  if (t.bodyMassKg !== undefined) out.bodyMassKg = t.bodyMassKg;
  if (t.leverArmM !== undefined) out.leverArmM = t.leverArmM;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t.testedAt)) {
    out.testedAt = `${t.testedAt}T00:00:00.000Z`;
    warnings.push({ code: 'date-only', message: `testedAt gives only a date (${t.testedAt}): midnight UTC` });
  } else out.testedAt = new Date(Date.parse(t.testedAt)).toISOString();
  return out;
}

const KEYS = ['format', 'athleteId', 'athleteName', 'testedAt', 'testType', 'device', 'sampleRateHz', 'bodyMassKg', 'leverArmM'];
const KEY_BY_LOWER = new Map(KEYS.map((k) => [k.toLowerCase(), k]));

/** `# key: value` lines → the validated header, or a rejection naming the line. */
export function parseEccentricCsvHeader(
  comments: { line: number; key: string; value: string }[],
  warnings: TraceWarning[],
): { ok: true; meta: PartialMeta; sampleRateHz: number | null } | TraceRejection {
  const raw: Record<string, string> = {};
  const lineOf: Record<string, number> = {};
  for (const c of comments) {
    const key = KEY_BY_LOWER.get(c.key.toLowerCase().replace(/[^a-z0-9]/g, '')) ?? KEY_BY_LOWER.get(c.key.toLowerCase());
    if (!key) {
      warnings.push({ code: 'unknown-header-key', message: `line ${c.line}: "# ${c.key}" is not an eccentric-trace@1 key; ignored` });
      continue;
    }
    raw[key] = c.value;
    lineOf[key] = c.line;
  }
  const parsed = EccentricCsvHeaderSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    const line = lineOf[key];
    const what = raw[key] === undefined ? `"# ${key}:" is missing` : `"# ${key}: ${raw[key]}" is invalid (${issue.message})`;
    return reject('invalid-trace', `eccentric-trace@1 CSV header: ${what}`, line ? { line, column: key } : { column: key });
  }
  return { ok: true, meta: contentMeta(parsed.data, warnings), sampleRateHz: parsed.data.sampleRateHz ?? null };
}

/** Parses an eccentric-trace@1 JSON document (text or bytes). */
export function parseEccentricTraceJson(input: Buffer | string | { value: unknown }, inputs: MetaInputs = {}): TraceResult {
  const json = jsonValueOf(input);
  if (!json.ok) return json;
  const value = json.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return reject('invalid-trace', 'an eccentric-trace@1 document is a JSON object');
  const o = value as Record<string, unknown>;
  if (o.format !== ECCENTRIC_TRACE_FORMAT) {
    return reject('unsupported-format', `"format" is ${JSON.stringify(o.format)}; this version reads ${JSON.stringify(ECCENTRIC_TRACE_FORMAT)}`, { column: 'format' });
  }
  const timed = 'samples' in o;
  if (Array.isArray(o.left) && o.left.length > MAX_SAMPLES_PER_LEG) return tooLong(o.left.length);
  if (Array.isArray(o.samples) && o.samples.length > MAX_SAMPLES_PER_LEG) return tooLong(o.samples.length);
  const warnings: TraceWarning[] = [];
  let left: Float64Array;
  let right: Float64Array;
  let sampleRateHz: number;
  let sampleRateSource: string;
  let meta: PartialMeta;
  if (timed) {
    const parsed = EccentricTraceSamplesSchema.safeParse(o);
    if (!parsed.success) return rejectionFromZod(parsed.error, 'eccentric-trace@1', ['samples']);
    const samples = parsed.data.samples;
    if (samples.length === 0) return reject('no-samples', 'the trace has no samples');
    const n = samples.length;
    const times = new Float64Array(n);
    left = new Float64Array(n);
    right = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const [t, l, r] = samples[i]!;
      if (i > 0 && !(t > times[i - 1]!)) return reject('time-not-increasing', `the time does not increase at samples[${i}] (${t} s after ${times[i - 1]} s)`, { column: `samples[${i}][0]` });
      const bad = checkForce(l, 'left', `samples[${i}][1]`) ?? checkForce(r, 'right', `samples[${i}][2]`);
      if (bad) return bad;
      times[i] = t;
      left[i] = l ?? Number.NaN;
      right[i] = r ?? Number.NaN;
    }
    const axis = regularise({ times, left, right, n, unitsPerSecond: 1, unitName: 'time', describe: (m, rate) => `time column: median spacing ${m} s = ${rate} Hz` });
    if (!axis.ok) return axis;
    ({ left, right, sampleRateHz, sampleRateSource } = axis);
    warnings.push(...axis.warnings);
    meta = contentMeta(parsed.data, warnings);
  } else {
    const parsed = EccentricTraceArraysSchema.safeParse(o);
    if (!parsed.success) return rejectionFromZod(parsed.error, 'eccentric-trace@1', ['left', 'right', 'sampleRateHz']);
    const d = parsed.data;
    if (d.left.length !== d.right.length) return reject('invalid-trace', `left has ${d.left.length} samples and right ${d.right.length}: they must be the same length`, { column: 'right' });
    if (d.left.length === 0) return reject('no-samples', 'the trace has no samples');
    left = new Float64Array(d.left.length);
    right = new Float64Array(d.left.length);
    for (let i = 0; i < d.left.length; i++) {
      const l = d.left[i]!;
      const r = d.right[i]!;
      const bad = checkForce(l, 'left', `left[${i}]`) ?? checkForce(r, 'right', `right[${i}]`);
      if (bad) return bad;
      left[i] = l ?? Number.NaN;
      right[i] = r ?? Number.NaN;
    }
    sampleRateHz = d.sampleRateHz;
    sampleRateSource = `declared: sampleRateHz ${d.sampleRateHz}`;
    meta = contentMeta(d, warnings);
  }
  return finishTrace('eccentric-trace', inputs, meta, { left, right, sampleRateHz, sampleRateSource }, warnings);
}

function checkForce(v: number | null, side: 'left' | 'right', column: string): TraceRejection | null {
  return v !== null && (v > MAX_FORCE_N || v < -MAX_FORCE_N) ? forceOutOfRange(v, side, { column }) : null;
}

/** Common tail of every parser: rate sanity, missing-sample count, metadata merge (which requires an athlete). */
export function finishTrace(
  kind: 'vald-force-trace-csv' | 'vald-api-trace' | 'eccentric-trace',
  inputs: MetaInputs,
  content: PartialMeta,
  data: { left: Float64Array; right: Float64Array; sampleRateHz: number; sampleRateSource: string },
  warnings: TraceWarning[],
): TraceResult {
  if (data.sampleRateHz < 50 || data.sampleRateHz > 1000) {
    warnings.push({ code: 'sample-rate-unusual', message: `${data.sampleRateHz} Hz is outside the 50–1000 Hz force plates and NordBords record at` });
  }
  let missing = 0;
  for (let i = 0; i < data.left.length; i++) {
    if (Number.isNaN(data.left[i]!)) missing++;
    if (Number.isNaN(data.right[i]!)) missing++;
  }
  if (missing > 0 && !warnings.some((w) => w.code === 'gaps-filled')) {
    warnings.push({ code: 'missing-samples', message: `${missing} missing force value${missing === 1 ? '' : 's'} (empty or null) kept as NaN` });
  }
  const meta = mergeMeta(inputs, content, warnings);
  if (!meta.ok) return meta;
  return { ok: true, kind, meta: meta.meta, ...data, warnings };
}
