/** What analyze-file.ts and its workers share (a module of its own: the workers load no more than they use). */
import type { CsvLayout } from '../formats/detect.ts';
import type { MapOptions } from '../formats/test-row.ts';
import type { AnalyzeOptions } from './analyzer.ts';

/**
 * The workers' young generation (MB). V8's default lets a thread's grow to 48 MB, all of it resident at
 * peak, for garbage that is a row's worth of short strings; 8 MB costs no measurable time.
 */
export const WORKER_YOUNG_GENERATION_MB = 8;

export interface MapWorkerData {
  path: string;
  /** Offset of the first byte after a BOM. */
  start: number;
  layout: CsvLayout;
  mapOptions: MapOptions;
  ring: SharedArrayBuffer;
  control: SharedArrayBuffer;
  batchRows: number;
  ringBatches: number;
}

export interface AnalyzeWorkerData {
  path: string;
  head: Buffer;
  options: AnalyzeOptions;
  json: boolean;
  /** [0]: batches of tests the main thread has serialized and written. */
  written: SharedArrayBuffer;
}
