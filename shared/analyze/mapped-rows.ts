/**
 * The consuming side of map-worker.ts, for the threaded summary: one map worker tokenizes and maps rows of
 * a CSV file (the per-row work that does not depend on other rows: three quarters of the run time) and this
 * thread takes them in file order, with absolute line numbers.
 *
 * The file is cut into blocks of BLOCK_BYTES at line ends (BlockPlan) and this thread reads
 * every MAIN_EVERY-th block itself, straight into the analysis (no encoding), while the worker maps the
 * others: two cores busy with one worker, where a second worker cost 30-50 MB more (compact-1M).
 *
 * A cut at a line end inside a quoted field makes the block before it end with an unfinished record: the
 * result is then 'straddle' (nothing is wrong with the file), and the caller reads it sequentially instead.
 */
import { closeSync, openSync } from 'node:fs';
import type { ByteCsvReader } from '../csv/byte-csv-reader.ts';
import type { CsvLayout } from '../formats/detect.ts';
import { RowFacts, type Athlete, type MapOptions, type RowProblem } from '../formats/test-row.ts';
import { FactsDecoder, SLOTS } from './facts-batch.ts';
import { blockDecoded, blockStart, isMainBlock, readBlock, startWorker, type BatchMessage, type BlockPlan, type FaultMessage, type MapWorkerData } from './thread-protocol.ts';
import { asFileFault, type FileFault } from './file-fault.ts';
import { TextDecoding } from './text-decoding.ts';

/** At least the sniffed head (1 MB), so that header and title lines are all in block 0. */
export const BLOCK_BYTES = 2 * 1024 * 1024;
/**
 * This thread maps one block in MAIN_EVERY: it also decodes and analyses every row, so an even
 * share would leave the worker idle (compact-1M: worker 2/3, this thread 1/3 are about as busy).
 */
const MAIN_EVERY = 3;
const BATCH_ROWS = 2048;
/** Batches in flight: about one and a half blocks, for the worker to go on while this thread reads its own block. */
const RING_BATCHES = 10;

export interface MappedRowsSink {
  athlete(id: string): Athlete;
  /** A row mapped by the worker, in file order (header, title and blank lines are not rows). */
  row(facts: RowFacts): void;
  problem(p: RowProblem): void;
  /** A reader whose records the sink analyses itself (this thread's blocks), the first numbered `firstLine`. */
  reader(firstLine: number): ByteCsvReader;
  /** The file offset the rows handed over so far were read up to (for a progress bar). */
  progress?(offset: number): void;
}

export interface MapJob {
  path: string;
  /** Offset of the first byte after a BOM. */
  start: number;
  size: number;
  layout: CsvLayout;
  mapOptions: MapOptions;
}

/**
 * Resolves when every row was handed to `sink`, with 'straddle' (see above), or with the FileFault that broke
 * the file off (the rows before it were handed over).
 */
export function mapRows(job: MapJob, sink: MappedRowsSink): Promise<'done' | 'straddle' | FileFault> {
  const bytes = BLOCK_BYTES;
  const plan: BlockPlan = { bytes, count: Math.max(1, Math.ceil((job.size - job.start) / bytes)), mainEvery: MAIN_EVERY };
  const ring = new SharedArrayBuffer(RING_BATCHES * BATCH_ROWS * SLOTS * 8);
  const control = new SharedArrayBuffer(4);
  const data: MapWorkerData = { ...job, blocks: plan, ring, control, batchRows: BATCH_ROWS, ringBatches: RING_BATCHES };
  const worker = startWorker(new URL('./map-worker.ts', import.meta.url), data);
  const rows = new Float64Array(ring);
  const consumed = new Int32Array(control);
  const decoder = new FactsDecoder((id) => sink.athlete(id));
  const facts = new RowFacts();
  const queue: (BatchMessage | FaultMessage)[] = [];
  const fd = openSync(job.path, 'r');
  const chunk = Buffer.allocUnsafe(1 << 20);
  let block = 0;
  let lineOffset = 0;

  /** Analyses one of the worker's batches; true when it ends a block. */
  const consume = (batch: BatchMessage): boolean => {
    decoder.addStrings(batch.strings, batch.reset);
    const base = batch.slot * BATCH_ROWS * SLOTS;
    for (let i = 0; i < batch.rows; i++) {
      const at = base + i * SLOTS;
      const problem = decoder.problemIndex(rows, at);
      if (problem >= 0) {
        const p = batch.problems[problem]!;
        p.line += lineOffset;
        sink.problem(p);
      } else {
        decoder.facts(rows, at, facts);
        facts.line += lineOffset;
        sink.row(facts);
      }
    }
    Atomics.add(consumed, 0, 1);
    Atomics.notify(consumed, 0);
    sink.progress?.(batch.readTo);
    if (batch.blockLines === undefined) return false;
    lineOffset += batch.blockLines;
    return true;
  };
  /** Reads one of this thread's blocks into the sink's own reader; false on a straddle. */
  const readOwn = (b: number): boolean => {
    const reader = sink.reader(lineOffset + 1);
    const from = blockStart(fd, chunk, plan, job.start, job.size, b);
    const decoding = new TextDecoding();
    if (!readBlock(fd, chunk, reader, from, blockStart(fd, chunk, plan, job.start, job.size, b + 1), job.size, sink.progress, decoding)) return false;
    if (!blockDecoded(decoding)) return false;
    lineOffset += reader.linesRead;
    return true;
  };

  return new Promise<'done' | 'straddle' | FileFault>((resolve, reject) => {
    let settled = false;
    const stop = (outcome: 'done' | 'straddle' | Error) => {
      if (settled) return;
      settled = true;
      closeSync(fd);
      if (outcome !== 'done') void worker.terminate();
      const fault = asFileFault(outcome);
      if (fault !== null) resolve(fault);
      else if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    /** Analyses the blocks due, in order, as far as the worker's batches have come. */
    const pump = () => {
      while (block < plan.count) {
        if (isMainBlock(plan, block)) {
          if (!readOwn(block)) return stop('straddle');
        } else {
          const batch = queue.shift();
          if (batch === undefined) return;
          if ('fault' in batch) return stop(asFileFault(batch.fault)!);
          if (!consume(batch)) continue;
        }
        block++;
      }
      stop('done');
    };
    worker.on('message', (message: BatchMessage | FaultMessage | { straddle: true }) => {
      if (settled) return;
      if ('straddle' in message) return stop('straddle');
      queue.push(message);
      try {
        pump();
      } catch (error) {
        stop(error as Error);
      }
    });
    worker.on('error', (error) => stop(error));
    worker.on('exit', (code) => {
      if (!settled) stop(new Error(`the CSV worker stopped (exit code ${code}) before the end of the file`));
    });
  });
}
