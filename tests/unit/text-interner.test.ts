import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextInterner } from '#core/csv/text-interner.ts';

/** What CsvRecord.internedText does with an interner: the remembered string, else the decoded one remembered. */
function interned(interner: TextInterner, buf: Buffer, start: number, end: number): string {
  const known = interner.get(buf, start, end);
  if (known !== undefined) return known;
  const text = buf.toString('utf8', start, end);
  interner.put(buf, start, end, text);
  return text;
}

describe('TextInterner', () => {
  it('answers the text of the bytes for any sequence of values, repeated in runs or not', () => {
    const value = fc.oneof(fc.constantFrom('Nordic', 'ISO Prone', 'Nordicx', 'xNordic', '17:46', '17:44', 'Athlete 0096', 'Athlete 0055', 'é'), fc.string({ maxLength: 70 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(value, fc.integer({ min: 1, max: 4 })), { maxLength: 200 }), (runs) => {
        const interner = new TextInterner();
        for (const [text, times] of runs) {
          if (text === '') continue;
          // Each occurrence in a buffer of its own, at an offset: the interner compares bytes, not positions.
          for (let i = 0; i < times; i++) {
            const buf = Buffer.from(`,,${text},`);
            const got = interned(interner, buf, 2, buf.length - 1);
            if (got !== text) return false;
          }
        }
        return true;
      }),
    );
  });

  it('hands back the same string object for the same bytes, in a run and after other values', () => {
    const interner = new TextInterner();
    const a = Buffer.from('2026-02-10');
    const b = Buffer.from('2026-02-11');
    const first = interned(interner, a, 0, a.length);
    expect(interned(interner, Buffer.from(a), 0, a.length)).toBe(first);
    expect(interned(interner, b, 0, b.length)).toBe('2026-02-11');
    expect(interned(interner, Buffer.from(a), 0, a.length)).toBe(first);
  });
});
