/**
 * Worker thread of analyze-file.ts that analyses the mapped rows in file order (the Analyzer's ordered
 * stage) while map-worker.ts tokenizes and maps them. It runs off the main thread for memory: V8 grows a
 * thread's young generation when objects survive, as the rows kept while the date order is undecided do,
 * and a worker's young generation can be capped (the main thread's only by node flags).
 * With `json`, it serializes the tests and posts the text in ~1 MB pieces, waiting for the main thread to
 * have written them (output back-pressure).
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { RowFacts, type RowProblem } from '../formats/test-row.ts';
import { CsvRowAccess } from '../formats/row-access.ts';
import { JsonArrayWriter, serializeTest } from '../output/json-test-writer.ts';
import type { TestRecord } from '../model/test-record.ts';
import { Analyzer } from './analyzer.ts';
import { FactsDecoder, SLOTS } from './facts-batch.ts';
import { WORKER_YOUNG_GENERATION_MB, type AnalyzeWorkerData, type MapWorkerData } from './thread-protocol.ts';

const BATCH_ROWS = 4096;
/** Batches in flight: enough for the map worker never to wait on a busy moment of this thread. */
const RING_BATCHES = 8;
/** JSON pieces posted and not yet written by the main thread. */
const MAX_PIECES_IN_FLIGHT = 4;

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
/** Serialized tests, posted as ~1 MB texts (one flat string each: cheap to copy to the main thread). */
const writer = new JsonArrayWriter<TestRecord>((text) => {
  for (;;) {
    const done = Atomics.load(written, 0);
    if (posted - done < MAX_PIECES_IN_FLIGHT) break;
    Atomics.wait(written, 0, done);
  }
  posted++;
  parentPort!.postMessage({ json: text });
}, serializeTest);

const analyzer = new Analyzer(data.options, data.json ? { test: (t) => writer.add(t) } : {});
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
  writer.flush();
  parentPort!.postMessage({ result });
});
mapper.on('error', (error) => {
  throw error;
});
mapper.on('exit', (code) => {
  if (!done) throw new Error(`the CSV worker stopped (exit code ${code})`);
});
