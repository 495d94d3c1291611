/**
 * `JSON.stringify(mapper.record(f))` as UTF-8 bytes, written straight from a test's finalised RowFacts into
 * a Buffer: the very bytes (a property test holds it to JSON.stringify on generated and real exports), at
 * about three quarters of the CPU (iso-1M, main thread: ~1.9 µs a test against ~2.5 µs for building the
 * record, stringifying it and collecting the garbage).
 *
 * Why: serializing was the largest part of `analyze --json` — building the TestRecord (four objects a test),
 * JSON.stringify walking its 45 properties (~2 µs a test, most of it per property, not per number), then
 * encoding the string into the output Buffer. Here the keys and punctuation between two values are one
 * pre-encoded piece, copied; the values are written as they are found in the facts.
 *
 * Numbers are written as JavaScript writes them (JSON.stringify uses Number#toString): a number that is
 * exactly m / 10^k for an integer m and k ≤ 6 fractional digits, below 10^6, is written from m's digits with
 * the smallest such k, which is Number#toString's shortest round-trip form (see fixed()); any other
 * goes through JSON.stringify(n). Strings of printable ASCII are copied; any other string is JSON.stringify'd.
 */
import { asymmetryFormulas, defaultAsymmetryFormula, type AsymmetryFormula } from '../metrics/asymmetry.ts';
import { warningList } from '../quality/warnings.ts';
import type { FactSide } from '../formats/fact-side.ts';
import type { RowFacts } from '../formats/test-row.ts';
import type { JsonItemEncoder } from './json-test-writer.ts';

const ascii = (s: string): Uint8Array => Buffer.from(s, 'latin1');

const P = {
  testId: ascii('{"testId":'),
  derived: ascii(',"testIdSource":"derived","athleteId":'),
  vald: ascii(',"testIdSource":"vald","athleteId":'),
  athleteName: ascii(',"athleteName":'),
  externalId: ascii(',"externalId":'),
  testedAt: ascii(',"testedAt":"'),
  testType: ascii('","testType":'),
  device: ascii(',"device":'),
  bodyMassKg: ascii(',"bodyMassKg":'),
  left: ascii(',"left":{"peakN":'),
  right: ascii('},"right":{"peakN":'),
  avgN: ascii(',"avgN":'),
  repCount: ascii(',"repCount":'),
  impulseNs: ascii(',"impulseNs":'),
  torqueNm: ascii(',"torqueNm":'),
  peakNPerKg: ascii(',"peakNPerKg":'),
  calibrationN: ascii(',"calibrationN":'),
  timeToPeakS: ascii(',"timeToPeakS":'),
  asymmetryNull: ascii('},"asymmetry":null,"warnings":'),
  asymmetry: ascii('},"asymmetry":{"pct":'),
  weakerLeft: ascii(',"weakerSide":"left","formula":'),
  weakerRight: ascii(',"weakerSide":"right","formula":'),
  weakerNull: ascii(',"weakerSide":null,"formula":'),
  warnings: ascii('},"warnings":'),
  noWarnings: ascii('[]'),
  file: ascii(',"source":{"file":'),
  line: ascii(',"line":'),
  vendor: ascii(',"vendorMaxImbalancePct":'),
  postLoad: ascii('},"postLoad":{"source":"notes","text":'),
  close: ascii('}}'),
  null: ascii('null'),
};

/** Numbers below this with at most MAX_FRACTION_DIGITS decimals take the digit path; see fixed(). */
const DIGIT_PATH_MAX = 1e6;
const MAX_FRACTION_DIGITS = 6;
const SCALE = 10 ** MAX_FRACTION_DIGITS;

/** Bytes a test's JSON needs besides its strings (keys, punctuation and numbers: ~700 in practice). */
const FIXED_BYTES = 2048;
/** Bytes per UTF-16 unit of a string, at worst (`\u001f`). */
const STRING_UNIT_BYTES = 6;

export class TestJsonBytes implements JsonItemEncoder<RowFacts> {
  private readonly file: Uint8Array;
  private readonly formula: Uint8Array;
  private readonly formulaOf: (left: number, right: number) => number;
  /** Day (ms at midnight UTC) → its `YYYY-MM-DD`, the last few looked up. */
  private readonly days = new Map<number, Uint8Array>();
  /** The JSON of the warnings of a flags value whose words depend on no number (torque-zero alone). */
  private readonly fixedWarnings = new Map<number, Uint8Array>();
  private buf: Buffer = Buffer.alloc(0);
  private at = 0;
  /** The last number converted by JSON.stringify(n), without its sign, and its text (at most 24 characters). */
  private lastAbs = Number.NaN;
  private readonly lastDigits = new Uint8Array(32);
  private lastLength = 0;

  constructor(options: { file: string; asymmetryFormula?: AsymmetryFormula | undefined }) {
    this.file = Buffer.from(JSON.stringify(options.file));
    const formula = options.asymmetryFormula ?? defaultAsymmetryFormula;
    this.formula = Buffer.from(JSON.stringify(formula));
    this.formulaOf = asymmetryFormulas[formula];
  }

  /** At least the bytes write(f) takes. */
  maxBytes(f: RowFacts): number {
    const texts =
      f.athlete.id.length + (f.athleteName?.length ?? 0) + (f.externalId?.length ?? 0) + f.testType.length + (f.device?.length ?? 0) +
      (f.valdTestId?.length ?? 0) + (f.postLoadNote?.length ?? 0);
    return FIXED_BYTES + STRING_UNIT_BYTES * texts + this.file.length + (f.warnings === 0 ? 0 : this.warningBytes(f).length);
  }

  /** Writes the test's JSON into buf at `at` (maxBytes(f) must fit); returns where it ends. */
  write(f: RowFacts, buf: Buffer, at: number): number {
    this.buf = buf;
    this.at = at;
    this.piece(P.testId);
    if (f.valdTestId === null) this.hexId(f.idHi, f.idLo);
    else this.string(f.valdTestId);
    this.piece(f.valdTestId === null ? P.derived : P.vald);
    this.string(f.athlete.id);
    this.piece(P.athleteName);
    this.stringOrNull(f.athleteName);
    this.piece(P.externalId);
    this.stringOrNull(f.externalId);
    this.piece(P.testedAt);
    this.time(f.ms);
    this.piece(P.testType);
    this.string(f.testType);
    this.piece(P.device);
    this.stringOrNull(f.device);
    this.piece(P.bodyMassKg);
    this.numberOrNull(f.bodyMassKg);
    this.piece(P.left);
    this.side(f.left);
    this.piece(P.right);
    this.side(f.right);
    this.asymmetry(f.left.peakN, f.right.peakN);
    if (f.warnings === 0) this.piece(P.noWarnings);
    else this.piece(this.warningBytes(f));
    this.piece(P.file);
    this.piece(this.file);
    this.piece(P.line);
    this.number(f.line);
    this.piece(P.vendor);
    this.numberOrNull(f.vendorMaxImbalancePct);
    if (f.postLoadNote !== null) {
      this.piece(P.postLoad);
      this.string(f.postLoadNote);
    }
    this.piece(P.close);
    this.buf = EMPTY;
    return this.at;
  }

  /** JSON.stringify(n) as this writer writes it (for tests). */
  numberJson(n: number): string {
    const buf = Buffer.alloc(64);
    this.buf = buf;
    this.at = 0;
    this.number(n);
    const text = buf.toString('latin1', 0, this.at);
    this.buf = EMPTY;
    return text;
  }

  private side(s: FactSide): void {
    this.nanOrNumber(s.peakN);
    this.piece(P.avgN);
    this.nanOrNumber(s.avgN);
    this.piece(P.repCount);
    this.number(s.repCount);
    this.piece(P.impulseNs);
    this.nanOrNumber(s.impulseNs);
    this.piece(P.torqueNm);
    this.nanOrNumber(s.torqueNm);
    this.piece(P.peakNPerKg);
    this.nanOrNumber(s.peakNPerKg);
    this.piece(P.calibrationN);
    this.nanOrNumber(s.calibrationN);
    this.piece(P.timeToPeakS);
    this.nanOrNumber(s.timeToPeakS);
  }

  /** asymmetry(orNull(left), orNull(right), formula) and the warnings key after it. */
  private asymmetry(left: number, right: number): void {
    if (Number.isNaN(left) || Number.isNaN(right) || Math.max(left, right) <= 0) {
      this.piece(P.asymmetryNull);
      return;
    }
    this.piece(P.asymmetry);
    this.number(this.formulaOf(left, right));
    this.piece(left === right ? P.weakerNull : left < right ? P.weakerLeft : P.weakerRight);
    this.piece(this.formula);
    this.piece(P.warnings);
  }

  private warningBytes(f: RowFacts): Uint8Array {
    const fixed = this.fixedWarnings.get(f.warnings);
    if (fixed !== undefined) return fixed;
    const bytes = Buffer.from(JSON.stringify(warningList(f.warnings, f)));
    if (f.warnings === TORQUE_ZERO_ONLY) this.fixedWarnings.set(f.warnings, bytes);
    return bytes;
  }

  private piece(p: Uint8Array): void {
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < p.length; i++) buf[at++] = p[i]!;
    this.at = at;
  }

  private stringOrNull(s: string | null): void {
    if (s === null) this.piece(P.null);
    else this.string(s);
  }

  /** JSON.stringify(s) as UTF-8: printable ASCII copied between quotes, anything else through JSON.stringify. */
  private string(s: string): void {
    const buf = this.buf;
    const start = this.at;
    let at = start + 1;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
        this.at = start + buf.write(JSON.stringify(s), start);
        return;
      }
      buf[at++] = c;
    }
    buf[start] = 0x22;
    buf[at++] = 0x22;
    this.at = at;
  }

  /** A FactSide's number: NaN is the record's null. */
  private nanOrNumber(n: number): void {
    if (Number.isNaN(n)) this.piece(P.null);
    else this.number(n);
  }

  private numberOrNull(n: number | null): void {
    if (n === null) this.piece(P.null);
    else this.number(n);
  }

  /** JSON.stringify(n). */
  private number(n: number): void {
    if ((n | 0) === n) {
      // A small integer (-0 too: JSON.stringify writes it 0).
      if (n < 0) this.buf[this.at++] = 0x2d;
      this.digitsOf(n < 0 ? -n : n);
      return;
    }
    if (!Number.isFinite(n)) {
      this.piece(P.null);
      return;
    }
    const a = n < 0 ? -n : n;
    if (a < DIGIT_PATH_MAX) {
      const m = Math.round(a * SCALE);
      if (m / SCALE === a) {
        if (n < 0) this.buf[this.at++] = 0x2d;
        this.fixed(m);
        return;
      }
    }
    // Number#toString itself. The last one's digits are kept: a Hub export's Max Imbalance (%) is, but
    // for its sign, the default asymmetry written just before it (asymmetry.stronger-weaker@1), and these
    // conversions were half of this writer's time.
    if (n < 0) this.buf[this.at++] = 0x2d;
    const last = this.lastDigits;
    if (a !== this.lastAbs) {
      // JSON.stringify, not String(): String() enters each result in V8's number-string cache, which kept
      // every such string alive into the old generation (iso-1M --json: ~25 MB more peak on this thread).
      const text = JSON.stringify(a);
      for (let i = 0; i < text.length; i++) last[i] = text.charCodeAt(i);
      this.lastLength = text.length;
      this.lastAbs = a;
    }
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < this.lastLength; i++) buf[at++] = last[i]!;
    this.at = at;
  }

  /**
   * a = m / 10^6 in fixed notation with the fewest fractional digits, which is how Number#toString writes
   * a when m / 10^6 gives a back. That string reads back as a (the division of two exact doubles rounds as
   * parsing does), and nothing shorter does: two decimals of at most 6 fractional digits that both read as
   * a are one (they are 10^-6 or more apart, and below 10^6 the numbers that read as a lie within about
   * 10^-10 of it), so a shorter string is this decimal without its trailing zeros, and Math.round found its
   * m (below 10^6, a·10^6 is within 10^-3 of that integer). No other string of that length reads as a, by
   * the same spacing. Whole part and fraction are int32s: a double's % is a library call.
   */
  private fixed(m: number): void {
    const whole = Math.floor(m / SCALE);
    let fraction = (m - whole * SCALE) | 0;
    this.digitsOf(whole);
    if (fraction === 0) return;
    let k = MAX_FRACTION_DIGITS;
    while (fraction % 10 === 0) {
      fraction = (fraction / 10) | 0;
      k--;
    }
    const buf = this.buf;
    let at = this.at + k + 1;
    this.at = at;
    for (let i = 0; i < k; i++) {
      const q = (fraction / 10) | 0;
      buf[--at] = 0x30 + fraction - q * 10;
      fraction = q;
    }
    buf[--at] = 0x2e;
  }

  /** The decimal digits of an int32 ≥ 0. */
  private digitsOf(v: number): void {
    const buf = this.buf;
    let digits = 1;
    for (let p = 10; p <= v && digits < 10; p *= 10) digits++;
    let at = this.at + digits;
    this.at = at;
    do {
      const q = (v / 10) | 0;
      buf[--at] = 0x30 + v - q * 10;
      v = q;
    } while (v > 0);
  }

  /** 'h' and the 16 hex digits of toHex64(hi, lo), quoted. */
  private hexId(hi: number, lo: number): void {
    const buf = this.buf;
    let at = this.at;
    buf[at++] = 0x22;
    buf[at++] = 0x68;
    for (let shift = 28; shift >= 0; shift -= 4) buf[at++] = HEX_DIGIT[(hi >>> shift) & 15]!;
    for (let shift = 28; shift >= 0; shift -= 4) buf[at++] = HEX_DIGIT[(lo >>> shift) & 15]!;
    buf[at++] = 0x22;
    this.at = at;
  }

  /** The test time as TestRowMapper's iso(ms) writes it (without the quotes around it). */
  private time(ms: number): void {
    const minuteOfDay = (ms % 86_400_000) / 60_000;
    if (ms < 0 || !Number.isInteger(minuteOfDay)) {
      const text = new Date(ms).toISOString();
      this.at += this.buf.write(text, this.at, 'latin1');
      return;
    }
    const day = ms - minuteOfDay * 60_000;
    let prefix = this.days.get(day);
    if (prefix === undefined) {
      if (this.days.size >= 1024) this.days.clear();
      prefix = ascii(new Date(day).toISOString().slice(0, 10));
      this.days.set(day, prefix);
    }
    this.piece(prefix);
    const buf = this.buf;
    let at = this.at;
    const hour = Math.floor(minuteOfDay / 60);
    const minute = minuteOfDay - hour * 60;
    buf[at++] = 0x54; // T
    buf[at++] = 0x30 + Math.floor(hour / 10);
    buf[at++] = 0x30 + (hour % 10);
    buf[at++] = 0x3a;
    buf[at++] = 0x30 + Math.floor(minute / 10);
    buf[at++] = 0x30 + (minute % 10);
    this.at = at;
    this.piece(SECONDS_ZERO);
  }
}

const EMPTY = Buffer.alloc(0);
const HEX_DIGIT = ascii('0123456789abcdef');
const SECONDS_ZERO = ascii(':00.000Z');
/** WARNING_BITS' torque-zero bit: its words are the same for every test. */
const TORQUE_ZERO_ONLY = 1 << 7;
