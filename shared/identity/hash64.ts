/**
 * A 64-bit non-cryptographic string hash (two independent 32-bit lanes, cyrb-style mixing). Used for
 * derived test ids and for de-duplication keys: at 1M tests the chance of any collision is ~3e-8.
 */
export function hash64(text: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

export function hash64Hex(text: string): string {
  const [a, b] = hash64(text);
  return toHex64(a, b);
}

/** Fill at which the set grows: linear probing stays short (2-3 probes for a new key) below it. */
const MAX_LOAD = 0.75;
const TWO_POW_32 = 4294967296;

/**
 * A set of 64-bit keys in one typed array (open addressing, linear probing): 8 bytes a slot at up to 75 %
 * load, where a Set of 16-character strings costs ~60 bytes a key. Both halves of a key sit side by side,
 * so a lookup costs one cache miss (at 1M keys three separate arrays cost three: 0.3 s of a 3.4 s run).
 * The key 0:0 marks an empty slot and is kept aside.
 *
 * The capacity is any number of slots, not a power of two (a key's home slot is its mixed hash scaled to
 * the capacity), so a set sized for the keys it expects (`expectKeys`) is allocated once, without the
 * doubling that left the old and new arrays resident together (compact-1M: 24 MB at the last growth;
 * sized, 10.7 MB).
 */
export class HashSet64 {
  private keys: Int32Array;
  private capacity: number;
  private limit: number;
  private hasZero = false;
  size = 0;

  constructor(expectedKeys = 3072) {
    this.capacity = HashSet64.capacityFor(expectedKeys);
    this.keys = new Int32Array(this.capacity * 2);
    this.limit = Math.floor(this.capacity * MAX_LOAD);
  }

  private static capacityFor(keys: number): number {
    return Math.max(16, Math.ceil(keys / MAX_LOAD));
  }

  /** Before the first add: sizes the set for about `keys` keys (it still grows past them). */
  expectKeys(keys: number): void {
    if (this.size > 0 || HashSet64.capacityFor(keys) <= this.capacity) return;
    this.capacity = HashSet64.capacityFor(keys);
    this.keys = new Int32Array(this.capacity * 2);
    this.limit = Math.floor(this.capacity * MAX_LOAD);
  }

  /** Slots in the table (for tests and memory figures). */
  get slots(): number {
    return this.capacity;
  }

  /** Adds the key; false when it was already there. */
  add(hi: number, lo: number): boolean {
    hi |= 0;
    lo |= 0;
    if (hi === 0 && lo === 0) {
      if (this.hasZero) return false;
      this.hasZero = true;
      this.size++;
      return true;
    }
    if (this.size >= this.limit) this.grow();
    const keys = this.keys;
    const capacity = this.capacity;
    // The mixed 32 bits scaled to [0, capacity): a double product, exact below 2^21 slots; above, rounding
    // only nudges the home slot (the error is far below one slot's width).
    let i = Math.floor(((lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0) * capacity / TWO_POW_32);
    for (;;) {
      const h = keys[2 * i]!;
      const l = keys[2 * i + 1]!;
      if (h === hi && l === lo) return false;
      if (h === 0 && l === 0) break;
      if (++i === capacity) i = 0;
    }
    keys[2 * i] = hi;
    keys[2 * i + 1] = lo;
    this.size++;
    return true;
  }

  /** Whether the key is in the set (add's probe, kept apart: add is the de-duplication hot path, measured as it is). */
  has(hi: number, lo: number): boolean {
    hi |= 0;
    lo |= 0;
    if (hi === 0 && lo === 0) return this.hasZero;
    const keys = this.keys;
    const capacity = this.capacity;
    let i = Math.floor(((lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0) * capacity / TWO_POW_32);
    for (;;) {
      const h = keys[2 * i]!;
      const l = keys[2 * i + 1]!;
      if (h === hi && l === lo) return true;
      if (h === 0 && l === 0) return false;
      if (++i === capacity) i = 0;
    }
  }

  private grow(): void {
    const old = this.keys;
    this.capacity *= 2;
    this.keys = new Int32Array(this.capacity * 2);
    this.limit = Math.floor(this.capacity * MAX_LOAD);
    this.size = this.hasZero ? 1 : 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.add(old[i]!, old[i + 1]!);
  }
}

/** The same 64-bit hash fed field by field, so an id can be derived without building a key string. */
export class Hash64 {
  h1 = 0xdeadbeef;
  h2 = 0x41c6ce57;

  reset(): this {
    this.h1 = 0xdeadbeef;
    this.h2 = 0x41c6ce57;
    return this;
  }

  char(c: number): void {
    this.h1 = Math.imul(this.h1 ^ c, 2654435761);
    this.h2 = Math.imul(this.h2 ^ c, 1597334677);
  }

  str(s: string): this {
    for (let i = 0; i < s.length; i++) this.char(s.charCodeAt(i));
    this.char(0x1f);
    return this;
  }

  /** Numbers enter as their exact 64-bit pattern; null, and NaN (a FactSide's null), as a separator alone. */
  num(n: number | null): this {
    if (n !== null && n === n) {
      F64[0] = n;
      this.char(U32[0]!);
      this.char(U32[1]!);
    }
    this.char(0x1e);
    return this;
  }

  /**
   * num() of a side's repCount, peakN and avgN, read here: a double passed to a call that is not inlined
   * is boxed (39 MB of garbage over 1M rows). NaN, like null, enters as the separator alone.
   */
  side(s: { repCount: number; peakN: number | null; avgN: number | null }): this {
    for (let k = 0; k < 3; k++) {
      const n = k === 0 ? s.repCount : k === 1 ? s.peakN : s.avgN;
      if (n !== null && n === n) {
        F64[0] = n;
        this.char(U32[0]!);
        this.char(U32[1]!);
      }
      this.char(0x1e);
    }
    return this;
  }

  /** Finalises into [hi, lo] (does not reset). */
  digest(): [number, number] {
    this.digestInto(DIGEST);
    return [DIGEST.idHi, DIGEST.idLo];
  }

  /** digest() into out.idHi and out.idLo: no array a call (the per-row path; 65 MB of garbage at 1M rows). */
  digestInto(out: { idHi: number; idLo: number }): void {
    let { h1, h2 } = this;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    out.idHi = h1 >>> 0;
    out.idLo = h2 >>> 0;
  }
}

const DIGEST = { idHi: 0, idLo: 0 };
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** 16 hex digits; a byte table is several times faster than toString(16) + padStart on the hot path. */
export const toHex64 = (hi: number, lo: number) =>
  HEX[hi >>> 24]! + HEX[(hi >>> 16) & 255]! + HEX[(hi >>> 8) & 255]! + HEX[hi & 255]! +
  HEX[lo >>> 24]! + HEX[(lo >>> 16) & 255]! + HEX[(lo >>> 8) & 255]! + HEX[lo & 255]!;
