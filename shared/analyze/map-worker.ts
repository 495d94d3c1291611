/**
 * Worker thread of analyze-file.ts: tokenizes and maps the rows of one CSV file (the per-row work that
 * does not depend on other rows: three quarters of the run time) and writes them, in file order, into
 * a ring of batches shared with the analysing thread, waiting when the ring is full.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { ByteCsvReader } from '../csv/byte-csv-reader.ts';
import { CsvRowAccess } from '../formats/row-access.ts';
import { RowFacts, TestRowMapper } from '../formats/test-row.ts';
import { CsvRowStage } from './csv-row-stage.ts';
import { FactsEncoder, SLOTS } from './facts-batch.ts';
import type { MapWorkerData } from './thread-protocol.ts';

const data = workerData as MapWorkerData;
const ring = new Float64Array(data.ring);
/** [0]: batches the analysing thread has finished with. */
const control = new Int32Array(data.control);
const { batchRows, ringBatches, layout } = data;

const mapper = new TestRowMapper(data.mapOptions);
const stage = new CsvRowStage(layout, new CsvRowAccess(layout.mapping));
const encoder = new FactsEncoder();
let produced = 0;
let rows = 0;
let base = 0;

/** Waits until the batch slot about to be written is free again. */
function awaitSlot(): void {
  for (;;) {
    const consumed = Atomics.load(control, 0);
    if (produced - consumed < ringBatches) break;
    Atomics.wait(control, 0, consumed);
  }
  base = (produced % ringBatches) * batchRows * SLOTS;
  encoder.startBatch();
}

function send(): void {
  parentPort!.postMessage({ slot: produced % ringBatches, rows, ...encoder.takeBatch() });
  produced++;
  rows = 0;
}

awaitSlot();
const reader = new ByteCsvReader(
  layout.delimiter,
  (record) => {
    const row = stage.row(record);
    if (row === null) return;
    const at = base + rows * SLOTS;
    if ('code' in row) encoder.problem(ring, at, row);
    else {
      const facts = mapper.map(row);
      if (facts instanceof RowFacts) encoder.facts(ring, at, facts);
      else encoder.problem(ring, at, facts);
    }
    if (++rows === batchRows) {
      send();
      awaitSlot();
    }
  },
  layout.delimiter !== ',',
);

const fd = openSync(data.path, 'r');
try {
  // One buffer for every read: the reader copies what it keeps of a chunk (an unfinished record).
  const chunk = Buffer.allocUnsafe(1 << 20);
  let position = data.start;
  for (;;) {
    const n = readSync(fd, chunk, 0, chunk.length, position);
    if (n === 0) break;
    position += n;
    reader.push(n === chunk.length ? chunk : chunk.subarray(0, n));
  }
  reader.end();
} finally {
  closeSync(fd);
}
send();
parentPort!.postMessage({ done: true });
