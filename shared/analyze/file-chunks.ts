/**
 * A plain CSV export on disk, read for the streaming Analyzer through one reused buffer.
 *
 * A stream hands over a fresh 256 KB Buffer a read. Once the per-row work stopped allocating, V8's young
 * generation filled only every ~80k rows, and the chunks read in between (~13 MB) stayed resident until
 * it did: compact-1M one-thread summary, peak RSS 125-134 MB with a stream, 109-118 MB reading in place.
 *
 * Only for exports of test rows as plain CSV (not gzip, not a trace, not JSON or a roster): in that mode the
 * Analyzer copies what it keeps of a chunk (a record's unfinished tail, interned text), while gunzip, trace
 * parsers and JSON keep chunks. The first chunks are copies: the sniffing stages hold on to them.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { Analyzer, HEAD_BYTES, type AnalyzeOptions } from './analyzer.ts';
import { detectTrace } from '../trace-formats/detect-trace.ts';

const CHUNK_BYTES = 1 << 18;
/** Chunks starting below this are copies: beyond what analyzeUpload (64 KB) and the Analyzer keep to sniff. */
const COPIED_BYTES = 4 * HEAD_BYTES + CHUNK_BYTES;

/** The file's chunks read in place, or null when it is not a plain CSV export of tests (use a stream). */
export function csvExportChunks(path: string, options: AnalyzeOptions): AsyncIterable<Buffer> | null {
  const fd = openSync(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    head = buf.subarray(0, readSync(fd, buf, 0, HEAD_BYTES, 0));
  } finally {
    closeSync(fd);
  }
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  if (gzip || detectTrace(head) !== null || new Analyzer(options, {}).sniff(head, head.length < HEAD_BYTES) === null) return null;
  return readInPlace(path);
}

async function* readInPlace(path: string): AsyncIterable<Buffer> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let position = 0; ; ) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, position);
      if (n === 0) return;
      const chunk = buf.subarray(0, n);
      yield position < COPIED_BYTES ? Buffer.from(chunk) : chunk;
      position += n;
    }
  } finally {
    closeSync(fd);
  }
}
