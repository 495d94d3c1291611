import type { TestRecord } from '../model/test-record.ts';

/**
 * Buffers serialized tests and hands the text to `write` in ~1 MB pieces, so a million tests become a
 * few hundred writes instead of a million.
 */
export class JsonArrayWriter<T> {
  private parts: string[] = [];
  private bytes = 0;
  private first = true;
  private readonly write: (chunk: string | Uint8Array) => void;
  private readonly serialize: (item: T) => string;

  constructor(write: (chunk: string | Uint8Array) => void, serialize: (item: T) => string = (item) => JSON.stringify(item)) {
    this.write = write;
    this.serialize = serialize;
  }

  add(item: T): void {
    const text = this.serialize(item);
    this.parts.push(this.first ? text : `,${text}`);
    this.first = false;
    this.bytes += text.length + 1;
    if (this.bytes >= 1 << 20) this.flush();
  }

  /**
   * Items serialized elsewhere by a JsonBytesWriter (a worker thread's): its first piece has no leading
   * comma, later ones do; the comma is fixed up for what this writer has written before.
   */
  addSerialized(piece: Uint8Array): void {
    if (piece.length === 0) return;
    const continued = piece[0] === 0x2c;
    this.flush();
    if (this.first) this.write(continued ? piece.subarray(1) : piece);
    else {
      if (!continued) this.write(',');
      this.write(piece);
    }
    this.first = false;
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.write(this.parts.join(''));
    this.parts = [];
    this.bytes = 0;
  }
}

const PIECE_BYTES = 1 << 20;

/** Writes an item's JSON as UTF-8 straight into a Buffer (TestJsonBytes for tests). */
export interface JsonItemEncoder<T> {
  /** At least the bytes write() will take. */
  maxBytes(item: T): number;
  /** Writes the item at `at`; returns where it ends. */
  write(item: T, buf: Buffer, at: number): number;
}

/**
 * The same comma-separated items as UTF-8 bytes in ~1 MB Buffers of their own: a Buffer is transferred to
 * the writing thread, where a joined string was copied twice more (join, then postMessage) and encoded once
 * more (0.6 s of join alone at 1M tests).
 */
export class JsonBytesWriter<T> {
  private buf = Buffer.allocUnsafe(PIECE_ALLOCATED);
  private readonly spare: Buffer<ArrayBuffer>[] = [];
  private used = 0;
  private first = true;
  private readonly emit: (piece: Buffer) => void;
  private readonly encoder: JsonItemEncoder<T>;

  constructor(emit: (piece: Buffer) => void, encoder: JsonItemEncoder<T>) {
    this.emit = emit;
    this.encoder = encoder;
  }

  add(item: T): void {
    const room = this.encoder.maxBytes(item) + 1;
    if (this.used + room > this.buf.length) {
      this.flush();
      if (room > this.buf.length) this.buf = Buffer.allocUnsafe(room);
    }
    if (!this.first) this.buf[this.used++] = 0x2c;
    this.first = false;
    this.used = this.encoder.write(item, this.buf, this.used);
    if (this.used >= PIECE_BYTES) this.flush();
  }

  flush(): void {
    if (this.used === 0) return;
    this.emit(this.buf.subarray(0, this.used));
    this.buf = this.spare.pop() ?? Buffer.allocUnsafe(PIECE_ALLOCATED);
    this.used = 0;
  }

  /**
   * Takes back a piece this writer emitted, once its bytes were written, for a later piece. A fresh 1 MB
   * Buffer a piece stayed allocated until V8's next full GC, which comes rarely once little else is garbage:
   * ~15 MB more peak (iso-1M --json).
   */
  recycle(piece: Buffer): void {
    const bytes = piece.buffer;
    if (this.spare.length < MAX_SPARE && bytes instanceof ArrayBuffer && piece.byteOffset === 0 && bytes.byteLength === PIECE_ALLOCATED && bytes !== this.buf.buffer) {
      this.spare.push(Buffer.from(bytes));
    }
  }
}

/** A piece's room: a piece is emitted once it holds PIECE_BYTES, and one test takes far less than 64 KB. */
const PIECE_ALLOCATED = PIECE_BYTES + (64 << 10);
const MAX_SPARE = 2;

export const serializeTest = (t: TestRecord): string => JSON.stringify(t);
