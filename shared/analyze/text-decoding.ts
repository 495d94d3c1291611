/**
 * Uploaded bytes to UTF-8, before any reader sees them. Excel's "Unicode text" is UTF-16, older Windows tools
 * write Windows-1252: decoded as UTF-8 those gave `Jos� M�ller` or "binary". The encoding is decided from
 * the bytes and said in the summary (`format.encoding`); bytes that are no text are refused naming what they are.
 *
 * - a UTF-16 LE/BE byte-order mark, or UTF-16's pattern of NUL bytes without one: decoded (strictly);
 * - otherwise UTF-8, checked chunk by chunk (simdutf through buffer.isUtf8: the hot path only validates and
 *   passes the chunks on) until the first byte sequence that is not UTF-8. If everything before it was
 *   ASCII, the file is Windows-1252 (ASCII reads the same in both): from there on it is decoded as such. If
 *   UTF-8 text with other characters came first, the file mixes encodings: a FileFault, the rows before it kept.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { FileFault } from './file-fault.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Bytes looked at before the encoding is decided (fewer when the file is shorter). */
const SNIFF_BYTES = 512;

/** Magic numbers of files people rename to .csv, named in the rejection. */
const MAGIC: [number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (an Excel .xlsx workbook is one): export it as CSV'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel (.xls) or Office document: export it as CSV'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x42, 0x5a, 0x68], 'a bzip2 archive (only gzip is read)'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive (only gzip is read)'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'a Zstandard archive (only gzip is read)'],
  [[0xfd, 0x37, 0x7a, 0x58], 'an xz archive (only gzip is read)'],
  [[0xff, 0xfe, 0x00, 0x00], 'UTF-32 text, which is not read: save it as UTF-8'],
  [[0x00, 0x00, 0xfe, 0xff], 'UTF-32 text, which is not read: save it as UTF-8'],
];

export class TextDecoding {
  /** Decided from the first bytes; 'utf-8' may become 'windows-1252' later (see above). */
  encoding: TextEncoding = 'utf-8';
  /** The file began with a UTF-16 byte-order mark (a UTF-8 one is passed on: the readers see it). */
  utf16Bom = false;
  private mode: 'sniffing' | 'utf-8' | 'decoding' = 'sniffing';
  private sniffed: Buffer[] = [];
  private sniffedBytes = 0;
  private decoder: TextDecoder | null = null;
  /** The unfinished UTF-8 sequence at the end of the last chunk (a copy: chunks may be reused buffers). */
  private carry: Buffer | null = null;
  /** Whether a non-ASCII character has been passed on as UTF-8 (then an invalid byte means mixed encodings). */
  private nonAscii = false;
  /** Bytes passed on so far, for the position in a fault. */
  private offset = 0;

  push(chunk: Buffer, emit: (bytes: Buffer) => void): void {
    if (this.mode === 'sniffing') {
      this.sniffed.push(chunk.length < SNIFF_BYTES ? Buffer.from(chunk) : chunk);
      this.sniffedBytes += chunk.length;
      if (this.sniffedBytes < SNIFF_BYTES) return;
      this.decide(emit);
      return;
    }
    if (this.mode === 'decoding') this.decode(chunk, emit, false);
    else this.passUtf8(chunk, emit);
  }

  end(emit: (bytes: Buffer) => void): void {
    if (this.mode === 'sniffing') this.decide(emit);
    if ((this.mode as string) === 'decoding') this.decode(Buffer.alloc(0), emit, true);
    else if (this.carry !== null) {
      const carry = this.carry;
      this.carry = null;
      this.invalid(carry, emit);
      if (this.mode === 'decoding') this.decode(Buffer.alloc(0), emit, true);
    }
  }

  private decide(emit: (bytes: Buffer) => void): void {
    const head = this.sniffed.length === 1 ? this.sniffed[0]! : Buffer.concat(this.sniffed);
    this.sniffed = [];
    const magic = MAGIC.find(([bytes]) => bytes.every((b, i) => head[i] === b));
    if (magic) throw new FileFault('not-text', `this is ${magic[1]}, not a CSV or JSON export`);
    const utf16 = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : nulPattern(head);
    if (utf16 !== null) {
      this.encoding = utf16;
      this.utf16Bom = head[0] === 0xff || head[0] === 0xfe;
      this.decoder = new TextDecoder(utf16, { fatal: true });
      this.mode = 'decoding';
      this.decode(head, emit, false);
      return;
    }
    this.mode = 'utf-8';
    this.passUtf8(head, emit);
  }

  /** UTF-8 passed on as it is, once checked; the first invalid sequence decides what the file is. */
  private passUtf8(chunk: Buffer, emit: (bytes: Buffer) => void): void {
    let from = 0;
    if (this.carry !== null) {
      // The sequence cut at the last chunk's end, completed from this chunk's first bytes.
      const carry = this.carry;
      const need = Math.min(sequenceLength(carry[0]!) - carry.length, chunk.length);
      const joined = Buffer.concat([carry, chunk.subarray(0, need)]);
      this.carry = null;
      if (joined.length < sequenceLength(joined[0]!)) {
        this.carry = joined; // still unfinished (a tiny chunk)
        return;
      }
      if (!isUtf8(joined)) return this.invalid(Buffer.concat([carry, chunk]), emit);
      this.nonAscii = true;
      this.emitUtf8(joined, emit);
      from = need;
    }
    const end = completeUtf8End(chunk, from);
    const whole = chunk.subarray(from, end);
    // ASCII is UTF-8: until the first other character one scan a chunk, after it one (isUtf8) as well.
    if (this.nonAscii || !isAscii(whole)) {
      if (!isUtf8(whole)) return this.invalid(chunk.subarray(from), emit);
      this.nonAscii = true;
    }
    if (whole.length > 0) this.emitUtf8(whole, emit);
    if (end < chunk.length) this.carry = Buffer.from(chunk.subarray(end));
  }

  private emitUtf8(bytes: Buffer, emit: (bytes: Buffer) => void): void {
    this.offset += bytes.length;
    emit(bytes);
  }

  /** `bytes` (not passed on yet) hold a sequence that is not UTF-8. */
  private invalid(bytes: Buffer, emit: (bytes: Buffer) => void): void {
    const bad = firstInvalidUtf8(bytes);
    const firstNonAscii = bytes.findIndex((b) => b >= 0x80);
    if (this.nonAscii || firstNonAscii < bad) {
      const at = this.offset + bad;
      // The valid text before it is passed on: the rows it completes are kept.
      if (bad > 0) this.emitUtf8(Buffer.from(bytes.subarray(0, bad)), emit);
      throw new FileFault(
        'mixed-encoding',
        `byte ${at.toLocaleString('en')} (0x${bytes[bad]!.toString(16).toUpperCase().padStart(2, '0')}) is not UTF-8, after UTF-8 text with accented or other non-ASCII characters: the file mixes encodings. Save it again as UTF-8`,
      );
    }
    // Only ASCII so far, which Windows-1252 reads the same: the whole file is Windows-1252.
    this.encoding = 'windows-1252';
    this.decoder = new TextDecoder('windows-1252');
    this.mode = 'decoding';
    this.decode(bytes, emit, false);
  }

  private decode(chunk: Buffer, emit: (bytes: Buffer) => void, last: boolean): void {
    let text: string;
    try {
      text = this.decoder!.decode(chunk, { stream: !last });
    } catch {
      throw new FileFault('bad-encoding', `the file reads as ${this.encoding.toUpperCase()} but holds byte sequences that are not ${this.encoding.toUpperCase()} near byte ${this.offset.toLocaleString('en')}`);
    }
    this.offset += chunk.length;
    if (text.length > 0) emit(Buffer.from(text, 'utf8'));
  }
}

/** UTF-16 without a byte-order mark: ASCII text has a NUL in every other byte (odd ones: LE, even ones: BE). */
function nulPattern(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  const pairs = head.length >> 1;
  if (pairs < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  if (odd >= pairs * 0.6 && even <= pairs * 0.05) return 'utf-16le';
  if (even >= pairs * 0.6 && odd <= pairs * 0.05) return 'utf-16be';
  return null;
}

/** The length a UTF-8 sequence announces by its first byte (1 for a byte that cannot start one). */
function sequenceLength(lead: number): number {
  return lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 ? (lead <= 0xef ? 3 : 1) : lead >= 0xc2 && lead <= 0xdf ? 2 : 1;
}

/** Where the last complete UTF-8 sequence of chunk[from…] ends (a lead byte among the last three may start an unfinished one). */
export function completeUtf8End(chunk: Buffer, from = 0): number {
  const end = chunk.length;
  for (let back = 1; back <= 3 && end - back >= from; back++) {
    const b = chunk[end - back]!;
    if (b < 0x80) return end;
    if (b >= 0xc0) return sequenceLength(b) > back ? end - back : end;
  }
  return end;
}

/** Offset of the first byte of `bytes` that does not start or continue a valid UTF-8 sequence (slow path only). */
export function firstInvalidUtf8(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = sequenceLength(b);
    if (n === 1 || i + n > bytes.length || !isUtf8(bytes.subarray(i, i + n))) return i;
    i += n;
  }
  return bytes.length;
}

/** A stream's chunks through a TextDecoding; what it passed on before a FileFault is yielded before the fault. */
export async function* decodeText(source: AsyncIterable<Buffer>, decoding: TextDecoding): AsyncIterable<Buffer> {
  const out: Buffer[] = [];
  const emit = (b: Buffer) => void out.push(b);
  let failure: unknown = null;
  const step = (f: () => void) => {
    try {
      f();
    } catch (error) {
      failure = error;
    }
  };
  for await (const chunk of source) {
    step(() => decoding.push(chunk, emit));
    // Yielded before the next chunk is read: a reused read buffer (file-chunks.ts) is consumed first.
    for (let i = 0; i < out.length; i++) yield out[i]!;
    out.length = 0;
    if (failure !== null) throw failure;
  }
  step(() => decoding.end(emit));
  yield* out;
  if (failure !== null) throw failure;
}
