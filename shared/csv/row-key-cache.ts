/**
 * A value per distinct byte content of a few fields of a record, taken together: the mapper keeps the athlete
 * a row's identity cells (name, ExternalId, profile ids) resolve to, so that a row of a known athlete costs
 * one hash over those bytes and one table probe.
 *
 * Interning each cell (text-interner.ts) and then looking the athlete up in a Map by the interned string
 * touched about fifteen scattered cache lines a row — the interner's tables for two columns, the strings'
 * hashes, the Map's buckets and entries; with 10,000 athletes in random order those were misses, and they
 * were a quarter of a one-thread summary (iso-1M: readTexts 21 %, athleteOf 11 %). Here a slot holds the
 * entry's hash, number and key offset side by side, and the key's field lengths sit just before its bytes:
 * a hit reads the slot, then the key and the value at once (neither waits for the other).
 *
 * Same bytes always mean the same texts (a cell's text is a function of its bytes), so a hit is exact; cells
 * that differ only in surrounding blanks are two entries with one value. A table that fills (MAX_ENTRIES)
 * starts again, and stays off for good when fewer than half of its lookups hit (athletes that hardly
 * repeat: the mapper's own caches then do the work).
 */
import type { CsvRecord } from './csv-record.ts';
import { homeSlot } from './slot-table.ts';

const MAX_ENTRIES = 1 << 16;
/** Longer keys are not cached (identity cells are short: names and ids); each field's length fits a byte. */
const MAX_KEY_BYTES = 255;
/** A slot: the entry's hash, its number + 1 (0: an empty slot) and where its key starts in the arena. */
const SLOT = 3;

export class RowKeyCache<T> {
  private readonly fields: number;
  /** SLOT int32s per slot, a power of two slots, at most half of them used. */
  private slots = new Int32Array(SLOT << 10);
  private values: T[] = [];
  /** Per entry: one byte per field, its length, then the fields' bytes. */
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
  }

  /** The hash of the record's bytes in columns `cols` into `rec.keyHash`, their length into `rec.keyBytes`. */
  private keyOf(rec: CsvRecord, cols: Int32Array): void {
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
    rec.keyHash = h;
    rec.keyBytes = total;
    rec.keyOf = cols;
  }

  /**
   * Reads, for a batch of records, the memory their get() will read: each one's slot, key bytes and value,
   * and `touch`'s part of the value, each batch step a loop of independent reads, so that the cache misses
   * overlap (one record at a time, a row's five misses each waited on the one before). Changes nothing a
   * get() answers; keeps the records' key hashes for it.
   */
  warm(records: readonly CsvRecord[], count: number, cols: Int32Array, touch: (value: T) => number): void {
    for (let i = 0; i < count; i++) this.keyOf(records[i]!, cols);
    const slots = this.slots;
    const mask = slots.length / SLOT - 1;
    if (this.warmed.length < count) this.warmed = new Int32Array(count);
    const found = this.warmed;
    let sink = 0;
    for (let i = 0; i < count; i++) {
      const at = homeSlot(records[i]!.keyHash, mask) * SLOT;
      found[i] = slots[at + 1]! - 1;
      sink ^= this.arena[slots[at + 2]!]!;
    }
    for (let i = 0; i < count; i++) {
      const entry = found[i]!;
      if (entry >= 0) sink ^= touch(this.values[entry]!);
    }
    this.sink = sink;
  }

  private warmed = new Int32Array(32);
  /** What warm() read, kept so that the reads are not optimized away. */
  sink = 0;

  /** The value for the record's bytes in columns `cols` (-1: an absent column, empty), or undefined: then put() it. */
  get(rec: CsvRecord, cols: Int32Array): T | undefined {
    if (rec.keyOf !== cols) this.keyOf(rec, cols);
    const h = rec.keyHash;
    const total = rec.keyBytes;
    this.missBytes = total;
    if (total > MAX_KEY_BYTES) return undefined;
    this.lookups++;
    const slots = this.slots;
    const mask = slots.length / SLOT - 1;
    let slot = homeSlot(h, mask);
    for (;;) {
      const at = slot * SLOT;
      const entry = slots[at + 1]! - 1;
      if (entry < 0) break;
      if (slots[at] === h && this.sameBytes(slots[at + 2]!, rec, cols)) {
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
    const size = this.fields + total;
    if (this.arenaUsed + size > this.arena.length) {
      const next = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.arenaUsed + size));
      this.arena.copy(next, 0, 0, this.arenaUsed);
      this.arena = next;
    }
    const at = this.missSlot * SLOT;
    this.slots[at] = this.missHash;
    this.slots[at + 1] = entry + 1;
    this.slots[at + 2] = this.arenaUsed;
    let bytes = this.arenaUsed + this.fields;
    for (let k = 0; k < this.fields; k++) {
      const col = cols[k]!;
      const s = col < 0 ? 0 : rec.start(col);
      const e = col < 0 ? 0 : rec.end(col);
      this.arena[this.arenaUsed + k] = e - s;
      rec.buf.copy(this.arena, bytes, s, e);
      bytes += e - s;
    }
    this.arenaUsed = bytes;
    this.values.push(value);
    if (this.values.length * 2 > this.slots.length / SLOT) this.rehash();
  }

  /** Whether the key at arena offset `a` holds the record's bytes in `cols`. */
  private sameBytes(a: number, rec: CsvRecord, cols: Int32Array): boolean {
    const arena = this.arena;
    const buf = rec.buf;
    let b = a + cols.length;
    for (let k = 0; k < cols.length; k++) {
      const col = cols[k]!;
      const s = col < 0 ? 0 : rec.start(col);
      const len = (col < 0 ? 0 : rec.end(col)) - s;
      if (arena[a + k] !== len) return false;
      for (let i = 0; i < len; i++) if (arena[b + i] !== buf[s + i]) return false;
      b += len;
    }
    return true;
  }

  private clear(): void {
    this.slots.fill(0);
    this.values = [];
    this.arenaUsed = 0;
  }

  /** Twice the slots, every entry placed again by its hash. */
  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length / SLOT - 1;
    for (let from = 0; from < old.length; from += SLOT) {
      if (old[from + 1] === 0) continue;
      let slot = homeSlot(old[from]!, mask);
      while (slots[slot * SLOT + 1] !== 0) slot = (slot + 1) & mask;
      slots.set(old.subarray(from, from + SLOT), slot * SLOT);
    }
    this.slots = slots;
  }
}
