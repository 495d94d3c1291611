import type { TestRecord } from '../model/test-record.ts';

/**
 * Buffers serialized tests and hands the text to `write` in ~1 MB pieces, so a million tests become a
 * few hundred writes instead of a million.
 */
export class JsonArrayWriter<T> {
  private parts: string[] = [];
  private bytes = 0;
  private first = true;
  private readonly write: (text: string) => void;
  private readonly serialize: (item: T) => string;

  constructor(write: (text: string) => void, serialize: (item: T) => string = (item) => JSON.stringify(item)) {
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
   * Text of items serialized elsewhere by a writer like this one (a worker thread's): its first piece has
   * no leading comma, later ones do; the comma is fixed up for what this writer has written before.
   */
  addSerialized(text: string): void {
    if (text === '') return;
    const continued = text.charCodeAt(0) === 0x2c;
    const piece = this.first ? (continued ? text.slice(1) : text) : continued ? text : `,${text}`;
    this.first = false;
    this.flush();
    this.write(piece);
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.write(this.parts.join(''));
    this.parts = [];
    this.bytes = 0;
  }
}

export const serializeTest = (t: TestRecord): string => JSON.stringify(t);
