import type { AnalyzeSummary } from './summary.ts';
import type { InputKind } from '../formats/detect.ts';
import { analyzeStream, type AnalyzeOptions, type AnalyzeResult, type AnalyzeSink } from './analyzer.ts';
import type { Rejection, TestRecord } from '../model/test-record.ts';
import { detectTrace } from '../trace-formats/detect-trace.ts';
import { maybeGunzip } from '../trace-formats/gzip.ts';
import type { MetaInputs } from '../trace-formats/meta.ts';
import type { TraceParameters } from '../traces/types.ts';

export interface TraceSamples {
  sampleRateHz: number;
  left: Float64Array;
  right: Float64Array;
}

export interface UploadSink extends AnalyzeSink {
  /** A raw trace's samples, for storage beside its test (raw samples never go into DynamoDB). */
  trace?(test: TestRecord, samples: TraceSamples): void | Promise<void>;
}

export interface UploadOptions extends AnalyzeOptions {
  objectMetadata?: MetaInputs['objectMetadata'];
  /** A trace's sidecar metadata, or a loader for it: only traces read it, so exports skip the lookup. */
  sidecar?: MetaInputs['sidecar'] | (() => Promise<MetaInputs['sidecar']>);
  requireKnownAthlete?: boolean | undefined;
  traceParameters?: Partial<TraceParameters> | undefined;
}

export type UploadResult = AnalyzeResult & {
  /** True when the whole file was refused (unsupported, or a trace that could not be read). */
  refused: boolean;
};

const HEAD_BYTES = 64 * 1024;

/**
 * One uploaded file of any supported kind, gzipped or not: summary exports and roster go through the
 * streaming Analyzer; a raw force trace (one test per file) is parsed, analysed rep by rep and handed
 * to the sink with its samples. Detection is by content, never by file name.
 */
export async function analyzeUpload(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  options: UploadOptions,
  sink: UploadSink,
  afterChunk?: () => Promise<void> | void,
): Promise<UploadResult> {
  const chunks = maybeGunzip(asBuffers(source));
  const iterator = chunks[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  const replay = async function* () {
    yield* head;
    if (!done) for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  };
  const kind = detectTrace(Buffer.concat(head));
  if (kind === null) {
    const result = await analyzeStream(replay(), options, sink, afterChunk);
    return { ...result, refused: result.kind === 'unsupported' };
  }

  const container = Buffer.concat(head).toString('utf8', 0, 256).replace(/^\uFEFF/, '').trimStart().startsWith('{') ? 'json' : 'csv';
  const refuse = (code: string, reason: string, line = 0, column: string | null = null): UploadResult => {
    const rejected: Rejection[] = [{ file: options.file, line, column, code, reason }];
    return { kind, rejected, summary: traceSummary(options.file, kind, container, null, rejected), latest: [], refused: true };
  };
  // Trace parsing and analysis load only when a trace arrives: exports, the common case, start faster.
  const [{ parseTrace }, { traceTest }] = await Promise.all([import('../trace-formats/index.ts'), import('../traces/trace-test.ts')]);
  const sidecar = typeof options.sidecar === 'function' ? await options.sidecar() : options.sidecar;
  const parsed = await parseTrace(replay(), { fileName: options.file, objectMetadata: options.objectMetadata, sidecar });
  if (!parsed.ok) return refuse(parsed.code, parsed.reason, parsed.line ?? 0, parsed.column ?? null);
  const analysed = traceTest(parsed, {
    file: options.file,
    resolveAthlete: options.resolveAthlete,
    requireKnownAthlete: options.requireKnownAthlete,
    parameters: options.traceParameters,
  });
  if (!analysed.ok) return refuse(analysed.code, analysed.reason);
  sink.test?.(analysed.test);
  await sink.trace?.(analysed.test, { sampleRateHz: parsed.sampleRateHz, left: parsed.left, right: parsed.right });
  return { kind, rejected: [], summary: traceSummary(options.file, kind, container, analysed.test, []), latest: [analysed.test], refused: false };
}

/** The report of a one-test trace file, in the same shape as an export's. */
function traceSummary(file: string, kind: InputKind, container: 'csv' | 'json', test: TestRecord | null, rejected: Rejection[]): AnalyzeSummary {
  const warnings: Record<string, number> = {};
  for (const w of test?.warnings ?? []) warnings[w.code] = (warnings[w.code] ?? 0) + 1;
  const rejectedByCode: Record<string, number> = {};
  for (const r of rejected) rejectedByCode[r.code] = (rejectedByCode[r.code] ?? 0) + 1;
  return {
    file,
    kind,
    format: { container, bom: false, delimiter: null, decimalComma: false, headerLine: null, columnsMapped: {}, columnsIgnored: 0 },
    dateOrder: null,
    rows: test ? 1 : 0,
    tests: test ? 1 : 0,
    workouts: 0,
    duplicateRows: 0,
    noRepRows: 0,
    noRepDistinct: 0,
    rejectedRows: rejected.length,
    rejectedByCode,
    athletes: test ? 1 : 0,
    testTypes: test ? { [test.testType]: 1 } : {},
    dateRange: test ? { from: test.testedAt, to: test.testedAt } : null,
    warnings,
    zeroRepsWithForceKept: 0,
  };
}

async function* asBuffers(source: AsyncIterable<Buffer | Uint8Array | string>): AsyncIterable<Buffer> {
  for await (const chunk of source) {
    yield typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}
