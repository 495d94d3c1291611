/**
 * Streaming parser for trace CSVs: VALD Hub "Export Force Trace" (time + left/right force columns, `,` `;` or
 * tab, decimal comma with `;`, BOM, 50–1,000 Hz) and Eccentric's CSV (`# key: value` lines, then
 * `time,left,right`). Bytes go straight to the shared ByteCsvReader and numbers into Float64Arrays, so the text
 * is never held whole: `push(chunk)` as it arrives, `end()` for the result. Never throws for bad input.
 */
import { ByteCsvReader } from '../csv/byte-csv-reader.ts';
import type { CsvRecord } from '../csv/csv-record.ts';
import { splitLine } from '../formats/detect.ts';
import { mapTraceHeader, NEEDED_COLUMNS, type TraceHeader } from './csv-columns.ts';
import { ECCENTRIC_TRACE_FORMAT, finishTrace, parseEccentricCsvHeader } from './eccentric-trace.ts';
import type { MetaInputs, PartialMeta } from './meta.ts';
import { SampleColumns } from './samples.ts';
import { formatNumber, regularise } from './time-axis.ts';
import { MAX_FORCE_N, MAX_SAMPLES_PER_LEG, reject, tooLong, forceOutOfRange, type TraceRejection, type TraceResult, type TraceWarning } from './types.ts';

const HEAD_LIMIT = 64 * 1024;
const MAX_LINE_BYTES = 1024 * 1024;
const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
/** Marks an empty field (parsed numbers are never -Infinity). */
const EMPTY = Number.NEGATIVE_INFINITY;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const MAX_TITLE_LINES = 10;

interface HeadLine {
  text: string;
  start: number;
  end: number;
  /** Offset just past the line end. */
  next: number;
  complete: boolean;
}

export class TraceCsvParser {
  private readonly inputs: MetaInputs;
  private state: 'head' | 'body' | 'done' = 'head';
  private head: Buffer[] = [];
  private headBytes = 0;
  private rejection: TraceRejection | null = null;
  private reader: ByteCsvReader | null = null;
  private header: TraceHeader | null = null;
  private lineOffset = 0;
  private headerPending = true;
  private pending: Buffer | null = null;
  private skipLF = false;
  private lineNo = 1;
  private delimCode = 0x2c;
  private decimalComma = false;
  private readonly samples = new SampleColumns();
  private lastTime = -Infinity;
  private missing = 0;
  private eccentric = false;
  private declaredRate: number | null = null;
  private content: PartialMeta = {};
  private readonly warnings: TraceWarning[] = [];
  private bytes = 0;

  constructor(inputs: MetaInputs = {}) {
    this.inputs = inputs;
  }

  push(chunk: Buffer | string): void {
    if (this.state === 'done') return;
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.bytes += buf.length;
    if (this.state === 'head') {
      this.head.push(buf);
      this.headBytes += buf.length;
      this.tryStart(false);
      return;
    }
    this.feed(buf);
  }

  end(): TraceResult {
    if (this.state === 'head') this.tryStart(true);
    if (this.state === 'body') {
      if (this.reader) {
        try {
          this.reader.end();
        } catch (e) {
          this.fail(reject('malformed-csv', (e as Error).message));
        }
      } else if (this.pending) {
        const data = this.pending;
        this.pending = null;
        this.scan(data, true);
      }
    }
    if (this.rejection) return this.rejection;
    return this.finish();
  }

  private feed(buf: Buffer): void {
    if (this.reader) {
      try {
        this.reader.push(buf);
      } catch (e) {
        this.fail(reject('malformed-csv', (e as Error).message));
      }
      return;
    }
    // `pending` (a partial line) is a tail of data already checked for quotes, so only `buf` is searched.
    const quoted = buf.indexOf(QUOTE) !== -1;
    if (!quoted && this.pending) {
      // Finish the carried-over line with the head of `buf` instead of copying the whole chunk behind it.
      const lf = buf.indexOf(LF);
      const cr = buf.indexOf(CR);
      const eol = cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;
      if (eol !== -1) {
        const carried = Buffer.concat([this.pending, buf.subarray(0, eol + 1)]);
        this.pending = null;
        this.scan(carried, false); // ends at a line end: consumed whole (a CR last sets skipLF)
        if (this.state === 'done') return;
        buf = buf.subarray(eol + 1);
      }
    }
    let data = this.pending ? Buffer.concat([this.pending, buf]) : buf;
    this.pending = null;
    if (quoted) {
      // Quoted fields: the general RFC 4180 tokenizer takes over from the current line.
      if (this.skipLF && data[0] === LF) data = data.subarray(1);
      this.skipLF = false;
      this.lineOffset = this.lineNo - 1;
      this.headerPending = false;
      this.reader = new ByteCsvReader(this.header!.delimiter, (rec) => this.onRecord(rec), this.decimalComma);
      return this.feed(data);
    }
    const consumed = this.scan(data, false);
    if (consumed < data.length) {
      this.pending = data.subarray(consumed);
      if (this.pending.length > MAX_LINE_BYTES) this.fail(reject('malformed-csv', `line ${this.lineNo}: a line longer than ${MAX_LINE_BYTES} bytes`, { line: this.lineNo }));
    }
  }

  private fail(r: TraceRejection): void {
    if (!this.rejection) this.rejection = r;
    this.state = 'done';
    this.head = [];
  }

  /** Finds comments, the header and the first data line; starts the byte reader at the header line. */
  private tryStart(final: boolean): void {
    const buf = this.head.length === 1 ? this.head[0]! : Buffer.concat(this.head);
    this.head = [buf];
    let bom = 0;
    if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) bom = 3;
    else if (!final && buf.length < 3 && (buf.length === 0 || buf[0] === 0xef)) return;
    const lines = splitHeadLines(buf, bom, final || this.headBytes >= HEAD_LIMIT);
    const comments: { line: number; key: string; value: string }[] = [];
    let headerIndex = -1;
    let best: { header: TraceHeader; score: number; line: number } | null = null;
    let contentLines = 0;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (!l.complete && !final && this.headBytes < HEAD_LIMIT) break;
      const trimmed = l.text.trim();
      if (trimmed === '') continue;
      if (trimmed.startsWith('#') && contentLines === 0) {
        const m = /^#\s*([^:=]+?)\s*[:=]\s*(.*)$/.exec(trimmed);
        if (m) comments.push({ line: i + 1, key: m[1]!, value: m[2]!.trim() });
        continue;
      }
      contentLines++;
      const mapped = mapTraceHeader(trimmed);
      if (mapped && (!best || mapped.score > best.score)) best = { ...mapped, line: i + 1 };
      if (mapped && mapped.header.left >= 0 && mapped.header.right >= 0) {
        headerIndex = i;
        break;
      }
      if (contentLines >= MAX_TITLE_LINES) break;
    }
    const exhausted = final || this.headBytes >= HEAD_LIMIT || contentLines >= MAX_TITLE_LINES;
    if (headerIndex === -1) {
      if (!exhausted) return;
      if (lines.every((l) => l.text.trim() === '')) return this.fail(reject('empty-file', 'the file is empty'));
      if (contentLines === 0) return this.fail(reject('missing-column', `no column header after the # lines; needed ${NEEDED_COLUMNS}`));
      const found = best ? best.header.headers.map((h) => JSON.stringify(h)).join(', ') : '(none)';
      const missing = !best ? 'Left Force' : best.header.left < 0 ? 'Left Force' : 'Right Force';
      return this.fail(
        reject('missing-column', `no trace header: the columns found${best ? ` (line ${best.line})` : ''} are ${found}; needed ${NEEDED_COLUMNS}`, {
          ...(best ? { line: best.line } : {}),
          column: missing,
        }),
      );
    }
    // The first data line decides the decimal comma; wait for it unless the input ended.
    const dataLine = lines.slice(headerIndex + 1).find((l) => l.text.trim() !== '' && (l.complete || final));
    if (!dataLine && !exhausted) return;
    const header = mapTraceHeader(lines[headerIndex]!.text.trim())!.header;
    this.header = header;

    const formatComment = comments.find((c) => c.key.toLowerCase() === 'format');
    if (formatComment) {
      if (formatComment.value !== ECCENTRIC_TRACE_FORMAT) {
        return this.fail(
          reject('unsupported-format', `"# format: ${formatComment.value}" is not supported; this version reads ${ECCENTRIC_TRACE_FORMAT}`, { line: formatComment.line, column: 'format' }),
        );
      }
      this.eccentric = true;
      const parsed = parseEccentricCsvHeader(comments, this.warnings);
      if (!parsed.ok) return this.fail(parsed);
      this.content = parsed.meta;
      this.declaredRate = parsed.sampleRateHz;
    } else if (comments.length > 0) {
      this.warnings.push({ code: 'comments-ignored', message: `${comments.length} "#" line${comments.length === 1 ? '' : 's'} above the header ignored (no "# format: ${ECCENTRIC_TRACE_FORMAT}")` });
    }
    if (header.time < 0 && this.declaredRate === null) {
      return this.fail(
        reject('missing-column', `no time column: the columns found (line ${headerIndex + 1}) are ${header.headers.map((h) => JSON.stringify(h)).join(', ')}; needed ${NEEDED_COLUMNS}`, {
          line: headerIndex + 1,
          column: 'Time',
        }),
      );
    }
    const decimalComma = header.delimiter !== ',' && dataLine !== undefined && dataLine.text.includes(',');
    if (decimalComma) this.warnings.push({ code: 'decimal-comma', message: `numbers use a decimal comma (delimiter "${header.delimiter === '\t' ? 'tab' : header.delimiter}")` });
    this.decimalComma = decimalComma;
    this.delimCode = header.delimiter.charCodeAt(0);
    this.lineNo = headerIndex + 2;
    this.state = 'body';
    const headerLine = lines[headerIndex]!;
    this.head = [];
    this.feed(buf.subarray(headerLine.next));
  }

  /**
   * The fast path: one pass over the bytes that splits fields and parses the three wanted numbers at once
   * (no record object, no strings). Anything unusual in a line (text, exponents, 16+ digits, a stray byte)
   * sends that line to `slowLine`; a double quote anywhere hands the rest of the stream to ByteCsvReader.
   * Returns the offset of the first byte not consumed (a partial last line).
   */
  private scan(buf: Buffer, final: boolean): number {
    const len = buf.length;
    const delim = this.delimCode;
    const dc = this.decimalComma;
    const h = this.header!;
    const tc = h.time;
    const lc = h.left;
    const rc = h.right;
    const maxCol = Math.max(tc, lc, rc);
    let p = 0;
    if (this.skipLF && len > 0) {
      // (An empty buf, e.g. what is left of a chunk after a carried-over line, must not use up the skip.)
      this.skipLF = false;
      if (buf[0] === LF) p = 1;
    }
    p = this.plainLines(buf, p, final);
    if (this.rejection !== null) return len;
    // Per line and per field state; a byte-at-a-time state machine (one loop, digits tested first).
    let lineStart = p;
    let col = 0;
    let t = EMPTY;
    let l = EMPTY;
    let r = EMPTY;
    let slow = false;
    let mantissa = 0;
    let digits = 0;
    let fraction = 0;
    let point = false;
    let any = false;
    let negative = false;
    let signed = false;
    let trailing = false;
    let blank = true;
    while (p < len) {
      const c = buf[p++]!;
      const d = c - 0x30;
      if (d >= 0 && d <= 9) {
        if (col > maxCol || slow) continue;
        if (trailing) slow = true;
        any = true;
        blank = false;
        if (mantissa === 0 && d === 0 && !point) continue;
        if (digits >= 15) slow = true;
        mantissa = mantissa * 10 + d;
        digits++;
        if (point) fraction++;
        continue;
      }
      const eol = c === LF || c === CR;
      if (c === delim || eol) {
        if (!slow && col <= maxCol) {
          let v = EMPTY;
          if (any) {
            v = fraction === 0 ? mantissa : mantissa / POW10[fraction]!;
            if (negative) v = -v;
          } else if (signed || point) slow = true;
          if (col === tc) t = v;
          else if (col === lc) l = v;
          else if (col === rc) r = v;
        }
        mantissa = 0;
        digits = 0;
        fraction = 0;
        point = false;
        any = false;
        negative = false;
        signed = false;
        trailing = false;
        if (!eol) {
          col++;
          blank = false;
          continue;
        }
        if (c === CR) {
          if (p < len) {
            if (buf[p] === LF) p++;
          } else if (!final) this.skipLF = true;
        }
        const line = this.lineNo++;
        if (slow) this.slowLine(buf.toString('utf8', lineStart, p), line);
        else if (!blank) this.row(line, t, l, r);
        if (this.rejection !== null) return len;
        col = 0;
        t = l = r = EMPTY;
        slow = false;
        blank = true;
        p = lineStart = this.plainLines(buf, p, final);
        if (this.rejection !== null) return len;
        continue;
      }
      if (col > maxCol || slow) continue;
      if (c === SPACE || c === TAB) {
        if (any || point || signed) trailing = true;
      } else if (trailing) slow = true;
      else if (c === DOT || (dc && c === COMMA)) {
        blank = false;
        if (point) slow = true;
        point = true;
      } else if (c === MINUS || c === PLUS) {
        blank = false;
        if (signed || any || point) slow = true;
        signed = true;
        negative = c === MINUS;
      } else {
        blank = false;
        slow = true;
      }
    }
    if (lineStart >= len) return len;
    if (!final) return lineStart;
    // The last line has no line end.
    if (!slow && col <= maxCol) {
      let v = EMPTY;
      if (any) {
        v = fraction === 0 ? mantissa : mantissa / POW10[fraction]!;
        if (negative) v = -v;
      } else if (signed || point) slow = true;
      if (col === tc) t = v;
      else if (col === lc) l = v;
      else if (col === rc) r = v;
    }
    const line = this.lineNo++;
    if (slow) this.slowLine(buf.toString('utf8', lineStart, len), line);
    else if (!blank) this.row(line, t, l, r);
    return len;
  }

  /**
   * The fastest path, tried at each line start: lines whose fields up to the last wanted column are all plain
   * decimals (optional sign, at most one point, 1–15 digits, no spaces), i.e. every line of a normal export.
   * Tight per-field digit loops instead of the per-byte state machine in `scan`, which takes over (from the
   * returned offset) at the first line that is anything else, including a line cut by the end of `buf`.
   * Numbers are built exactly as in `scan` (mantissa / 10^fraction), so either path gives the same values.
   */
  private plainLines(buf: Buffer, p: number, final: boolean): number {
    const len = buf.length;
    const delim = this.delimCode;
    const pointDigit = (this.decimalComma ? COMMA : DOT) - 0x30;
    const h = this.header!;
    const tc = h.time;
    const lc = h.left;
    const rc = h.right;
    const maxCol = Math.max(tc, lc, rc);
    while (p < len) {
      let q = p;
      let t = EMPTY;
      let l = EMPTY;
      let r = EMPTY;
      let c = 0;
      for (let col = 0; ; col++) {
        if (q >= len) return p;
        c = buf[q]!;
        const negative = c === MINUS;
        if (negative || c === PLUS) {
          if (++q >= len) return p;
          c = buf[q]!;
        }
        let mantissa = 0;
        let digits = 0;
        let fraction = 0;
        let d = c - 0x30;
        while (d >= 0 && d <= 9) {
          mantissa = mantissa * 10 + d;
          digits++;
          if (++q >= len) return p;
          d = buf[q]! - 0x30;
        }
        if (d === pointDigit) {
          if (++q >= len) return p;
          d = buf[q]! - 0x30;
          while (d >= 0 && d <= 9) {
            mantissa = mantissa * 10 + d;
            digits++;
            fraction++;
            if (++q >= len) return p;
            d = buf[q]! - 0x30;
          }
        }
        // Empty field, lone sign or point, or more digits than a double holds exactly (leading zeros included
        // here, so this is stricter than scan's rule): leave the line to scan.
        if (digits === 0 || digits > 15) return p;
        const v = fraction === 0 ? mantissa : mantissa / POW10[fraction]!;
        if (col === tc) t = negative ? -v : v;
        else if (col === lc) l = negative ? -v : v;
        else if (col === rc) r = negative ? -v : v;
        c = d + 0x30;
        if (col === maxCol) break;
        if (c !== delim) return p;
        q++;
      }
      if (c === delim) {
        // Columns after the last wanted one are skipped unread, as in scan.
        while (c !== LF && c !== CR) {
          if (++q >= len) return p;
          c = buf[q]!;
        }
      } else if (c !== LF && c !== CR) return p;
      q++;
      if (c === CR) {
        if (q < len) {
          if (buf[q] === LF) q++;
        } else if (!final) this.skipLF = true;
      }
      this.row(this.lineNo++, t, l, r);
      if (this.state === 'done') return len;
      p = q;
    }
    return p;
  }

  /** A line the fast path would not decide: split as text, same number rules as CsvRecord.number. */
  private slowLine(text: string, line: number): void {
    text = text.replace(/[\r\n]+$/, '');
    if (text.trim() === '') return;
    const h = this.header!;
    const fields = splitLine(text, h.delimiter);
    const values = [h.time, h.left, h.right].map((i) => {
      if (i < 0) return EMPTY;
      const f = (fields[i] ?? '').trim();
      if (f === '') return EMPTY;
      const d = this.decimalComma ? f.replace(',', '.') : f;
      const v = DECIMAL.test(d) ? Number(d) : Number.NaN;
      if (Number.isNaN(v)) this.notANumber(line, i, f);
      return v;
    });
    if (this.rejection) return;
    this.row(line, values[0]!, values[1]!, values[2]!);
  }

  private onRecord(rec: CsvRecord): void {
    if (this.state === 'done') return;
    if (this.headerPending) {
      this.headerPending = false;
      return;
    }
    const h = this.header!;
    if (rec.count === 1 && rec.isEmpty(0)) return;
    const line = rec.line + this.lineOffset;
    if (rec.malformed) return this.fail(reject('malformed-csv', `line ${line}: ${rec.malformed}`, { line }));
    const values = [h.time, h.left, h.right].map((i) => {
      if (i < 0) return EMPTY;
      const v = rec.number(i);
      if (v === null) return EMPTY;
      if (Number.isNaN(v)) this.notANumber(line, i, rec.text(i));
      return v;
    });
    if (this.rejection) return;
    this.row(line, values[0]!, values[1]!, values[2]!);
  }

  private notANumber(line: number, i: number, text: string): void {
    const column = this.header!.headers[i]!;
    this.fail(reject('not-a-number', `line ${line}: "${text}" in column "${column}" is not a number`, { line, column }));
  }

  /** One parsed row: values are numbers or EMPTY. */
  private row(line: number, t: number, l: number, r: number): void {
    if (this.state === 'done') return;
    const h = this.header!;
    if (h.time >= 0) {
      const column = h.headers[h.time]!;
      if (t === EMPTY) return this.fail(reject('not-a-number', `line ${line}: the time (column "${column}") is empty`, { line, column }));
      const ts = t * h.timeScale;
      if (!(ts > this.lastTime)) {
        return this.fail(
          reject('time-not-increasing', `line ${line}: the time ${t} does not increase (previous ${this.lastTime / h.timeScale}); rows must be in time order without repeats`, { line, column }),
        );
      }
      this.lastTime = ts;
      t = ts;
    } else t = 0;
    if (l === EMPTY) {
      this.missing++;
      l = Number.NaN;
    } else if (l > MAX_FORCE_N || l < -MAX_FORCE_N) return this.fail(forceOutOfRange(l, 'left', { line, column: h.headers[h.left]! }));
    if (r === EMPTY) {
      this.missing++;
      r = Number.NaN;
    } else if (r > MAX_FORCE_N || r < -MAX_FORCE_N) return this.fail(forceOutOfRange(r, 'right', { line, column: h.headers[h.right]! }));
    if (this.samples.n >= MAX_SAMPLES_PER_LEG) return this.fail(tooLong(this.samples.n + 1));
    this.samples.push(t, l, r);
  }

  private finish(): TraceResult {
    const s = this.samples;
    if (s.n === 0) return reject('no-samples', 'the file has a header but no samples', { line: this.lineOffset + 1 });
    const n = s.n;
    const cols = s.columns();
    const h = this.header!;
    const warnings = this.warnings;
    let data: { left: Float64Array; right: Float64Array; sampleRateHz: number; sampleRateSource: string };
    const fromTime = () =>
      regularise({
        times: cols.time,
        left: cols.left,
        right: cols.right,
        n,
        unitsPerSecond: 1,
        unitName: 'time column',
        describe: (m, rate) => `time column: median spacing ${m} s = ${rate} Hz`,
      });
    if (this.declaredRate !== null) {
      data = { left: cols.left, right: cols.right, sampleRateHz: this.declaredRate, sampleRateSource: `declared: # sampleRateHz: ${this.declaredRate}` };
      if (h.time >= 0 && n > 1) {
        const axis = fromTime();
        if (axis.ok && Math.abs(axis.sampleRateHz - this.declaredRate) / this.declaredRate > 0.01) {
          warnings.push({ code: 'sample-rate-mismatch', message: `the time column implies ${formatNumber(axis.sampleRateHz)} Hz but the header declares ${this.declaredRate} Hz; the declared rate is used` });
        }
      }
    } else {
      const axis = fromTime();
      if (!axis.ok) return axis;
      warnings.push(...axis.warnings);
      data = axis;
    }
    return finishTrace(this.eccentric ? 'eccentric-trace' : 'vald-force-trace-csv', this.inputs, this.content, data, warnings);
  }

  /** Bytes pushed so far. */
  get bytesRead(): number {
    return this.bytes;
  }
}

/** Convenience: the whole CSV at once. */
export function parseTraceCsv(input: Buffer | string, inputs: MetaInputs = {}): TraceResult {
  const p = new TraceCsvParser(inputs);
  p.push(input);
  return p.end();
}

function splitHeadLines(buf: Buffer, from: number, final: boolean): HeadLine[] {
  const out: HeadLine[] = [];
  let start = from;
  const len = buf.length;
  while (start < len && out.length < 200) {
    let p = start;
    while (p < len && buf[p] !== 0x0a && buf[p] !== 0x0d) p++;
    if (p >= len) {
      out.push({ text: buf.toString('utf8', start, len), start, end: len, next: len, complete: final });
      break;
    }
    let next = p + 1;
    if (buf[p] === 0x0d) {
      if (next >= len && !final) {
        out.push({ text: buf.toString('utf8', start, p), start, end: p, next, complete: false });
        break;
      }
      if (buf[next] === 0x0a) next++;
    }
    out.push({ text: buf.toString('utf8', start, p), start, end: p, next, complete: true });
    start = next;
  }
  return out;
}
