/**
 * A value per distinct byte content of a few fields of a record, taken together: the mapper keeps the athlete
 * a row's identity cells (name, ExternalId, profile ids) resolve to, so that a row of a known athlete costs
 * one hash over those bytes and one table probe.
 *
 * Interning each cell (text-interner.ts) and then looking the athlete up in a Map by the interned string
 * touched about fifteen scattered cache lines a row — the interner's tables for two columns, the strings'
 * hashes, the Map's buckets and entries; with 10,000 athletes in random order those were misses, and they
 * were a quarter of a one-thread summary (iso-1M: readTexts 21 %, athleteOf 11 %). Here an entry's hash,
 * bytes' offset and field lengths sit side by side in one Int32Array.
 *
 * Same bytes always mean the same texts (a cell's text is a function of its bytes), so a hit is exact; cells
 * that differ only in surrounding blanks are two entries with one value. A table that fills (MAX_ENTRIES)
 * starts again, and stays off for good when fewer than half of its lookups hit (athletes that hardly
 * repeat: the mapper's own caches then do the work).
 */
import type { CsvRecord } from './csv-record.ts';
import { grownSlots, homeSlot } from './slot-table.ts';

const MAX_ENTRIES = 1 << 16;
/** Longer keys are not cached (identity cells are short: names and ids). */
const MAX_KEY_BYTES = 256;

export class RowKeyCache<T> {
  /** Per entry: hash, arena offset, then each field's length. */
  private readonly stride: number;
  private readonly fields: number;
  private meta: Int32Array;
  private slots = new Int32Array(1 << 10);
  private values: T[] = [];
  private arena = Buffer.allocUnsafe(1 << 14);
  private arenaUsed = 0;
  private hits = 0;
  private lookups = 0;
  /** False once the table filled with a low hit rate. */
  enabled = true;
  /** The slot, hash and key length of the last miss, for put(). */
  private missSlot = 0;
  private missHash = 0;
  private missBytes = 0;

  constructor(fields: number) {
    this.fields = fields;
    this.stride = fields + 2;
    this.meta = new Int32Array(this.stride << 9);
  }

  /** The value for the record's bytes in columns `cols` (-1: an absent column, empty), or undefined: then put() it. */
  get(rec: CsvRecord, cols: Int32Array): T | undefined {
    const buf = rec.buf;
    let h = 0x811c9dc5;
    let total = 0;
    for (let k = 0; k < cols.length; k++) {
      const col = cols[k]!;
      const s = col < 0 ? 0 : rec.start(col);
      const e = col < 0 ? 0 : rec.end(col);
      for (let p = s; p < e; p++) h = Math.imul(h ^ buf[p]!, 0x01000193);
      // The length too: "ab"+"c" and "a"+"bc" are different keys.
      h = Math.imul(h ^ (e - s + 0x100), 0x01000193);
      total += e - s;
    }
    this.missBytes = total;
    if (total > MAX_KEY_BYTES) return undefined;
    this.lookups++;
    const mask = this.slots.length - 1;
    let slot = homeSlot(h, mask);
    for (;;) {
      const entry = this.slots[slot]! - 1;
      if (entry < 0) break;
      if (this.meta[entry * this.stride] === h && this.sameBytes(entry, rec, cols)) {
        this.hits++;
        return this.values[entry];
      }
      slot = (slot + 1) & mask;
    }
    this.missSlot = slot;
    this.missHash = h;
    return undefined;
  }

  /** Remembers `value` for the key the last get() on this record missed. */
  put(rec: CsvRecord, cols: Int32Array, value: T): void {
    const total = this.missBytes;
    if (total > MAX_KEY_BYTES) return;
    const entry = this.values.length;
    if (entry === MAX_ENTRIES) {
      this.enabled = this.hits * 2 >= this.lookups;
      this.clear();
      return;
    }
    const stride = this.stride;
    if ((entry + 1) * stride > this.meta.length) {
      const next = new Int32Array(this.meta.length * 2);
      next.set(this.meta);
      this.meta = next;
    }
    if (this.arenaUsed + total > this.arena.length) {
      const next = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.arenaUsed + total));
      this.arena.copy(next, 0, 0, this.arenaUsed);
      this.arena = next;
    }
    const at = entry * stride;
    this.meta[at] = this.missHash;
    this.meta[at + 1] = this.arenaUsed;
    for (let k = 0; k < this.fields; k++) {
      const col = cols[k]!;
      const s = col < 0 ? 0 : rec.start(col);
      const e = col < 0 ? 0 : rec.end(col);
      this.meta[at + 2 + k] = e - s;
      rec.buf.copy(this.arena, this.arenaUsed, s, e);
      this.arenaUsed += e - s;
    }
    this.values.push(value);
    this.slots[this.missSlot] = entry + 1;
    if (this.values.length * 2 > this.slots.length) this.rehash();
  }

  private sameBytes(entry: number, rec: CsvRecord, cols: Int32Array): boolean {
    const meta = this.meta;
    const at = entry * this.stride;
    const arena = this.arena;
    const buf = rec.buf;
    let a = meta[at + 1]!;
    for (let k = 0; k < cols.length; k++) {
      const col = cols[k]!;
      const s = col < 0 ? 0 : rec.start(col);
      const len = (col < 0 ? 0 : rec.end(col)) - s;
      if (meta[at + 2 + k] !== len) return false;
      for (let i = 0; i < len; i++) if (arena[a + i] !== buf[s + i]) return false;
      a += len;
    }
    return true;
  }

  private clear(): void {
    this.slots.fill(0);
    this.values = [];
    this.arenaUsed = 0;
  }

  private rehash(): void {
    this.slots = grownSlots(this.slots, this.values.length, (entry) => this.meta[entry * this.stride]!);
  }

}
