import { idKey, idProblem } from '../identity/id-grammar.ts';
import type { AthleteResolver } from '../identity/athlete-id.ts';
import { defaultAthleteId } from '../identity/athlete-id.ts';
import { Hash64, toHex64 } from '../identity/hash64.ts';
import type { Side, TestRecord, TestWarning } from '../model/test-record.ts';
import { athleteKeysOf, type ParsedTrace } from '../trace-formats/index.ts';
import { analyzeTrace } from './analyze-trace.ts';
import type { TraceAnalysis, TraceParameters, TraceSide } from './types.ts';

export interface TraceTestOptions {
  file: string;
  resolveAthlete?: AthleteResolver | undefined;
  /** Ingest requires the athlete to be on the team's roster (matched by name or id); offline analysis does not. */
  requireKnownAthlete?: boolean | undefined;
  parameters?: Partial<TraceParameters> | undefined;
}

export type TraceTest = { ok: true; test: TestRecord; analysis: TraceAnalysis } | { ok: false; code: string; reason: string };

/**
 * derived-trace-id@1: a trace without a VALD test id is identified by athlete, minute, test type and
 * device, so uploading the same trace twice stores one test.
 */
export function derivedTraceId(athleteId: string, testedAt: string, testType: string, device: string | null): string {
  const h = new Hash64().str(idKey(athleteId)).str(testedAt.slice(0, 16)).str(testType).str(device ?? '');
  const [hi, lo] = h.digest();
  return `t${toHex64(hi, lo)}`;
}

/** Analyses a parsed trace into one test of the analyze contract, with per-rep detail and fatigue. */
export function traceTest(parsed: ParsedTrace, options: TraceTestOptions): TraceTest {
  const meta = parsed.meta;
  const keys = athleteKeysOf(meta);
  const resolved = meta.athleteId ?? options.resolveAthlete?.(keys);
  if (!resolved && options.requireKnownAthlete) {
    const who = keys.name ?? keys.valdProfileId;
    return {
      ok: false,
      code: 'unknown-athlete',
      reason: who
        ? `athlete "${who}" (from the ${meta.metaSources.athleteName ?? meta.metaSources.valdProfileId ?? 'file'}) is not on the team's roster: upload a roster that names them, or set the athlete-id metadata`
        : 'no athlete: the file name, object metadata (athlete, athlete-id) or a sidecar must name one',
    };
  }
  const athleteId = resolved ?? defaultAthleteId(keys)?.id;
  if (!athleteId) return { ok: false, code: 'no-athlete', reason: 'no athlete: the file name, object metadata (athlete, athlete-id) or a sidecar must name one' };
  // The athlete id becomes part of the trace's S3 key and item keys (a name's slug can still be too long).
  const idIssue = idProblem('athlete', athleteId);
  if (idIssue) return { ok: false, code: 'invalid-id', reason: idIssue };
  if (!meta.testedAt) {
    return { ok: false, code: 'no-test-time', reason: 'no test time: name the file like …-export-DD_MM_YYYY.csv, or set tested-at metadata or testedAt in a sidecar' };
  }
  const warnings: TestWarning[] = parsed.warnings.map((w) => ({ code: w.code, message: w.message }));
  let testType = meta.testType;
  if (!testType) {
    testType = 'Nordic';
    warnings.push({ code: 'test-type-assumed', message: 'no test type in the file or its metadata: Nordic assumed' });
  }
  const analysis = analyzeTrace(
    {
      left: parsed.left,
      right: parsed.right,
      sampleRateHz: parsed.sampleRateHz,
      testType,
      bodyMassKg: meta.bodyMassKg ?? undefined,
      leverArmM: meta.leverArmM ?? undefined,
      ...(meta.calibration ? { calibrationN: meta.calibration } : {}),
    },
    options.parameters,
  );
  warnings.push(...analysis.warnings.map(({ code, side, message, count }) => ({ code, message, ...(side ? { side } : {}), ...(count !== undefined ? { count } : {}) })));
  const testedAt = new Date(meta.testedAt).toISOString();
  const test: TestRecord = {
    testId: meta.testId ?? derivedTraceId(athleteId, testedAt, testType, meta.device),
    testIdSource: meta.testId ? 'vald' : 'derived',
    athleteId,
    athleteName: meta.athleteName,
    externalId: null,
    testedAt,
    testType,
    device: meta.device,
    bodyMassKg: meta.bodyMassKg,
    left: side(analysis.left),
    right: side(analysis.right),
    asymmetry: analysis.asymmetry,
    warnings,
    fatigue: analysis.fatigue,
    trace: {
      kind: parsed.kind,
      sampleRateHz: analysis.sampleRateHz,
      sampleRateSource: parsed.sampleRateSource,
      durationS: analysis.durationS,
      samples: analysis.samples,
      baseline: { left: analysis.baseline.left, right: analysis.baseline.right, method: analysis.baseline.method },
      formulas: { ...analysis.formulas },
      parameters: { ...analysis.parameters },
      metaSources: meta.metaSources,
      traceKey: null,
    },
    source: { file: options.file, line: 1, vendorMaxImbalancePct: null },
  };
  return { ok: true, test, analysis };
}

function side(s: TraceSide): Side {
  return {
    peakN: s.peakN,
    avgN: s.avgN,
    repCount: s.repCount,
    impulseNs: s.impulseNs,
    torqueNm: s.torqueNm,
    peakNPerKg: s.peakNPerKg,
    calibrationN: s.calibrationN,
    timeToPeakS: s.timeToPeakS,
    reps: s.reps,
  };
}
