/**
 * The slot table of the byte-keyed caches (text-interner.ts, row-key-cache.ts): open addressing with linear
 * probing, a slot holding entry + 1 (0: empty), the home slot taken from the entry's 32-bit hash.
 */

/** The home slot of a hash in a table of `mask + 1` slots. */
export const homeSlot = (h: number, mask: number): number => (h ^ (h >>> 15)) & mask;

/** A table twice the size of `old`, with entries 0 … count − 1 placed again by their hashes. */
export function grownSlots(old: Int32Array, count: number, hashOf: (entry: number) => number): Int32Array<ArrayBuffer> {
  const slots = new Int32Array(old.length * 2);
  const mask = slots.length - 1;
  for (let entry = 0; entry < count; entry++) {
    let slot = homeSlot(hashOf(entry), mask);
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = entry + 1;
  }
  return slots;
}
