/**
 * `analyze --json` of a large CSV export on disk, on three threads: map-worker.ts tokenizes and maps the
 * rows; analyze-worker.ts takes them in file order and does what depends on the rows before (date order,
 * de-duplication, summary) with the very Analyzer that analyses a stream; this thread turns the distinct
 * tests it hands back into TestRecords and JSON. The output is the same as the streaming path's, byte for
 * byte; the time is that of the busiest thread rather than the sum (compact-1M: 7.4-9.4 s -> 4.5-4.9 s on
 * 2 cores).
 *
 * Only for plain CSV exports of tests read from a file path: anything else (small, gzip, trace, roster,
 * JSON, an AthleteResolver that cannot cross threads) answers null, for the ordinary streaming path.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { Analyzer, type AnalyzeOptions, type AnalyzeResult } from './analyzer.ts';
import { WORKER_YOUNG_GENERATION_MB, type AnalyzeWorkerData } from './thread-protocol.ts';
import { FactsDecoder, SLOTS } from './facts-batch.ts';
import { RowFacts, TestRowMapper } from '../formats/test-row.ts';
import type { TestRecord } from '../model/test-record.ts';
import { JsonBytesWriter, serializeTest } from '../output/json-test-writer.ts';
import { detectTrace } from '../trace-formats/index.ts';

/** Below this, starting two workers (~0.2 s) costs more than it saves (compact-100k, 16 MB: 0.96 s -> 1.06 s). */
export const MIN_THREADED_BYTES = 32 * 1024 * 1024;
/** As much as the CLI's first read: the Analyzer's checks of the head (a NUL byte anywhere in it) see the same bytes. */
const HEAD_BYTES = 1 << 20;
export interface ThreadedSink {
  /**
   * Serialized tests (serializeTest), in file order, in ~1 MB pieces for JsonArrayWriter.addSerialized;
   * the next piece waits for the returned promise. Without it no test is serialized.
   */
  json?(piece: Uint8Array): Promise<void> | void;
}

const isGzip = (head: Buffer) => head[0] === 0x1f && head[1] === 0x8b;

/** Analyses the file at `path` on worker threads, or answers null when the ordinary path should (see above). */
export async function analyzeFileThreaded(path: string, options: AnalyzeOptions, sink: ThreadedSink): Promise<AnalyzeResult | null> {
  // Without serialization the summary alone is no faster on threads (compact-1M: 3.3-3.5 s against
  // 3.1-3.2 s on one thread: the mapping thread is the bottleneck and two workers cost their start and
  // 25 MB each), so it stays on one thread.
  if (sink.json === undefined || options.resolveAthlete !== undefined) return null;
  const head = readHead(path);
  if (head === null || isGzip(head) || detectTrace(head) !== null) return null;
  if (new Analyzer(options, {}).sniff(head) === null) return null;

  const written = new SharedArrayBuffer(4);
  const data: AnalyzeWorkerData = {
    path,
    head,
    options: { file: options.file, dateOrder: options.dateOrder, asymmetryFormula: options.asymmetryFormula, maxJsonBytes: options.maxJsonBytes },
    json: sink.json !== undefined,
    written,
  };
  const worker = new Worker(new URL('./analyze-worker.ts', import.meta.url), {
    workerData: data,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  const writtenCount = new Int32Array(written);
  const mapper = new TestRowMapper({ file: options.file, asymmetryFormula: options.asymmetryFormula });
  const decoder = new FactsDecoder((id) => mapper.athlete(id));
  const facts = new RowFacts();
  const pieces: Buffer[] = [];
  const writer = new JsonBytesWriter<TestRecord>((piece) => pieces.push(piece), serializeTest);
  /** Serializes one batch of finalised tests and hands the bytes on, after the previous batch's. */
  const writeTests = async (m: TestsMessage): Promise<void> => {
    decoder.addStrings(m.strings, m.reset);
    const rows = new Float64Array(m.tests);
    for (let i = 0; i < m.count; i++) {
      decoder.facts(rows, i * SLOTS, facts);
      writer.add(mapper.record(facts));
    }
    for (const piece of pieces.splice(0)) await sink.json?.(piece);
    Atomics.add(writtenCount, 0, 1);
    Atomics.notify(writtenCount, 0);
  };
  let writing: Promise<void> = Promise.resolve();
  return new Promise<AnalyzeResult>((resolve, reject) => {
    let result: AnalyzeResult | null = null;
    worker.on('message', (m: TestsMessage | { result: AnalyzeResult }) => {
      if ('tests' in m) writing = writing.then(() => writeTests(m));
      else result = m.result;
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (result === null) reject(new Error(`the analysis worker stopped (exit code ${code})`));
      else
        writing.then(async () => {
          writer.flush();
          for (const piece of pieces.splice(0)) await sink.json?.(piece);
          resolve(result!);
        }, reject);
    });
  });
}

interface TestsMessage {
  tests: ArrayBuffer;
  count: number;
  strings: string[];
  reset: boolean;
}

function readHead(path: string): Buffer | null {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size < MIN_THREADED_BYTES) return null;
    const head = Buffer.alloc(HEAD_BYTES);
    return head.subarray(0, readSync(fd, head, 0, HEAD_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}
