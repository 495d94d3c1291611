import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvCell, csvDocument } from '#core/output/csv-cells.ts';
import { ByteCsvReader } from '#core/csv/byte-csv-reader.ts';

describe('csvCell', () => {
  it('makes formula-looking text inert and quotes what needs quoting', () => {
    expect(csvCell('=cmd|\' /C calc\'!A0')).toBe("'=cmd|' /C calc'!A0");
    expect(csvCell('+SUM(1)')).toBe("'+SUM(1)");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@A1')).toBe("'@A1");
    expect(csvCell(' @A1')).toBe("' @A1");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
    expect(csvCell('Doe, Jane "JD"')).toBe('"Doe, Jane ""JD"""');
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('round-trips any text through a CSV reader, never starting a cell with a formula character (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (cells) => {
        const doc = csvDocument(cells.map((_, i) => `c${i}`), [cells]);
        const rows: string[][] = [];
        const reader = new ByteCsvReader(",", (record) => rows.push(record.fields()), false, 1);
        reader.push(Buffer.from(doc));
        reader.end();
        const read = rows[1] ?? [];
        read.forEach((cell, i) => {
          expect(cell).not.toMatch(/^[=+\-@\t\r]/);
          // The reader trims unquoted space around fields, as Eccentric's import does.
          const original = cells[i]!;
          const escaped = /^\s*[=+\-@]|^[\t\r]/.test(original) ? `'${original}` : original;
          expect(cell).toBe(escaped.trim());
        });
      }),
      { numRuns: 500 },
    );
  });
});
