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

/**
 * A set of 64-bit keys in two typed arrays (open addressing, linear probing): 8 bytes a key at the
 * most 50 % load, where a Set of 16-character strings costs ~60 bytes a key.
 */
export class HashSet64 {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private used: Uint8Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 12) {
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.used = new Uint8Array(capacity);
    this.mask = capacity - 1;
  }

  /** Adds the key; false when it was already there. */
  add(hi: number, lo: number): boolean {
    if (this.size * 2 >= this.hi.length) this.grow();
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    while (this.used[i]) {
      if (this.hi[i] === hi && this.lo[i] === lo) return false;
      i = (i + 1) & this.mask;
    }
    this.used[i] = 1;
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.size++;
    return true;
  }

  private grow(): void {
    const { hi, lo, used } = this;
    const capacity = hi.length * 2;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.used = new Uint8Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
    for (let i = 0; i < used.length; i++) if (used[i]) this.add(hi[i]!, lo[i]!);
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

  /** Numbers enter as their exact 64-bit pattern; null as a separator alone. */
  num(n: number | null): this {
    if (n !== null) {
      F64[0] = n;
      this.char(U32[0]!);
      this.char(U32[1]!);
    }
    this.char(0x1e);
    return this;
  }

  /** Finalises into [hi, lo] (does not reset). */
  digest(): [number, number] {
    let { h1, h2 } = this;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return [h1 >>> 0, h2 >>> 0];
  }
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** 16 hex digits; a byte table is several times faster than toString(16) + padStart on the hot path. */
export const toHex64 = (hi: number, lo: number) =>
  HEX[hi >>> 24]! + HEX[(hi >>> 16) & 255]! + HEX[(hi >>> 8) & 255]! + HEX[hi & 255]! +
  HEX[lo >>> 24]! + HEX[(lo >>> 16) & 255]! + HEX[(lo >>> 8) & 255]! + HEX[lo & 255]!;
