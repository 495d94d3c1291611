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

/**
 * The same comma-separated items as UTF-8 bytes in ~1 MB Buffers of their own, for a worker thread: a
 * Buffer is transferred to the writing thread, where a joined string was copied twice more (join, then
 * postMessage) and encoded once more (0.6 s of join alone at 1M tests).
 */
export class JsonBytesWriter<T> {
  private buf = Buffer.allocUnsafe(PIECE_BYTES + (64 << 10));
  private used = 0;
  private first = true;
  private readonly emit: (piece: Buffer) => void;
  private readonly serialize: (item: T) => string;

  constructor(emit: (piece: Buffer) => void, serialize: (item: T) => string) {
    this.emit = emit;
    this.serialize = serialize;
  }

  add(item: T): void {
    const text = this.serialize(item);
    const room = text.length * 3 + 1; // UTF-8 needs at most 3 bytes per UTF-16 unit
    if (this.used + room > this.buf.length) {
      this.flush();
      if (room > this.buf.length) this.buf = Buffer.allocUnsafe(room);
    }
    if (!this.first) this.buf[this.used++] = 0x2c;
    this.first = false;
    this.used += this.buf.write(text, this.used);
    if (this.used >= PIECE_BYTES) this.flush();
  }

  flush(): void {
    if (this.used === 0) return;
    this.emit(this.buf.subarray(0, this.used));
    this.buf = Buffer.allocUnsafe(PIECE_BYTES + (64 << 10));
    this.used = 0;
  }
}

export const serializeTest = (t: TestRecord): string => JSON.stringify(t);
