/**
 * Worker thread of analyze-file.ts for `analyze --json`: the streaming Analyzer over the file (the very path
 * `--threads 1` takes), its distinct tests handed to the main thread as finalised facts, which that thread
 * serializes and writes (but for one batch in eight, serialized here: see SERIALIZE_EVERY).
 *
 * Two threads on two cores, about equally busy (iso-1M: 3.5 and 3.6 s of CPU). A third, a map worker
 * tokenizing and mapping the rows for this one, kept both cores busy but cost more than it gave: every row
 * was encoded, posted and decoded once more, and the three threads used 9.1 s of CPU (iso-1M, paired median
 * wall 0.94x, CPU 0.94x, peak RSS 193 against 203 MB).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TestRowMapper, type RowFacts } from '../formats/test-row.ts';
import { JsonBytesWriter, serializeTest } from '../output/json-test-writer.ts';
import type { TestRecord } from '../model/test-record.ts';
import { analyzeStream } from './analyzer.ts';
import { FactsEncoder, SLOTS } from './facts-batch.ts';
import { csvExportChunks } from './file-chunks.ts';
import type { AnalyzeWorkerData } from './thread-protocol.ts';

const TESTS_PER_MESSAGE = 2048;
/** Batches of tests posted and not yet written by the main thread (output back-pressure). */
const MAX_MESSAGES_IN_FLIGHT = 4;

const data = workerData as AnalyzeWorkerData;
const written = new Int32Array(data.written);
let posted = 0;
/**
 * The distinct tests go to the main thread as finalised facts (rows of doubles again), where they become
 * TestRecords and JSON, but for one batch in SERIALIZE_EVERY, serialized here and posted as JSON bytes.
 * Serializing is the largest part of --json (JSON.stringify ~2.3 us a test): on the main thread alone it
 * bounds the run while this thread waits ~13 % of its time; a batch serialized here is not encoded,
 * posted and decoded. One in four made this thread the longer one (iso-1M: 4.2 vs 3.2 s of CPU); one in
 * eight: paired median wall 0.96x of none (one in six: 1.00x).
 */
const SERIALIZE_EVERY = 8;
const tests = new FactsEncoder();
let out = new Float64Array(TESTS_PER_MESSAGE * SLOTS);
let count = 0;
/** Whether the batch being filled is serialized here. */
let serializing = false;
const pieces: Buffer[] = [];
const json = new JsonBytesWriter<TestRecord>((piece) => pieces.push(piece), serializeTest);
/** Builds the TestRecords of the batches serialized here (record() needs only the facts and the file's options). */
const records = new TestRowMapper({ file: data.options.file, asymmetryFormula: data.options.asymmetryFormula });
function addTest(f: RowFacts): void {
  if (count === 0) {
    serializing = posted % SERIALIZE_EVERY === SERIALIZE_EVERY - 1;
    if (!serializing) tests.startBatch();
  }
  if (serializing) json.add(records.record(f));
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

/** Progress goes to the main thread in steps of PROGRESS_STEP bytes read. */
const PROGRESS_STEP = 1 << 20;
async function* reporting(chunks: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  let read = 0;
  let reported = 0;
  for await (const chunk of chunks) {
    read += chunk.length;
    if (read - reported >= PROGRESS_STEP) {
      reported = read;
      parentPort!.postMessage({ progress: read });
    }
    yield chunk;
  }
}

const chunks = csvExportChunks(data.path, data.options);
if (chunks === null) throw new Error('analyze worker: the file is no longer a plain CSV export of tests');
const result = await analyzeStream(reporting(chunks), data.options, { testFacts: addTest });
postTests();
// Lazy on this thread, an array across it (the structured clone copies own data, not iterators).
parentPort!.postMessage({ result: { ...result, latest: [...result.latest] } });
