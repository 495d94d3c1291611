/**
 * A large CSV export on disk, analysed on two threads with the very Analyzer that analyses a
 * stream; the output is the same as the streaming path's, byte for byte.
 *
 * `analyze --json`: analyze-worker.ts runs the streaming Analyzer over the file and hands the distinct
 * tests back as finalised facts, which this thread writes as JSON (TestJsonBytes: the bytes JSON.stringify
 * gives of each TestRecord, written from the facts; see analyze-worker.ts for the split between the threads).
 *
 * The summary alone: this thread does the ordered part and maps one block of the file in three, one map
 * worker the other two (mapped-rows.ts; compact-1M: 3.3-3.5 s -> 2.1-2.5 s on 2 cores).
 *
 * Only for plain CSV exports of tests read from a file path, of at least MIN_THREADED_BYTES and
 * MIN_THREADED_ROWS: anything else (smaller, gzip, trace, roster, JSON, an AthleteResolver that cannot cross
 * threads) answers null, for the ordinary streaming path.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Analyzer, type AnalyzeOptions, type AnalyzeResult } from './analyzer.ts';
import { startWorker, TEST_RING_BATCHES, TESTS_PER_MESSAGE, type AnalyzeWorkerData } from './thread-protocol.ts';
import { FactsDecoder, SLOTS } from './facts-batch.ts';
import { mapRows } from './mapped-rows.ts';
import { CsvRowAccess } from '../formats/row-access.ts';
import { RowFacts, TestRowMapper } from '../formats/test-row.ts';
import type { TestRecord } from '../model/test-record.ts';
import { JsonBytesWriter } from '../output/json-test-writer.ts';
import { TestJsonBytes } from '../output/test-json-bytes.ts';
import { detectTrace } from '../trace-formats/detect-trace.ts';
import { estimateCsvRows } from './row-estimate.ts';
import { completeUtf8End } from './text-decoding.ts';

/** Below this, starting two workers (~0.2 s) costs more than it saves (compact-100k, 16 MB: 0.96 s -> 1.06 s). */
export const MIN_THREADED_BYTES = 32 * 1024 * 1024;
/**
 * Nor below this many rows, whatever the bytes: the gain grows with rows, the cost (a V8 isolate, ~20-40 MB)
 * does not. Summary, auto vs one thread: full-100k (72 columns, 83 MB) 0.61 vs 0.67 s for 137 vs 99 MB;
 * compact-300k 0.72 vs 0.93 s; full-300k 1.17 vs 1.81 s.
 */
export const MIN_THREADED_ROWS = 150_000;
/** As much as the CLI's first read: the Analyzer's checks of the head (a NUL byte anywhere in it) see the same bytes. */
const HEAD_BYTES = 1 << 20;
export interface ThreadedSink {
  /**
   * Serialized tests (JSON.stringify of each TestRecord, byte for byte), in file order, in ~1 MB pieces for
   * JsonArrayWriter.addSerialized; the next piece waits for the returned promise, and the piece's bytes are
   * reused once it resolves (write them or copy them before). Without it no test is serialized.
   */
  json?(piece: Uint8Array): Promise<void> | void;
  /** The file offset read up to, now and then (for a progress bar). */
  progress?(offset: number): void;
}

const isGzip = (head: Buffer) => head[0] === 0x1f && head[1] === 0x8b;

/** Analyses the file at `path` on worker threads, or answers null when the ordinary path should (see above). */
export async function analyzeFileThreaded(path: string, options: AnalyzeOptions, sink: ThreadedSink): Promise<AnalyzeResult | null> {
  if (options.resolveAthlete !== undefined) return null;
  const file = readHead(path);
  if (file === null || isGzip(file.head) || detectTrace(file.head) !== null) return null;
  const { head, size } = file;
  // Another encoding than UTF-8 in the first MB: the streaming path decodes it (text-decoding.ts).
  if (!isUtf8(head.subarray(0, completeUtf8End(head)))) return null;
  const sniffed = new Analyzer(options, {}).sniff(head, head.length === size);
  if (sniffed === null) return null;
  const rows = estimateCsvRows(head.subarray(sniffed.bom ? 3 : 0), sniffed.layout.headerLine, size - (sniffed.bom ? 3 : 0));
  if (rows === null || rows < MIN_THREADED_ROWS) return null;
  if (sink.json === undefined) return analyzeSummaryThreaded(path, head, size, options, sink.progress);

  const written = new SharedArrayBuffer(4);
  const ring = new SharedArrayBuffer(TEST_RING_BATCHES * TESTS_PER_MESSAGE * SLOTS * Float64Array.BYTES_PER_ELEMENT);
  const data: AnalyzeWorkerData = {
    path,
    options: {
      file: options.file,
      dateOrder: options.dateOrder,
      asymmetryFormula: options.asymmetryFormula,
      maxJsonBytes: options.maxJsonBytes,
      sizeBytes: size,
      uploadTimeMs: options.uploadTimeMs ?? Date.now(),
    },
    written,
    ring,
  };
  const worker = startWorker(new URL('./analyze-worker.ts', import.meta.url), data);
  const writtenCount = new Int32Array(written);
  const mapper = new TestRowMapper({ file: options.file, asymmetryFormula: options.asymmetryFormula });
  const decoder = new FactsDecoder((id) => mapper.athlete(id));
  const facts = new RowFacts();
  const pieces: Buffer[] = [];
  const writer = new JsonBytesWriter((piece) => pieces.push(piece), new TestJsonBytes(options));
  /**
   * Serializes one batch of finalised tests and hands on the pieces it filled, after the previous batch's;
   * then tells the worker the batch was written (back-pressure; its ring slot is free from here on).
   */
  const writeTests = async (m: TestsMessage): Promise<void> => {
    decoder.addStrings(m.strings, m.reset);
    const rows = new Float64Array(ring, m.slot * TESTS_PER_MESSAGE * SLOTS * Float64Array.BYTES_PER_ELEMENT, m.count * SLOTS);
    for (let i = 0; i < m.count; i++) {
      decoder.facts(rows, i * SLOTS, facts);
      writer.add(facts);
    }
    await writePieces();
    Atomics.add(writtenCount, 0, 1);
    Atomics.notify(writtenCount, 0);
  };
  const writePieces = async (): Promise<void> => {
    for (const piece of pieces.splice(0)) {
      await sink.json?.(piece);
      writer.recycle(piece);
    }
  };
  let writing: Promise<void> = Promise.resolve();
  return new Promise<AnalyzeResult>((resolve, reject) => {
    let result: AnalyzeResult | null = null;
    worker.on('message', (m: TestsMessage | { result: AnalyzeResult } | { progress: number }) => {
      if ('slot' in m) writing = writing.then(() => writeTests(m));
      else if ('progress' in m) sink.progress?.(m.progress);
      else result = m.result;
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (result === null) reject(new Error(`the analysis worker stopped (exit code ${code})`));
      else
        writing.then(async () => {
          writer.flush();
          await writePieces();
          resolve(result!);
        }, reject);
    });
  });
}

interface TestsMessage {
  /** The ring slot holding the batch's tests. */
  slot: number;
  count: number;
  strings: string[];
  reset: boolean;
}

/**
 * The summary alone (no --json): the Analyzer's ordered stage on this thread, the rows tokenized and mapped
 * by two map workers over alternate blocks of the file (mapped-rows.ts); null when a block boundary fell
 * inside a quoted field (the file is then read sequentially).
 */
async function analyzeSummaryThreaded(path: string, head: Buffer, size: number, options: AnalyzeOptions, progress?: (offset: number) => void): Promise<AnalyzeResult | null> {
  const analyzer = new Analyzer({ ...options, sizeBytes: size }, {});
  const sniffed = analyzer.sniff(head, head.length === size);
  if (sniffed === null) return null;
  const { layout, bom } = sniffed;
  const dateColumn = new CsvRowAccess(layout.mapping);
  const outcome = await mapRows(
    {
      path,
      start: bom ? 3 : 0,
      size,
      layout,
      mapOptions: { file: options.file, asymmetryFormula: options.asymmetryFormula, summaryOnly: options.summaryOnly, requireTestType: layout.kind === 'vald-api-tests' },
    },
    {
      ...analyzer.mappedRowSink(dateColumn),
      reader: (firstLine) => analyzer.csvReader(firstLine),
      ...(progress === undefined ? {} : { progress }),
    },
  );
  return outcome === 'done' ? analyzer.end() : null;
}

function readHead(path: string): { head: Buffer; size: number } | null {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size < MIN_THREADED_BYTES) return null;
    const head = Buffer.alloc(HEAD_BYTES);
    return { head: head.subarray(0, readSync(fd, head, 0, HEAD_BYTES, 0)), size: stat.size };
  } finally {
    closeSync(fd);
  }
}
