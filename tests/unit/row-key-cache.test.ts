import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecord } from '#core/csv/csv-record.ts';
import { RowKeyCache } from '#core/csv/row-key-cache.ts';

/** A record of `cells` in a buffer of its own, each cell at an offset (the cache compares bytes, not positions). */
function recordOf(cells: string[]): CsvRecord {
  const rec = new CsvRecord(false);
  const buf = Buffer.from(`#${cells.join(',')}\n`);
  rec.reset(buf, 1);
  let at = 1;
  for (const cell of cells) {
    const length = Buffer.byteLength(cell);
    rec.add(at, at + length, false);
    at += length + 1;
  }
  return rec;
}

/** What the mapper does with the cache: the remembered value, else `make()` remembered. */
function lookUp<T>(cache: RowKeyCache<T>, rec: CsvRecord, cols: Int32Array, make: () => T): T {
  const known = cache.get(rec, cols);
  if (known !== undefined) return known;
  const value = make();
  cache.put(rec, cols, value);
  return value;
}

describe('RowKeyCache', () => {
  it('answers one value per distinct content of the key cells, across growth, absent columns and uncached long keys, warmed or not (property)', () => {
    // Few distinct texts, so keys repeat; the same bytes split differently between cells must stay apart.
    const cell = fc.oneof(fc.constantFrom('', 'a', 'ab', 'b', 'Athlete 0001', 'EXT0001', 'é'), fc.string({ maxLength: 12 }), fc.string({ minLength: 130, maxLength: 140 }));
    const row = fc.tuple(cell, cell, cell);
    fc.assert(
      fc.property(fc.array(row, { maxLength: 300 }), fc.boolean(), fc.integer({ min: 0, max: 9 }), (rows, absentThird, batch) => {
        const cache = new RowKeyCache<number>(3);
        // Columns 0, 2 and (absent: -1, read as empty) or 1: the key need not be the record's first cells.
        const cols = Int32Array.from([0, 2, absentThird ? -1 : 1]);
        const expected = new Map<string, number>();
        let made = 0;
        // batch > 0: records warmed `batch` at a time before they are looked up, as the CSV reader's hook does.
        const records = rows.map(recordOf);
        for (const [r, cells] of rows.entries()) {
          if (batch > 0 && r % batch === 0) cache.warm(records.slice(r, r + batch), Math.min(batch, rows.length - r), cols, (v) => v);
          const key = JSON.stringify([cells[0], cells[2], absentThird ? '' : cells[1]]);
          const got = lookUp(cache, records[r]!, cols, () => made++);
          const keyBytes = Buffer.byteLength(cells[0]) + Buffer.byteLength(cells[2]) + (absentThird ? 0 : Buffer.byteLength(cells[1]));
          if (keyBytes > 255) {
            // Not cached: every lookup makes a fresh value.
            expect(got).toBe(made - 1);
            continue;
          }
          const had = expected.get(key);
          if (had === undefined) expected.set(key, got);
          else expect(got).toBe(had);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps thousands of keys through its rehashes', () => {
    const cache = new RowKeyCache<string>(2);
    const cols = Int32Array.from([0, 1]);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 5000; i++) {
        const name = `Athlete ${String(i).padStart(5, '0')}`;
        expect(lookUp(cache, recordOf([name, `EXT${i}`]), cols, () => `${name}|${round}`)).toBe(`${name}|0`);
      }
    }
  });

  it('turns itself off when a full table was hit by fewer than half of its lookups', () => {
    const cache = new RowKeyCache<number>(1);
    const cols = Int32Array.from([0]);
    for (let i = 0; i <= 1 << 16; i++) lookUp(cache, recordOf([`id-${i}`]), cols, () => i);
    expect(cache.enabled).toBe(false);
  });
});
