/** What analyze-file.ts and its workers share (a module of its own: the workers load no more than they use). */
import { readSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { ByteCsvReader } from '../csv/byte-csv-reader.ts';
import type { CsvLayout } from '../formats/detect.ts';
import type { MapOptions, RowProblem } from '../formats/test-row.ts';
import type { AnalyzeOptions } from './analyzer.ts';
import type { faultMessage } from './file-fault.ts';
import { TextDecoding } from './text-decoding.ts';

/**
 * The workers' young generation (MB). V8's default lets a thread's grow to 48 MB, all of it resident at
 * peak, for garbage that is a row's worth of short strings; 4 MB costs no measurable time (compact-1M:
 * summary 1.9-2.0 s and 3 MB less peak RSS than with 8; --json 4.1-4.4 s either way).
 */
export const WORKER_YOUNG_GENERATION_MB = 4;

/**
 * Starts a worker whose young generation is WORKER_YOUNG_GENERATION_MB. V8 flags are per process, and the
 * launcher's --max-semi-space-size (for the main thread) overrides any worker's resourceLimits: measured,
 * the map worker's new space stayed at 8.4 MB with a limit of 1 or 4 MB. Clearing the flag before a worker
 * starts lets the limit apply to that worker's heap (4.2 MB); the running main thread keeps its own.
 */
export function startWorker(url: URL, workerData: unknown): Worker {
  setFlagsFromString('--max-semi-space-size=0');
  return new Worker(url, { workerData, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
}

export interface MapWorkerData {
  path: string;
  /** Offset of the first byte after a BOM. */
  start: number;
  /** The file's size: where the last block ends. */
  size: number;
  layout: CsvLayout;
  mapOptions: MapOptions;
  blocks: BlockPlan;
  ring: SharedArrayBuffer;
  control: SharedArrayBuffer;
  batchRows: number;
  ringBatches: number;
}

export interface AnalyzeWorkerData {
  path: string;
  options: AnalyzeOptions;
  /** [0]: batches of tests the main thread has serialized and written. */
  written: SharedArrayBuffer;
  /** TEST_RING_BATCHES batches of TESTS_PER_MESSAGE tests of SLOTS doubles, filled in turn by the worker. */
  ring: SharedArrayBuffer;
}

/** Tests a batch of the --json worker holds. */
export const TESTS_PER_MESSAGE = 2048;
/** Batches of tests posted and not yet written by the main thread (output back-pressure). */
export const MAX_MESSAGES_IN_FLIGHT = 4;
/** Ring slots: the in-flight batches and the one being filled (see analyze-worker.ts). */
export const TEST_RING_BATCHES = MAX_MESSAGES_IN_FLIGHT + 1;

/** A map worker's batch of rows: `rows` rows of SLOTS doubles at ring slot `slot`. */
export interface BatchMessage {
  slot: number;
  rows: number;
  strings: string[];
  reset: boolean;
  problems: RowProblem[];
  /** On the last batch of a block: the lines the block had (line numbers in a block start at 1). */
  blockLines?: number;
  /** The file offset read up to when the batch was sent (progress). */
  readTo: number;
}

/** What a map worker posts when its block broke off (a FileFault), after the batch of the rows before. */
export interface FaultMessage {
  fault: ReturnType<typeof faultMessage>;
}

/**
 * How a file is cut into blocks mapped on different threads. Block b starts after the first LF at or after
 * start + b × bytes (block 0: at start) and ends where block b + 1 starts; with `mainEvery` n > 0, every
 * n-th block (b % n === n - 1) is the consuming thread's own, the others the map worker's.
 */
export interface BlockPlan {
  bytes: number;
  count: number;
  mainEvery: number;
}

export const isMainBlock = (plan: BlockPlan, b: number): boolean => plan.mainEvery > 0 && b % plan.mainEvery === plan.mainEvery - 1;

/** Where block b starts (see BlockPlan); `chunk` is scratch space. */
export function blockStart(fd: number, chunk: Buffer, plan: BlockPlan, start: number, size: number, b: number): number {
  if (b === 0) return start;
  let position = start + b * plan.bytes;
  while (position < size) {
    const n = readSync(fd, chunk, 0, Math.min(64 * 1024, chunk.length, size - position), position);
    if (n === 0) break;
    const lf = chunk.subarray(0, n).indexOf(0x0a);
    if (lf >= 0) return position + lf + 1;
    position += n;
  }
  return size;
}

/**
 * Reads bytes [from, to) into `reader` through `chunk`, telling `onRead` the offset read up to before each
 * chunk is tokenized. Answers false when `to` is not the file's end and falls inside a record (a quoted
 * line end): the blocks must then be read as one.
 */
export function readBlock(fd: number, chunk: Buffer, reader: ByteCsvReader, from: number, to: number, size: number, onRead?: (offset: number) => void, decoding = new TextDecoding()): boolean {
  const emit = (bytes: Buffer) => reader.push(bytes);
  for (let position = from; position < to; ) {
    const n = readSync(fd, chunk, 0, Math.min(chunk.length, to - position), position);
    if (n === 0) break;
    position += n;
    onRead?.(position);
    // Checked as UTF-8 on the way (decoded, should the block turn out to be another encoding: see blockDecoded).
    decoding.push(n === chunk.length ? chunk : chunk.subarray(0, n), emit);
  }
  decoding.end(emit);
  if (to < size && reader.pendingBytes > 0) return false;
  reader.end();
  return true;
}

/**
 * Whether a block read by readBlock was UTF-8 throughout. A block is decoded on its own, so only the file
 * read in order can tell another encoding: a block that is not UTF-8 makes the file be read sequentially,
 * like a straddle.
 */
export const blockDecoded = (decoding: TextDecoding): boolean => decoding.encoding === 'utf-8';
