import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { analyzeUpload, type TraceSamples, type UploadResult } from '#core/analyze/analyze-upload.ts';
import { analyzeFileThreaded } from '#core/analyze/analyze-file.ts';
import { csvExportChunks } from '#core/analyze/file-chunks.ts';
import { isAsymmetryFormula, type AsymmetryFormula } from '#core/metrics/asymmetry.ts';
import { JsonArrayWriter, JsonBytesWriter, serializeTest } from '#core/output/json-test-writer.ts';
import { TestJsonBytes } from '#core/output/test-json-bytes.ts';
import type { AthleteProfile } from '#core/model/athlete-profile.ts';
import type { WorkoutRecord } from '#core/model/workout-record.ts';
import type { Rejection, TestRecord } from '#core/model/test-record.ts';
import type { RowFacts } from '#core/formats/test-row.ts';
import type { DateOrder } from '#core/dates/test-time.ts';
import { parseArgs, stringFlag, type ParsedArgs } from './args.ts';
import { ProgressBar } from './progress.ts';
import { formatSummary } from './summary-text.ts';
import { SummaryBuilder } from '#core/analyze/summary.ts';

function dateOrderOf(value: string | undefined): DateOrder | undefined {
  if (value === undefined) return undefined;
  const v = value.toUpperCase();
  if (v === 'MDY' || v === 'DMY') return v;
  throw new Error(`--date-order must be mdy or dmy, not "${value}"`);
}

/**
 * `--threads 1|auto`. The summary defaults to 1: its memory then stays nearly flat as the file grows
 * (compact-10k → 1M: 74 → ~110 MB), in under half of pandas' time. auto reads an export of 32 MB and 150k
 * rows or more on two threads: ~25 % faster, ~40 MB more at 1M rows (README, Benchmark). --json defaults
 * to auto: writing every test needs the threads to stay within pandas' time.
 */
function singleThreadOf(value: string | undefined, json: boolean): boolean {
  if (value === undefined) return !json;
  if (value === 'auto') return false;
  if (value === '1') return true;
  throw new Error(`--threads must be 1 or auto, not "${value}"`);
}

/** Below this a file is read in well under a second: no progress bar unless asked for. */
const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

/**
 * A progress bar on stderr for one file: with `--progress` always, with `--no-progress` never, otherwise on a
 * terminal for files of PROGRESS_MIN_BYTES or more. stdout (the summary or the JSON) is never touched.
 */
function progressBarFor(parsed: ParsedArgs, name: string, size: number): ProgressBar | null {
  if (parsed.flags.has('no-progress')) return null;
  if (parsed.flags.has('progress') || (process.stderr.isTTY && size >= PROGRESS_MIN_BYTES)) return new ProgressBar(name, size);
  return null;
}

/** The chunks of `source`, telling `onRead` the bytes read so far. */
async function* counted(source: AsyncIterable<Buffer>, onRead: (bytes: number) => void): AsyncIterable<Buffer> {
  let bytes = 0;
  for await (const chunk of source) {
    bytes += chunk.length;
    onRead(bytes);
    yield chunk;
  }
}

/** `--trace-params '{"startThresholdN":30}'`: the same overrides a team can set (shared/traces/parameters-schema.ts). */
async function traceParametersOf(value: string | undefined) {
  if (value === undefined) return undefined;
  const { TraceParametersSchema } = await import('#core/traces/parameters-schema.ts');
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    throw new Error(`--trace-params must be JSON, e.g. '{"startThresholdN":30}'`);
  }
  const parsed = TraceParametersSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`--trace-params: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** A file whose reading failed outright (a disk error, a bug): one file-level rejection naming it. */
function unreadable(file: string, error: unknown): UploadResult {
  const rejected: Rejection[] = [{ file, line: 0, column: null, code: 'unreadable-file', reason: `the file could not be read: ${(error as Error)?.message ?? String(error)}` }];
  const summary = new SummaryBuilder(file);
  return { kind: 'unsupported', rejected, summary: summary.build(rejected), latest: [], refused: true, broken: false };
}

/** `eccentric analyze FILE… [--json]`: exit 0 when every file was read, 1 when a file was refused. */
export async function runAnalyze(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['date-order', 'formula', 'plot', 'trace-params', 'threads']);
  const files = parsed.positionals;
  if (files.length === 0) throw new Error('analyze needs at least one FILE');
  // Before anything is printed: a typo in the third file must not leave a half-written --json document.
  for (const file of files) if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`${file}: ${existsSync(file) ? 'not a file' : 'no such file'}`);
  const plotFile = stringFlag(parsed, 'plot');
  if (plotFile !== undefined && !/\.(svg|png)$/i.test(plotFile)) throw new Error(`--plot writes .svg or .png, not "${plotFile}"`);
  const formula = stringFlag(parsed, 'formula');
  if (formula !== undefined && !isAsymmetryFormula(formula)) throw new Error(`unknown asymmetry formula "${formula}"`);
  const json = parsed.flags.has('json');
  const options = {
    // Without --json only the summary is printed: values that only a test record carries are not converted.
    summaryOnly: !json,
    dateOrder: dateOrderOf(stringFlag(parsed, 'date-order')),
    asymmetryFormula: formula as AsymmetryFormula | undefined,
    traceParameters: await traceParametersOf(stringFlag(parsed, 'trace-params')),
  };

  const singleThread = singleThreadOf(stringFlag(parsed, 'threads'), json);
  const out = process.stdout;
  const write = (chunk: string | Uint8Array) => {
    out.write(chunk);
  };
  const drain = () => (out.writableNeedDrain ? new Promise<void>((r) => out.once('drain', () => r())) : undefined);
  /** Resolves once everything written so far has left this process (a piece's bytes are then reused). */
  const written = () => new Promise<void>((r) => out.write('', () => r()));

  const results: UploadResult[] = [];
  const plots: { test: TestRecord; samples: TraceSamples }[] = [];
  const athletes: AthleteProfile[] = [];
  const workouts: WorkoutRecord[] = [];
  const tests = new JsonArrayWriter<TestRecord>(write, serializeTest);
  if (json) write('{"tests":[');
  for (const file of files) {
    const name = basename(file);
    // Without --json no test is written, and a sink without `test` spares building each TestRecord. Test rows
    // are written from their facts (TestJsonBytes: JSON.stringify's bytes, for less CPU); `test` is
    // for the tests of trace files.
    const testBytes = json ? new JsonBytesWriter((piece) => tests.addSerialized(piece), new TestJsonBytes({ file: name, asymmetryFormula: options.asymmetryFormula })) : null;
    const sink = {
      ...(testBytes !== null ? { test: (t: TestRecord) => tests.add(t), testFacts: (f: RowFacts) => testBytes.add(f) } : {}),
      athlete: (p: AthleteProfile) => athletes.push(p),
      workout: (w: WorkoutRecord) => workouts.push(w),
      trace: (test: TestRecord, samples: TraceSamples) => void plots.push({ test, samples }),
    };
    const afterChunk = () => {
      testBytes?.flush();
      tests.flush();
      return drain();
    };
    const size = statSync(file).size;
    const bar = progressBarFor(parsed, name, size);
    const started = performance.now();
    const progress = bar === null ? {} : { progress: (offset: number) => bar.update(offset) };
    // A large CSV export is tokenized and mapped on a second thread (same results); anything else streams.
    const threadedSink = json
      ? {
          json: (piece: Uint8Array) => {
            tests.addSerialized(piece);
            // Not drain(): with an asynchronous stdout (a pipe on macOS) a piece below the high-water mark can
            // still be queued when drain() answers, and the threaded writer reuses its bytes.
            return written();
          },
          ...progress,
        }
      : progress;
    let result: UploadResult;
    try {
      const threaded = singleThread ? null : await analyzeFileThreaded(file, { ...options, file: name }, threadedSink);
      // A plain CSV export is read through one reused buffer (file-chunks.ts); anything else streams, in 256 KB
      // reads: every chunk is a fresh buffer that stays resident until V8 collects it.
      const stream = threaded ? null : (csvExportChunks(file, { ...options, file: name }) ?? (createReadStream(file, { highWaterMark: 1 << 18 }) as AsyncIterable<Buffer>));
      result = threaded
        ? { ...threaded, refused: threaded.kind === 'unsupported' || threaded.broken }
        : await analyzeUpload(bar === null ? stream! : counted(stream!, (bytes) => bar.update(bytes)), { ...options, file: name, sizeBytes: size }, sink, afterChunk);
    } catch (error) {
      // Whatever happened, this file is reported and the others' results are kept: --json stays one valid document.
      result = unreadable(name, error);
    }
    testBytes?.flush();
    if (bar !== null) {
      bar.update(size);
      bar.finish(`read in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    results.push(result);
  }
  const rejected: Rejection[] = results.flatMap((r) => r.rejected);
  if (json) {
    tests.flush();
    const kinds = [...new Set(results.map((r) => r.kind))];
    write(
      `],"athletes":${JSON.stringify(athletes)},"workouts":${JSON.stringify(workouts)},"rejected":${JSON.stringify(rejected)},"kind":${JSON.stringify(kinds.length === 1 ? kinds[0] : 'mixed')},` +
        `"summary":${JSON.stringify(results.length === 1 ? results[0]!.summary : { files: results.map((r) => r.summary) })}}\n`,
    );
  } else {
    for (const r of results) write(formatSummary(r));
  }
  // Loaded only for --plot: every other run spares ECharts (startup time and memory).
  if (plotFile !== undefined) await (await import('./plot-file.ts')).writePlot(plotFile, plots);
  return results.some((r) => r.refused) ? 1 : 0;
}
