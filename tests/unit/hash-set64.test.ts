import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashSet64 } from '#core/identity/hash64.ts';

const word = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }));
const key = fc.tuple(word, word);

describe('HashSet64', () => {
  it('agrees with a Set of the same keys, whatever it was sized for (0:0 and repeats included)', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 400 }), fc.integer({ min: 0, max: 1000 }), (keys, expected) => {
        const set = new HashSet64(expected);
        const model = new Set<string>();
        for (const [hi, lo] of keys) {
          // Keys are 32-bit words, signed or not: the same bits are the same key.
          const id = `${hi >>> 0}:${lo >>> 0}`;
          expect(set.has(hi, lo)).toBe(model.has(id));
          expect(set.add(hi, lo)).toBe(!model.has(id));
          expect(set.has(hi, lo)).toBe(true);
          model.add(id);
        }
        expect(set.size).toBe(model.size);
        for (const [hi, lo] of keys) expect(set.add(hi, lo)).toBe(false);
      }),
    );
  });

  it('grows past its expected size and keeps every key', () => {
    const set = new HashSet64(16);
    const before = set.slots;
    for (let i = 1; i <= 5000; i++) expect(set.add(i, Math.imul(i, 2654435761))).toBe(true);
    expect(set.slots).toBeGreaterThan(before);
    for (let i = 1; i <= 5000; i++) expect(set.add(i, Math.imul(i, 2654435761))).toBe(false);
    expect(set.size).toBe(5000);
  });

  it('expectKeys sizes an empty set once, for that many keys at 75 % load, and is ignored once keys are in', () => {
    const set = new HashSet64(16);
    set.expectKeys(300_000);
    expect(set.slots).toBe(400_000);
    for (let i = 1; i <= 300_000; i++) set.add(i, i);
    expect(set.slots).toBe(400_000); // no growth for the expected keys
    set.expectKeys(10_000_000);
    expect(set.slots).toBe(400_000);
    expect(set.size).toBe(300_000);
  });
});
