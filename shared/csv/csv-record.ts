import { isPlainDecimalBytes, parseNumberBytes, parseNumberBytesInto } from './number-bytes.ts';
import type { TextInterner } from './text-interner.ts';
import { isStorableNumber, plainDecimalStorable } from '../store-limits/dynamodb-limits.ts';

/** A view of one tokenized record: field offsets into the reader's buffer, decoded only on demand. */
export class CsvRecord {
  buf: Buffer = Buffer.alloc(0);
  line = 0;
  count = 0;
  malformed: string | undefined;
  private starts = new Int32Array(128);
  private ends = new Int32Array(128);
  private escaped = new Uint8Array(128);

  readonly decimalComma: boolean;
  constructor(decimalComma: boolean) {
    this.decimalComma = decimalComma;
  }

  /** The hash and length of this record's key cells, as RowKeyCache.warm found them for `keyOf` (reset clears). */
  keyOf: object | null = null;
  keyHash = 0;
  keyBytes = 0;

  reset(buf: Buffer, line: number): void {
    this.buf = buf;
    this.line = line;
    this.count = 0;
    this.malformed = undefined;
    this.keyOf = null;
  }

  add(start: number, end: number, escaped: boolean): void {
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.escaped[this.count] = escaped ? 1 : 0;
    this.count++;
  }

  /** Where field i's bytes start and end in `buf` (both 0 for a missing field). */
  start(i: number): number {
    return i < this.count ? this.starts[i]! : 0;
  }
  end(i: number): number {
    return i < this.count ? this.ends[i]! : 0;
  }

  isEmpty(i: number): boolean {
    if (i >= this.count) return true;
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    for (let p = s; p < e; p++) {
      const c = this.buf[p]!;
      if (c !== 0x20 && c !== 0x09) return false;
    }
    return true;
  }

  /** The field as text, trimmed; '' for a missing field. */
  text(i: number): string {
    if (i >= this.count) return '';
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    if (start === end) return '';
    const raw = (this.buf as FastBuffer).utf8Slice(start, end);
    return (this.escaped[i] ? raw.replaceAll('""', '"') : raw).trim();
  }

  /** text(i), the same string object for the same bytes while `interner` remembers them. */
  internedText(i: number, interner: TextInterner): string {
    if (i >= this.count) return '';
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    if (start === end) return '';
    if (!interner.enabled || this.escaped[i]) return this.text(i);
    const known = interner.get(this.buf, start, end);
    if (known !== undefined) return known;
    const text = this.text(i);
    interner.put(this.buf, start, end, text);
    return text;
  }

  /** The field as a number: null when empty, NaN when not a number. */
  number(i: number): number | null {
    if (this.isEmpty(i)) return null;
    const v = parseNumberBytes(this.buf, this.starts[i]!, this.ends[i]!, this.decimalComma);
    return Number.isNaN(v) ? this.slowNumber(i) : v;
  }

  /**
   * number(i) written to values[at], answering the cell's state (0 empty, 1 a number, 2 not a number):
   * a double returned from a call is boxed, and one box per numeric field was ~100 bytes of garbage a row.
   */
  numberInto(i: number, values: Float64Array, at: number): number {
    // The byte parser first: it answers false for a blank cell too, which is then told apart (most cells
    // are numbers, and a blank check before each was a second pass over it).
    if (i < this.count && parseNumberBytesInto(this.buf, this.starts[i]!, this.ends[i]!, this.decimalComma, values, at)) return 1;
    if (this.isEmpty(i)) {
      values[at] = Number.NaN;
      return 0;
    }
    const v = this.slowNumber(i);
    values[at] = v;
    return Number.isFinite(v) ? 1 : 2;
  }

  /** Whether a non-empty field is a number, as number(i) would find it, without converting it. */
  isNumber(i: number): boolean {
    return this.plainDecimal(i) || Number.isFinite(this.textNumber(i));
  }

  /**
   * A non-empty field's cell state without converting a plain decimal: 1 a number the store can keep, 2 not
   * a number, 3 a number beyond the store's range (shared/store-limits).
   */
  checkNumber(i: number): 1 | 2 | 3 {
    if (this.plainDecimal(i)) return plainDecimalStorable(this.buf, this.plainStart, this.plainEnd) ? 1 : 3;
    const v = this.textNumber(i);
    return !Number.isFinite(v) ? 2 : isStorableNumber(v) ? 1 : 3;
  }

  private slowNumber(i: number): number {
    if (this.plainDecimal(i)) {
      const text = latin1(this.buf, this.plainStart, this.plainEnd);
      return Number(this.decimalComma ? text.replace(',', '.') : text);
    }
    return this.textNumber(i);
  }

  /** The trimmed range plainDecimal() last found. */
  private plainStart = 0;
  private plainEnd = 0;

  /** Whether the field, unescaped and trimmed, is a plain decimal (then its range is plainStart..plainEnd). */
  private plainDecimal(i: number): boolean {
    if (this.escaped[i]) return false;
    let s = this.starts[i]!;
    let e = this.ends[i]!;
    const buf = this.buf;
    while (s < e && (buf[s] === 0x20 || buf[s] === 0x09)) s++;
    while (e > s && (buf[e - 1] === 0x20 || buf[e - 1] === 0x09)) e--;
    this.plainStart = s;
    this.plainEnd = e;
    return isPlainDecimalBytes(buf, s, e, this.decimalComma);
  }

  /** Number() of the field's text when it is decimal notation, else NaN. */
  private textNumber(i: number): number {
    let t = this.escaped[i] ? this.text(i) : latin1(this.buf, this.starts[i]!, this.ends[i]!).trim();
    if (this.decimalComma) t = t.replace(',', '.');
    // Number() alone would also take hex, binary and "Infinity": only decimal notation is a number here.
    return DECIMAL.test(t) ? Number(t) : Number.NaN;
  }

  fields(): string[] {
    return Array.from({ length: this.count }, (_, i) => this.text(i));
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    const escaped = new Uint8Array(n);
    starts.set(this.starts);
    ends.set(this.ends);
    escaped.set(this.escaped);
    this.starts = starts;
    this.ends = ends;
    this.escaped = escaped;
  }
}

/** Numbers are ASCII, so the cheapest decoding will do. */
const latin1 = (buf: Buffer, start: number, end: number): string => (buf as FastBuffer).latin1Slice(start, end);

/** Node's Buffer slicers without toString's argument checks (hot path; present on every Node Buffer). */
type FastBuffer = Buffer & { utf8Slice(start: number, end: number): string; latin1Slice(start: number, end: number): string };

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
