/**
 * One decoded string per distinct byte sequence of a column. Names, dates, clock times, devices and test
 * types repeat on almost every row of an export: hashing a field's bytes and returning the string decoded
 * the first time avoids decoding it again, and hands the mapper the same string object row after row, so
 * its Map lookups hit a cached hash (measured at 1M rows: utf8Slice 0.26 s plus 0.6 s of Map lookups
 * hashing fresh strings).
 *
 * A column whose values hardly repeat (test ids, timestamps with seconds) fills the table; at that point a
 * low hit rate turns interning off for the column.
 */
import { grownSlots, homeSlot } from './slot-table.ts';

const MAX_ENTRIES = 1 << 16;
/** Longer fields are decoded as they are: they are rarely repeated labels. */
const MAX_BYTES = 64;

export class TextInterner {
  private slots = new Int32Array(1 << 10);
  private hashes = new Int32Array(1 << 9);
  private starts = new Int32Array(1 << 9);
  private lengths = new Int32Array(1 << 9);
  private strings: string[] = [];
  private arena = Buffer.allocUnsafe(1 << 14);
  private arenaUsed = 0;
  private hits = 0;
  private lookups = 0;
  /** False once the column proved not to repeat. */
  enabled = true;
  /** The slot and hash of the last miss, for put(). */
  private missSlot = 0;
  private missHash = 0;
  /** The entry get() returned last (-1: none): a column often repeats its previous row's value. */
  private lastEntry = -1;

  /** The string for buf[start, end), or undefined: then decode it and call put() with the same range. */
  get(buf: Buffer, start: number, end: number): string | undefined {
    const len = end - start;
    if (len > MAX_BYTES) return undefined;
    // The previous row's value first, compared from the end (where ids, names and times differ): dates,
    // test types and clock times repeat for runs of rows, and then no hash is needed.
    const last = this.lastEntry;
    if (last >= 0 && this.lengths[last] === len && this.sameBytesBackwards(last, buf, start, len)) {
      this.hits++;
      this.lookups++;
      return this.strings[last];
    }
    let h = 0x811c9dc5 ^ len;
    for (let p = start; p < end; p++) h = Math.imul(h ^ buf[p]!, 0x01000193);
    const mask = this.slots.length - 1;
    let slot = homeSlot(h, mask);
    this.lookups++;
    for (;;) {
      const entry = this.slots[slot]! - 1;
      if (entry < 0) break;
      if (this.hashes[entry] === h && this.lengths[entry] === len && this.sameBytes(entry, buf, start, len)) {
        this.hits++;
        this.lastEntry = entry;
        return this.strings[entry];
      }
      slot = (slot + 1) & mask;
    }
    this.missSlot = slot;
    this.missHash = h;
    return undefined;
  }

  /** Remembers `text` for the range the last get() missed. */
  put(buf: Buffer, start: number, end: number, text: string): void {
    const len = end - start;
    if (len > MAX_BYTES) return;
    const entry = this.strings.length;
    if (entry === MAX_ENTRIES) {
      this.enabled = this.hits * 2 >= this.lookups;
      this.clear();
      return;
    }
    if (entry === this.hashes.length) this.growEntries();
    if (this.arenaUsed + len > this.arena.length) this.growArena(len);
    buf.copy(this.arena, this.arenaUsed, start, end);
    this.hashes[entry] = this.missHash;
    this.starts[entry] = this.arenaUsed;
    this.lengths[entry] = len;
    this.strings.push(text);
    this.arenaUsed += len;
    this.slots[this.missSlot] = entry + 1;
    this.lastEntry = entry;
    if (this.strings.length * 2 > this.slots.length) this.rehash();
  }

  private sameBytes(entry: number, buf: Buffer, start: number, len: number): boolean {
    const arena = this.arena;
    const at = this.starts[entry]!;
    for (let i = 0; i < len; i++) if (arena[at + i] !== buf[start + i]) return false;
    return true;
  }

  private sameBytesBackwards(entry: number, buf: Buffer, start: number, len: number): boolean {
    const arena = this.arena;
    const at = this.starts[entry]!;
    for (let i = len - 1; i >= 0; i--) if (arena[at + i] !== buf[start + i]) return false;
    return true;
  }

  private clear(): void {
    this.lastEntry = -1;
    this.slots.fill(0);
    this.strings = [];
    this.arenaUsed = 0;
  }

  private growEntries(): void {
    const n = this.hashes.length * 2;
    for (const key of ['hashes', 'starts', 'lengths'] as const) {
      const next = new Int32Array(n);
      next.set(this[key]);
      this[key] = next;
    }
  }

  private growArena(need: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.arenaUsed + need));
    this.arena.copy(next, 0, 0, this.arenaUsed);
    this.arena = next;
  }

  private rehash(): void {
    this.slots = grownSlots(this.slots, this.strings.length, (entry) => this.hashes[entry]!);
  }

}
