/**
 * Worker thread of analyze-file.ts that analyses the mapped rows in file order (the Analyzer's ordered
 * stage) while map-worker.ts tokenizes and maps them. It runs off the main thread for memory: V8 grows a
 * thread's young generation when objects survive, as the rows kept while the date order is undecided do,
 * and a worker's young generation can be capped (the main thread's only by node flags).
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { RowFacts, type RowProblem } from '../formats/test-row.ts';
import { CsvRowAccess } from '../formats/row-access.ts';
import { Analyzer } from './analyzer.ts';
import { FactsDecoder, FactsEncoder, SLOTS } from './facts-batch.ts';
import { WORKER_YOUNG_GENERATION_MB, type AnalyzeWorkerData, type MapWorkerData } from './thread-protocol.ts';

const BATCH_ROWS = 4096;
/** Batches in flight: enough for the map worker never to wait on a busy moment of this thread. */
const RING_BATCHES = 8;
const TESTS_PER_MESSAGE = 2048;
/** Batches of tests posted and not yet written by the main thread (output back-pressure). */
const MAX_MESSAGES_IN_FLIGHT = 4;

interface BatchMessage {
  slot: number;
  rows: number;
  strings: string[];
  reset: boolean;
  problems: RowProblem[];
}

const data = workerData as AnalyzeWorkerData;
const written = new Int32Array(data.written);
let posted = 0;
/**
 * With `json`, the distinct tests go to the main thread as finalised facts (rows of doubles again), where
 * they become TestRecords and JSON: serializing is the largest part of --json (2.6 s at 1M tests), this
 * thread was the bottleneck with it, and the main thread is otherwise idle.
 */
const tests = new FactsEncoder();
let out = new Float64Array(TESTS_PER_MESSAGE * SLOTS);
let count = 0;
function addTest(f: RowFacts): void {
  if (count === 0) tests.startBatch();
  tests.facts(out, count * SLOTS, f);
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
  const { strings, reset } = tests.takeBatch();
  parentPort!.postMessage({ tests: out.buffer, count, strings, reset }, [out.buffer]);
  out = new Float64Array(TESTS_PER_MESSAGE * SLOTS);
  count = 0;
}

const analyzer = new Analyzer(data.options, data.json ? { testFacts: addTest } : {});
const sniffed = analyzer.sniff(data.head);
if (sniffed === null) throw new Error('analyze worker: the head is no longer a CSV of tests');
const { layout, bom } = sniffed;

const ring = new SharedArrayBuffer(RING_BATCHES * BATCH_ROWS * SLOTS * 8);
const control = new SharedArrayBuffer(4);
const mapData: MapWorkerData = {
  path: data.path,
  start: bom ? 3 : 0,
  layout,
  mapOptions: { file: data.options.file, asymmetryFormula: data.options.asymmetryFormula },
  ring,
  control,
  batchRows: BATCH_ROWS,
  ringBatches: RING_BATCHES,
};
const mapper = new Worker(new URL('./map-worker.ts', import.meta.url), {
  workerData: mapData,
  resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
});

const rows = new Float64Array(ring);
const consumed = new Int32Array(control);
const decoder = new FactsDecoder((id) => analyzer.athlete(id));
const facts = new RowFacts();
const dateColumn = new CsvRowAccess(layout.mapping);

function onBatch(batch: BatchMessage): void {
  decoder.addStrings(batch.strings, batch.reset);
  const base = batch.slot * BATCH_ROWS * SLOTS;
  for (let i = 0; i < batch.rows; i++) {
    const at = base + i * SLOTS;
    analyzer.countRow();
    const problem = decoder.problemIndex(rows, at);
    if (problem >= 0) analyzer.reject(batch.problems[problem]!);
    else {
      decoder.facts(rows, at, facts);
      analyzer.acceptFacts(facts, dateColumn);
    }
  }
  Atomics.add(consumed, 0, 1);
  Atomics.notify(consumed, 0);
}

let done = false;
mapper.on('message', (m: BatchMessage | { done: true }) => {
  if (!('done' in m)) {
    onBatch(m);
    return;
  }
  done = true;
  const result = analyzer.end();
  postTests();
  parentPort!.postMessage({ result });
});
mapper.on('error', (error) => {
  throw error;
});
mapper.on('exit', (code) => {
  if (!done) throw new Error(`the CSV worker stopped (exit code ${code})`);
});
