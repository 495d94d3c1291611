import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TestIdSet } from '#core/analyze/test-id-set.ts';

const DAY = 86_400_000;

/** A test: a derived id (its day follows from it, as derived-test-id@1's minute does) or a VALD id (any time). */
const test = fc.oneof(
  fc.record({ kind: fc.constant('derived' as const), id: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ kind: fc.constant('vald' as const), id: fc.integer({ min: 0, max: 60 }), day: fc.integer({ min: 0, max: 9 }) }),
);

function facts(t: { kind: 'derived' | 'vald'; id: number; day?: number }) {
  // A derived id's day is a function of the id; a VALD id is met on any day.
  const day = t.kind === 'derived' ? 19_000 + (t.id % 7) : 19_000 + t.day!;
  return { idHi: t.id * 2654435761, idLo: t.id ^ 0x5bd1e995, ms: day * DAY + (t.id % 1440) * 60_000, valdTestId: t.kind === 'vald' ? `vald-${t.id}` : null };
}

describe('TestIdSet', () => {
  it('answers false exactly for a repeat of an id of the same kind, in any order of days', () => {
    fc.assert(
      fc.property(fc.array(test, { maxLength: 300 }), fc.integer({ min: 0, max: 2000 }), (tests, expected) => {
        const set = new TestIdSet();
        set.expectTests(expected);
        const model = new Set<string>();
        for (const t of tests) {
          const key = `${t.kind}:${t.id}`;
          expect(set.add(facts(t))).toBe(!model.has(key));
          model.add(key);
        }
      }),
    );
  });

  it('keeps every id of a day larger than the day before (its set grows)', () => {
    const set = new TestIdSet();
    const day = (d: number, i: number) => ({ idHi: d, idLo: i + 1, ms: d * DAY + 3_600_000, valdTestId: null });
    for (let i = 0; i < 100; i++) expect(set.add(day(20_000, i))).toBe(true);
    for (let i = 0; i < 5000; i++) expect(set.add(day(20_001, i))).toBe(true);
    for (let i = 0; i < 5000; i++) expect(set.add(day(20_001, i))).toBe(false);
    for (let i = 0; i < 100; i++) expect(set.add(day(20_000, i))).toBe(false);
  });
});
