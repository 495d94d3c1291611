/**
 * Worker thread of analyze-file.ts that analyses the mapped rows in file order (the Analyzer's ordered
 * stage) while map-worker.ts tokenizes and maps them. It runs off the main thread for memory: V8 grows a
 * thread's young generation when objects survive, as the rows kept while the date order is undecided do,
 * and a worker's young generation can be capped (the main thread's only by node flags).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RowFacts } from '../formats/test-row.ts';
import { CsvRowAccess } from '../formats/row-access.ts';
import { Analyzer } from './analyzer.ts';
import { FactsEncoder, SLOTS } from './facts-batch.ts';
import { mapRows } from './mapped-rows.ts';
import type { AnalyzeWorkerData } from './thread-protocol.ts';
import { FileFault } from './file-fault.ts';
import type { TextEncoding } from './text-decoding.ts';
import { JsonBytesWriter, serializeTest } from '../output/json-test-writer.ts';
import type { TestRecord } from '../model/test-record.ts';

const TESTS_PER_MESSAGE = 2048;
/** Batches of tests posted and not yet written by the main thread (output back-pressure). */
const MAX_MESSAGES_IN_FLIGHT = 4;
/**
 * One batch in SERIALIZE_EVERY is serialized here and posted as JSON bytes; the others go to the main thread
 * as finalised facts (rows of doubles again), where they become TestRecords and JSON. Serializing is the
 * largest part of --json: on the main thread alone it bounded the run while this thread waited half the
 * time, and a batch serialized here is not encoded, posted and decoded (iso-1M on 2 cores: see README).
 */
const SERIALIZE_EVERY = 2;

const data = workerData as AnalyzeWorkerData;
const written = new Int32Array(data.written);
let posted = 0;
const tests = new FactsEncoder();
let out = new Float64Array(TESTS_PER_MESSAGE * SLOTS);
let count = 0;
/** Whether the batch being filled is serialized here (see SERIALIZE_EVERY). */
let serializing = false;
const pieces: Buffer[] = [];
const json = new JsonBytesWriter<TestRecord>((piece) => pieces.push(piece), serializeTest);
function addTest(f: RowFacts): void {
  if (count === 0) {
    serializing = posted % SERIALIZE_EVERY === SERIALIZE_EVERY - 1;
    if (!serializing) tests.startBatch();
  }
  if (serializing) json.add(analyzer.record(f));
  else tests.facts(out, count * SLOTS, f);
  if (++count === TESTS_PER_MESSAGE) postTests();
}
function postTests(): void {
  if (count === 0) return;
  for (;;) {
    const done = Atomics.load(written, 0);
    if (posted - done < MAX_MESSAGES_IN_FLIGHT) break;
    Atomics.wait(written, 0, done);
  }
  posted++;
  if (serializing) {
    json.flush();
    const batch = pieces.splice(0);
    parentPort!.postMessage({ json: batch }, batch.map((piece) => piece.buffer as ArrayBuffer));
  } else {
    const { strings, reset } = tests.takeBatch();
    parentPort!.postMessage({ tests: out.buffer, count, strings, reset }, [out.buffer]);
    out = new Float64Array(TESTS_PER_MESSAGE * SLOTS);
  }
  count = 0;
}

const analyzer = new Analyzer(data.options, data.json ? { testFacts: addTest } : {});
const sniffed = analyzer.sniff(data.head, data.head.length === data.size);
if (sniffed === null) throw new Error('analyze worker: the head is no longer a CSV of tests');
const { layout, bom } = sniffed;
const dateColumn = new CsvRowAccess(layout.mapping);

/** Progress goes to the main thread in steps of PROGRESS_STEP bytes read. */
const PROGRESS_STEP = 1 << 20;
let reported = 0;
const progress = (offset: number): void => {
  if (offset - reported < PROGRESS_STEP) return;
  reported = offset;
  parentPort!.postMessage({ progress: offset });
};

// One map worker, reading the whole file: with --json this thread and the main one are busy as well.
let encoding: TextEncoding = 'utf-8';
const outcome = await mapRows(
  { path: data.path, start: bom ? 3 : 0, size: data.size, layout, mapOptions: { file: data.options.file, asymmetryFormula: data.options.asymmetryFormula, requireTestType: layout.kind === 'vald-api-tests' } },
  false,
  { ...analyzer.mappedRowSink(dateColumn), progress, encoding: (e) => (encoding = e) },
);
if (outcome instanceof FileFault) analyzer.fault(outcome);
const result = analyzer.end();
result.summary.format.encoding = encoding;
postTests();
// Lazy on this thread, an array across it (the structured clone copies own data, not iterators).
parentPort!.postMessage({ result: { ...result, latest: [...result.latest] } });
