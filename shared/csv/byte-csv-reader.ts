/**
 * A streaming CSV tokenizer over bytes. It finds field boundaries without decoding anything, so a row
 * of 72 columns costs one pass over its bytes plus the decoding of only the fields a mapper asks for.
 * (Measured in bench/: decoding every field as a string is what made the library loops slow.)
 * RFC 4180 quoting; LF, CRLF or CR line ends; a final record without a line end.
 */
import { CsvRecord } from './csv-record.ts';
import { FileFault } from '../analyze/file-fault.ts';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const MAX_RECORD_BYTES = 4 * 1024 * 1024;
/** Records tokenized before any is emitted, when the reader has an onBatch hook. */
const BATCH_RECORDS = 32;

/**
 * Called with the records of a batch before each is emitted (valid until the last of them is): a consumer
 * can start, for all of them at once, the memory reads each will need (RowKeyCache.warm). Reads that do not
 * wait on each other overlap; the same reads one record at a time were a chain of cache misses per row.
 */
export type RecordBatchHook = (records: readonly CsvRecord[], count: number) => void;

export class ByteCsvReader {
  /**
   * The unfinished record at the end of the last chunk, at the start of a buffer reused for every chunk:
   * concatenating each 1 MB chunk to the previous tail allocated 166 MB of short-lived Buffers at 1M rows,
   * which V8 frees only at its next GC (peak RSS).
   */
  private work: Buffer = Buffer.alloc(0);
  private pendingLength = 0;
  private line: number;
  private firstLine: number;
  /** One record, or BATCH_RECORDS with an onBatch hook: filled in turn, emitted together. */
  private readonly records: CsvRecord[];
  private batched = 0;
  private readonly delimiter: number;
  private readonly onRecord: (record: CsvRecord) => void;
  private readonly onBatch: RecordBatchHook | null;

  /** `firstLine`: the line number of the first record (a reader of a part of a file). */
  constructor(delimiter: string, onRecord: (record: CsvRecord) => void, decimalComma = false, firstLine = 1, onBatch: RecordBatchHook | null = null) {
    this.line = firstLine;
    this.firstLine = firstLine;
    this.onRecord = onRecord;
    this.onBatch = onBatch;
    this.delimiter = delimiter.charCodeAt(0);
    this.records = Array.from({ length: onBatch === null ? 1 : BATCH_RECORDS }, () => new CsvRecord(decimalComma));
  }

  /**
   * Reads another part of a file from its start, keeping the work buffer. A new reader for each 2 MB block
   * grew a ~1 MB buffer of its own, garbage that V8 only freed at a full GC (compact-1M: the main thread's
   * array buffers went from 31 to 54 MB over the run; with one reader they stay at 31).
   */
  restart(firstLine = 1): void {
    this.line = firstLine;
    this.firstLine = firstLine;
    this.pendingLength = 0;
  }

  push(chunk: Buffer): void {
    let buf = chunk;
    const inWork = this.pendingLength > 0;
    if (inWork) {
      this.reserve(this.pendingLength + chunk.length);
      chunk.copy(this.work, this.pendingLength);
      buf = this.work.subarray(0, this.pendingLength + chunk.length);
    }
    const consumed = this.scan(buf, false);
    this.keepTail(buf, consumed, inWork);
    if (this.pendingLength > MAX_RECORD_BYTES) this.tooLong();
  }

  private tooLong(): never {
    throw new FileFault('record-too-large', `line ${this.line}: a record longer than ${MAX_RECORD_BYTES / (1024 * 1024)} MB (an unclosed quote, or no line ends)`);
  }

  /** Bytes of an unfinished record kept from the chunks pushed so far. */
  get pendingBytes(): number {
    return this.pendingLength;
  }

  /** Lines of the records emitted so far (a quoted line end counts). */
  get linesRead(): number {
    return this.line - this.firstLine;
  }

  end(): void {
    if (this.pendingLength > 0) this.scan(this.work.subarray(0, this.pendingLength), true);
    this.pendingLength = 0;
  }

  /** Moves buf[from…] to the start of the work buffer (buf may be the work buffer itself). */
  private keepTail(buf: Buffer, from: number, inWork: boolean): void {
    const length = buf.length - from;
    if (length > 0) {
      if (inWork) this.work.copyWithin(0, from, buf.length);
      else {
        this.reserve(length);
        buf.copy(this.work, 0, from);
      }
    }
    this.pendingLength = length;
  }

  private reserve(size: number): void {
    if (this.work.length >= size) return;
    // A quarter of slack, not doubling: the work buffer holds a tail plus one chunk, and a 1 MB chunk after
    // a tail made it 2 MB on every reading thread (heap snapshot, compact-1M). Still geometric for a record
    // that spans chunks.
    const next = Buffer.allocUnsafe(size + (size >> 2));
    this.work.copy(next, 0, 0, this.pendingLength);
    this.work = next;
  }

  /** Emits the records tokenized so far (every return of scan: the next chunk may move the bytes they point at). */
  private flush(): void {
    const n = this.batched;
    if (n === 0) return;
    this.batched = 0;
    this.onBatch?.(this.records, n);
    for (let i = 0; i < n; i++) this.onRecord(this.records[i]!);
  }

  /** Emits every complete record in buf; returns the offset of the first unconsumed byte. */
  private scan(buf: Buffer, final: boolean): number {
    const len = buf.length;
    const delim = this.delimiter;
    let recordStart = 0;
    while (recordStart < len) {
      const rec = this.records[this.batched]!;
      rec.reset(buf, this.line);
      let pos = recordStart;
      let newlinesInside = 0;
      let complete = false;
      for (;;) {
        let start: number;
        let end: number;
        let escaped = false;
        if (buf[pos] === QUOTE) {
          start = pos + 1;
          let q = start;
          for (;;) {
            // A JS loop beats Buffer#indexOf here: fields are short and the native call costs more than the scan.
            // Line ends inside the quotes are counted on the way (a second pass over every quoted field cost
            // ~3 % of a one-thread summary).
            while (q < len) {
              const c = buf[q]!;
              if (c === QUOTE) break;
              if (c === LF) newlinesInside++;
              q++;
            }
            if (q === len) {
              q = -1;
              break;
            }
            if (buf[q + 1] === QUOTE) {
              escaped = true;
              q += 2;
              continue;
            }
            break;
          }
          if (q === -1 && final) {
            // Unclosed quote at the end of input: keep the rest as the field and flag the record, never drop it.
            rec.malformed ??= `unclosed quote in field ${rec.count + 1}`;
            q = len;
          }
          if (q === -1 || (q + 1 >= len && !final)) break; // field continues in the next chunk
          end = q;
          pos = Math.min(q + 1, len);
          if (pos < len && buf[pos] !== delim && buf[pos] !== LF && buf[pos] !== CR) {
            rec.malformed ??= `unexpected character after a closing quote in field ${rec.count + 1}`;
            while (pos < len && buf[pos] !== delim && buf[pos] !== LF && buf[pos] !== CR) pos++;
          }
        } else {
          start = pos;
          while (pos < len) {
            const c = buf[pos]!;
            if (c === delim || c === LF || c === CR) break;
            pos++;
          }
          end = pos;
        }
        rec.add(start, end, escaped);
        if (pos >= len) {
          if (final) complete = true;
          break;
        }
        const c = buf[pos]!;
        pos++;
        if (c === delim) {
          if (pos >= len && final) {
            rec.add(pos, pos, false);
            complete = true;
            break;
          }
          continue;
        }
        if (c === CR) {
          if (pos >= len && !final) break; // cannot tell CR from CRLF yet
          if (buf[pos] === LF) pos++;
        }
        complete = true;
        break;
      }
      if (!complete) {
        this.flush();
        return recordStart;
      }
      // The limit holds for a record however the bytes were chunked (the pending check in push() sees only a tail).
      if (pos - recordStart > MAX_RECORD_BYTES) {
        this.flush();
        this.tooLong();
      }
      this.line += 1 + newlinesInside;
      if (++this.batched === this.records.length) this.flush();
      recordStart = pos;
    }
    this.flush();
    return len;
  }
}
