/**
 * Worker thread of mapped-rows.ts: tokenizes and maps the rows of its blocks of one CSV file (the per-row
 * work that does not depend on other rows: three quarters of the run time) and writes them, in file
 * order, into a ring of batches shared with the consuming thread, waiting when the ring is full.
 */
import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { ByteCsvReader } from '../csv/byte-csv-reader.ts';
import { CsvRowAccess } from '../formats/row-access.ts';
import { RowFacts, TestRowMapper } from '../formats/test-row.ts';
import { CsvRowStage } from './csv-row-stage.ts';
import { FactsEncoder, SLOTS } from './facts-batch.ts';
import { blockDecoded, blockStart, isMainBlock, readBlock, type MapWorkerData } from './thread-protocol.ts';
import { asFileFault, faultMessage } from './file-fault.ts';
import { TextDecoding } from './text-decoding.ts';

const data = workerData as MapWorkerData;
const ring = new Float64Array(data.ring);
/** [0]: batches the consuming thread has finished with. */
const control = new Int32Array(data.control);
const { batchRows, ringBatches, layout, size, start, blocks } = data;

const mapper = new TestRowMapper(data.mapOptions);
const access = new CsvRowAccess(layout.mapping);
/** Header and title lines are in block 0 (blocks are at least as large as the sniffed head). */
const firstStage = new CsvRowStage(layout, access);
const laterStage = new CsvRowStage({ ...layout, headerLine: 0 }, access);
let stage = firstStage;
const encoder = new FactsEncoder();
let produced = 0;
let rows = 0;
let base = 0;
/** The file offset read up to, sent with each batch for progress. */
let readTo = 0;

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

function send(blockLines?: number): void {
  parentPort!.postMessage({ slot: produced % ringBatches, rows, readTo, ...encoder.takeBatch(), ...(blockLines === undefined ? {} : { blockLines }) });
  produced++;
  rows = 0;
}

const fd = openSync(data.path, 'r');
// One buffer for every read: the reader copies what it keeps of a chunk (an unfinished record).
const chunk = Buffer.allocUnsafe(1 << 20);

/** One reader for every block, restarted at each (see ByteCsvReader.restart). */
const reader = new ByteCsvReader(layout.delimiter, onRecord, layout.delimiter !== ',');

/** Tokenizes and maps block b; false when its end is inside a record (see readBlock). */
function mapBlock(b: number): boolean {
  stage = b === 0 ? firstStage : laterStage;
  reader.restart();
  const from = blockStart(fd, chunk, blocks, start, size, b);
  const decoding = new TextDecoding();
  if (!readBlock(fd, chunk, reader, from, blockStart(fd, chunk, blocks, start, size, b + 1), size, (offset) => (readTo = offset), decoding)) return false;
  // A block that is not UTF-8 sends the file to be read in order (thread-protocol.ts).
  if (!blockDecoded(decoding)) return false;
  send(reader.linesRead);
  awaitSlot();
  return true;
}

function onRecord(record: Parameters<CsvRowStage['row']>[0]): void {
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
}

try {
  awaitSlot();
  for (let b = 0; b < blocks.count; b++) {
    if (isMainBlock(blocks, b)) continue;
    if (!mapBlock(b)) {
      parentPort!.postMessage({ straddle: true });
      break;
    }
  }
} catch (error) {
  const fault = asFileFault(error);
  if (fault === null) throw error;
  // The rows read before the fault, then the fault: the consuming side keeps the order.
  send();
  parentPort!.postMessage({ fault: faultMessage(fault) });
} finally {
  closeSync(fd);
}
