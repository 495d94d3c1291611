/**
 * Worker thread of analyze-file.ts for `analyze --json`: the streaming Analyzer over the file (the very path
 * `--threads 1` takes), its distinct tests handed to the main thread as finalised facts, which that thread
 * serializes (TestJsonBytes) and writes.
 *
 * Two threads on two cores. This one is the longer: since tests are serialized straight from their facts
 * (about three quarters of JSON.stringify's CPU), serializing one batch in eight here as well, as before,
 * made the run 1.16x as long (iso-1M, paired medians). A third thread, a map worker tokenizing and mapping the rows for
 * this one, cost more than it gave: every row was encoded, posted and decoded once more (iso-1M: 9.1 s of
 * CPU on 2 cores, paired median wall 0.94x for two threads, peak RSS 193 against 203 MB).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RowFacts } from '../formats/test-row.ts';
import { analyzeStream } from './analyzer.ts';
import { FactsEncoder, SLOTS } from './facts-batch.ts';
import { csvExportChunks } from './file-chunks.ts';
import { MAX_MESSAGES_IN_FLIGHT, TEST_RING_BATCHES, TESTS_PER_MESSAGE, type AnalyzeWorkerData } from './thread-protocol.ts';

const data = workerData as AnalyzeWorkerData;
const written = new Int32Array(data.written);
let posted = 0;
const tests = new FactsEncoder();
/**
 * Batch n is filled in ring slot n % TEST_RING_BATCHES: when it is, batches up to n − TEST_RING_BATCHES have
 * been written (postTests waits for that), so its slot is free. A fresh 640 KB array a batch, handed over,
 * stayed allocated until the main thread's next full GC.
 */
const BATCH_DOUBLES = TESTS_PER_MESSAGE * SLOTS;
const ring = new Float64Array(data.ring);
let out = ring.subarray(0, BATCH_DOUBLES);
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
  parentPort!.postMessage({ slot: (posted - 1) % TEST_RING_BATCHES, count, strings, reset });
  const next = posted % TEST_RING_BATCHES;
  out = ring.subarray(next * BATCH_DOUBLES, (next + 1) * BATCH_DOUBLES);
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
