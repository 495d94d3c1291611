/**
 * A streaming CSV tokenizer over bytes. It finds field boundaries without decoding anything, so a row
 * of 72 columns costs one pass over its bytes plus the decoding of only the fields a mapper asks for.
 * (Measured in bench/: decoding every field as a string is what made the library loops slow.)
 * RFC 4180 quoting; LF, CRLF or CR line ends; a final record without a line end.
 */
import { CsvRecord } from './csv-record.ts';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const MAX_RECORD_BYTES = 4 * 1024 * 1024;

export class ByteCsvReader {
  private pending: Buffer | null = null;
  private line = 1;
  private readonly record: CsvRecord;
  private readonly delimiter: number;
  private readonly onRecord: (record: CsvRecord) => void;

  constructor(delimiter: string, onRecord: (record: CsvRecord) => void, decimalComma = false) {
    this.onRecord = onRecord;
    this.delimiter = delimiter.charCodeAt(0);
    this.record = new CsvRecord(decimalComma);
  }

  push(chunk: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    const consumed = this.scan(buf, false);
    this.pending = consumed < buf.length ? buf.subarray(consumed) : null;
    if (this.pending && this.pending.length > MAX_RECORD_BYTES) {
      throw new Error(`line ${this.line}: a record longer than ${MAX_RECORD_BYTES} bytes (unclosed quote?)`);
    }
  }

  end(): void {
    if (this.pending) this.scan(this.pending, true);
    this.pending = null;
  }

  /** Emits every complete record in buf; returns the offset of the first unconsumed byte. */
  private scan(buf: Buffer, final: boolean): number {
    const len = buf.length;
    const delim = this.delimiter;
    const rec = this.record;
    let recordStart = 0;
    while (recordStart < len) {
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
            while (q < len && buf[q] !== QUOTE) q++;
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
          for (let i = start; i < end; i++) if (buf[i] === LF) newlinesInside++;
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
      if (!complete) return recordStart;
      this.line += 1 + newlinesInside;
      this.onRecord(rec);
      recordStart = pos;
    }
    return len;
  }
}
