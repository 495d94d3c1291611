/**
 * A large CSV export cut into chunks at record ends, for ingest to store in parallel (functions/ingest/chunks/).
 *
 * planChunks reads the whole file once with the very Analyzer the single-message path runs, so its result
 * (summary, rejections with their lines, latest tests, the date order) is the upload's report as that path
 * would write it. On the way it notes where chunks start (the byte offset and line number of a record start
 * past every CHUNK of bytes) and, per chunk, the lines whose test an earlier chunk already holds: a chunk read
 * alone would hand such a repeat on as a test of its own (and its write could land over the first one's).
 *
 * readChunk reads one chunk's byte range with the file's layout (sniffed again from its head), its date order
 * and its line numbers: each test a chunk hands on is one the whole file's reading hands on, and the chunks
 * together hand on every one of them once.
 *
 * Only plain UTF-8 CSV exports of tests are cut; anything else (gzip, a trace, JSON, a roster, a workout log,
 * another encoding, a file held for its date order, refused or broken off) answers null: one message reads it.
 */
import { detectTrace } from '../trace-formats/detect-trace.ts';
import { HashSet64 } from '../identity/hash64.ts';
import type { RowFacts } from '../formats/test-row.ts';
import { Analyzer, type AnalyzeOptions, type AnalyzeResult, type AnalyzeSink, type DecidedDateOrder } from './analyzer.ts';
import { asFileFault } from './file-fault.ts';
import { decodeText, TextDecoding } from './text-decoding.ts';
import type { DateOrder } from '../dates/test-time.ts';

/** The head a chunk's reader sniffs the layout from: as much as the threaded analysis reads (analyze-file.ts). */
export const CHUNK_HEAD_BYTES = 1 << 20;

const LF = 0x0a;

export interface FileChunk {
  index: number;
  /** Byte offsets [start, end) of the chunk's records in the object (the first chunk starts after a BOM). */
  start: number;
  end: number;
  /** The line number of the chunk's first record. */
  firstLine: number;
  /** Lines of the chunk's test rows whose test an earlier chunk holds (not handed on again). */
  skipLines: number[];
}

export interface ChunkPlan {
  /** The object's size in bytes. */
  size: number;
  /** Bytes of the object's head readChunk is given (the layout is sniffed from them). */
  headBytes: number;
  /** The file's day/month order, null when no date needed one. */
  dateOrder: DecidedDateOrder | null;
  /**
   * The file's athlete ids as its records spell them (the first spelling met: ids match without case), given to
   * each chunk before its rows, or a chunk whose first row says `JANE DOE` would spell her so.
   */
  athleteIds: string[];
  chunks: FileChunk[];
}

export interface PlannedFile {
  plan: ChunkPlan;
  /** The whole file's analysis: what the single-message path reports. */
  result: AnalyzeResult;
}

const TEST_KINDS: ReadonlySet<string> = new Set(['vald-hub-results', 'vald-api-tests']);

/**
 * Reads `source` (the whole object, `size` bytes) and plans chunks of about `chunkBytes`; null when the file is
 * not one to cut (see above) or would be a single chunk. The sink sees what the Analyzer hands on (latest tests
 * are in the result either way); planning hands on no test.
 */
export async function planChunks(source: AsyncIterable<Buffer>, options: AnalyzeOptions, size: number, chunkBytes: number): Promise<PlannedFile | null> {
  if (size <= chunkBytes) return null;
  const decoding = new TextDecoding();
  const iterator = decodeText(source, decoding)[Symbol.asyncIterator]();
  try {
    const head: Buffer[] = [];
    let headLength = 0;
    let ended = false;
    while (headLength < CHUNK_HEAD_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      head.push(Buffer.from(next.value));
      headLength += next.value.length;
    }
    const headBuffer = Buffer.concat(head);
    if (headBuffer[0] === 0x1f && headBuffer[1] === 0x8b) return null;
    if (detectTrace(headBuffer) !== null) return null;

    const starts: { start: number; firstLine: number }[] = [];
    const firstLines: number[] = [];
    const seenIn: HashSet64[] = [];
    const skip: number[][] = [];
    const chunkOf = (line: number): number => {
      let k = firstLines.length - 1;
      while (k > 0 && firstLines[k]! > line) k--;
      return k;
    };
    const sink: AnalyzeSink = {
      counted: (facts: RowFacts, first: boolean) => {
        const k = chunkOf(facts.line);
        if (first) (seenIn[k] ??= new HashSet64()).add(facts.idHi, facts.idLo);
        else if (!seenIn[k]?.has(facts.idHi, facts.idLo)) (skip[k] ??= []).push(facts.line);
      },
    };
    const analyzer = new Analyzer({ ...options, sizeBytes: size }, sink);
    const sniffed = analyzer.sniff(headBuffer, ended);
    if (sniffed === null || !TEST_KINDS.has(sniffed.layout.kind)) return null;
    const headerLine = sniffed.layout.headerLine;
    const reader = analyzer.csvReader(1);
    const dataStart = sniffed.bom ? 3 : 0;
    starts.push({ start: dataStart, firstLine: 1 });
    firstLines.push(1);

    let position = dataStart;
    let target = dataStart + chunkBytes;
    const feed = (bytes: Buffer) => {
      let buf = bytes;
      while (position + buf.length > target) {
        const lineEnd = buf.indexOf(LF, Math.max(0, target - position));
        if (lineEnd < 0) break;
        reader.push(buf.subarray(0, lineEnd + 1));
        position += lineEnd + 1;
        buf = buf.subarray(lineEnd + 1);
        const firstLine = 1 + reader.linesRead;
        // A record end (not a line end inside quotes), past the header, with bytes after it.
        if (reader.pendingBytes === 0 && firstLine > headerLine && position < size) {
          starts.push({ start: position, firstLine });
          firstLines.push(firstLine);
          target = position + chunkBytes;
        } else target = position;
      }
      reader.push(buf);
      position += buf.length;
    };
    feed(headBuffer.subarray(dataStart));
    if (!ended) for (let next = await iterator.next(); !next.done; next = await iterator.next()) feed(next.value);
    reader.end();
    const result = analyzer.end();
    result.summary.format.encoding = decoding.encoding;
    // Bytes the readers saw must be the object's bytes, offset for offset: UTF-8, passed on as it is.
    if (decoding.encoding !== 'utf-8' || decoding.utf16Bom || position !== size) return null;
    if (result.held || result.broken || result.summary.refused || starts.length < 2) return null;
    const chunks = starts.map((s, index) => ({ index, start: s.start, end: starts[index + 1]?.start ?? size, firstLine: s.firstLine, skipLines: skip[index] ?? [] }));
    return { plan: { size, headBytes: Math.min(size, CHUNK_HEAD_BYTES), dateOrder: decidedOrder(result), athleteIds: analyzer.athleteIds(), chunks }, result };
  } catch (error) {
    // A fault the single path reports in its own words (a record too long, mixed encodings).
    if (asFileFault(error) !== null) return null;
    throw error;
  } finally {
    await iterator.return?.();
  }
}

function decidedOrder(result: AnalyzeResult): DecidedDateOrder | null {
  const decided = result.summary.dateOrder;
  if (decided === null) return null;
  const order: DateOrder = decided.used === 'MM/DD/YYYY' ? 'MDY' : 'DMY';
  return { order, decidedBy: decided.decidedBy, evidence: decided.evidence };
}

/**
 * One chunk of a planned file: `head` is the object's first plan.headBytes bytes, `body` the chunk's byte range.
 * Its tests go to the sink; the result's summary is the chunk's own (the upload's report is the plan's).
 */
export async function readChunk(
  head: Buffer,
  body: AsyncIterable<Buffer | Uint8Array>,
  plan: ChunkPlan,
  chunk: FileChunk,
  options: AnalyzeOptions,
  sink: AnalyzeSink,
  afterBytes?: () => Promise<void> | void,
): Promise<AnalyzeResult> {
  const analyzer = new Analyzer(
    { ...options, sizeBytes: chunk.end - chunk.start, decidedDateOrder: plan.dateOrder ?? undefined, skipLines: new Set(chunk.skipLines) },
    sink,
  );
  if (analyzer.sniff(head, head.length === plan.size) === null) throw new Error('the object no longer reads as the export that was planned (its head changed)');
  for (const id of plan.athleteIds) analyzer.athlete(id);
  const reader = analyzer.csvReader(chunk.firstLine);
  let read = 0;
  for await (const bytes of body) {
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    reader.push(buf);
    read += buf.length;
    await afterBytes?.();
  }
  reader.end();
  if (read !== chunk.end - chunk.start) throw new Error(`chunk ${chunk.index}: read ${read} bytes, expected ${chunk.end - chunk.start}`);
  return analyzer.end();
}
