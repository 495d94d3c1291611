/**
 * VALD API NordBord trace (`/tests/{id}/nordbordtrace`): `forces: [{ ticks, leftForce, rightForce }]` with
 * .NET 100-ns ticks, so the rate comes from the median tick spacing (50 Hz = 200,000 ticks).
 */
import { z } from 'zod';
import { finishTrace } from './eccentric-trace.ts';
import { jsonValueOf, rejectionFromZod } from './json-issues.ts';
import { isoUtc, type MetaInputs, type PartialMeta } from './meta.ts';
import { regularise } from './time-axis.ts';
import { forceOutOfRange, MAX_FORCE_N, MAX_SAMPLES_PER_LEG, reject, tooLong, type TraceResult, type TraceWarning } from './types.ts';

export const TICKS_PER_SECOND = 10_000_000;

const ForceSample = z.object({
  ticks: z.number(),
  leftForce: z.number().nullable().optional(),
  rightForce: z.number().nullable().optional(),
});

const Id = z.union([z.string(), z.number()]).transform(String);

export const ValdApiTraceSchema = z.object({
  forces: z.array(ForceSample),
  testId: Id.nullable().optional(),
  athleteId: Id.nullable().optional(),
  profileId: Id.nullable().optional(),
  testDateUtc: z.string().nullable().optional(),
  testTypeName: z.string().nullable().optional(),
  device: z.string().nullable().optional(),
  leftCalibration: z.number().nullable().optional(),
  rightCalibration: z.number().nullable().optional(),
});
export type ValdApiTrace = z.infer<typeof ValdApiTraceSchema>;

export function parseValdApiTrace(input: Buffer | string | { value: unknown }, inputs: MetaInputs = {}): TraceResult {
  const json = jsonValueOf(input);
  if (!json.ok) return json;
  let value = json.value;
  // A bare array of samples is accepted as { forces: [...] }.
  if (Array.isArray(value)) value = { forces: value };
  const forces = (value as { forces?: unknown } | null)?.forces;
  if (Array.isArray(forces) && forces.length > MAX_SAMPLES_PER_LEG) return tooLong(forces.length);
  const parsed = ValdApiTraceSchema.safeParse(value);
  if (!parsed.success) return rejectionFromZod(parsed.error, 'VALD API trace', ['forces']);
  const d = parsed.data;
  const n = d.forces.length;
  if (n === 0) return reject('no-samples', 'the trace has no samples ("forces" is empty)', { column: 'forces' });
  const times = new Float64Array(n);
  const left = new Float64Array(n);
  const right = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = d.forces[i]!;
    const l = f.leftForce ?? Number.NaN;
    const r = f.rightForce ?? Number.NaN;
    if (l > MAX_FORCE_N || l < -MAX_FORCE_N) return forceOutOfRange(l, 'left', { column: `forces[${i}].leftForce` });
    if (r > MAX_FORCE_N || r < -MAX_FORCE_N) return forceOutOfRange(r, 'right', { column: `forces[${i}].rightForce` });
    times[i] = f.ticks;
    left[i] = l;
    right[i] = r;
  }
  const axis = regularise({
    times,
    left,
    right,
    n,
    unitsPerSecond: TICKS_PER_SECOND,
    unitName: 'ticks',
    spacingTolerance: 0.05,
    describe: (median, rate) => `inferred from ticks: median spacing ${median} ticks = ${rate} Hz`,
  });
  if (!axis.ok) return axis;
  const warnings: TraceWarning[] = [...axis.warnings];
  const content: PartialMeta = {};
  if (d.testId) content.testId = d.testId;
  const profile = d.athleteId ?? d.profileId;
  if (profile) content.valdProfileId = profile;
  if (d.testTypeName) content.testType = d.testTypeName;
  if (d.device) content.device = d.device;
  if (d.testDateUtc) {
    const iso = isoUtc(d.testDateUtc, 'testDateUtc', warnings);
    if (iso) content.testedAt = iso;
    else warnings.push({ code: 'meta-ignored', message: `testDateUtc ${JSON.stringify(d.testDateUtc)} is not an ISO 8601 date; ignored` });
  }
  if (typeof d.leftCalibration === 'number' && typeof d.rightCalibration === 'number') {
    content.calibration = { left: d.leftCalibration, right: d.rightCalibration };
  }
  return finishTrace('vald-api-trace', inputs, content, { left: axis.left, right: axis.right, sampleRateHz: axis.sampleRateHz, sampleRateSource: axis.sampleRateSource }, warnings);
}
