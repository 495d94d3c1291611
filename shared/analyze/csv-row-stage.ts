import type { CsvRecord } from '../csv/csv-record.ts';
import type { CsvLayout } from '../formats/detect.ts';
import type { CsvRowAccess } from '../formats/row-access.ts';
import type { RowProblem } from '../formats/test-row.ts';
import { quoteCell } from '../formats/quote-cell.ts';

/**
 * Which records of a CSV are rows, and the rows' access by field: header and title lines and blank lines
 * are skipped (null); a malformed record is a problem. Shared by the Analyzer and the map workers.
 */
export class CsvRowStage {
  private readonly headerLine: number;
  private readonly access: CsvRowAccess;
  private readonly headers: string[];
  private readonly delimiter: string;
  private readonly repeats: CsvLayout['mapping']['repeats'];
  constructor(layout: CsvLayout, access: CsvRowAccess) {
    this.headerLine = layout.headerLine;
    this.access = access;
    this.headers = layout.mapping.headers;
    this.delimiter = layout.delimiter;
    this.repeats = layout.mapping.repeats;
  }

  row(record: CsvRecord): CsvRowAccess | RowProblem | null {
    if (record.line <= this.headerLine) return null;
    if (record.count === 1 && record.isEmpty(0)) return null; // blank line
    if (record.malformed) return { line: record.line, column: null, code: 'malformed-csv', reason: record.malformed };
    if (record.count !== this.headers.length) {
      const problem = this.fieldCountProblem(record);
      if (problem !== null) return problem;
    }
    if (this.repeats.length > 0) {
      const problem = this.repeatProblem(record);
      if (problem !== null) return problem;
    }
    this.access.record = record;
    return this.access;
  }

  /** A column named twice must hold the same value twice: otherwise which one is meant cannot be told. */
  private repeatProblem(record: CsvRecord): RowProblem | null {
    for (const { column, first } of this.repeats) {
      const a = record.text(first);
      const b = record.text(column);
      if (a !== b) {
        return {
          line: record.line,
          column: this.headers[column]!,
          code: 'duplicate-column-conflict',
          reason: `column ${quoteCell(this.headers[first]!.trim())} appears twice (columns ${first + 1} and ${column + 1}) and this row has ${quoteCell(a)} and ${quoteCell(b)}: which one is meant cannot be told`,
        };
      }
    }
    return null;
  }

  /**
   * A row with fewer fields than the header is cut short, one with more has a value split by an unquoted
   * delimiter: either way the values no longer sit under their columns, so the row is not read. Empty
   * fields past the header's end (a trailing delimiter) are harmless.
   */
  private fieldCountProblem(record: CsvRecord): RowProblem | null {
    const expected = this.headers.length;
    const shown = this.delimiter === '\t' ? 'tab' : `"${this.delimiter}"`;
    if (record.count < expected) {
      return {
        line: record.line,
        column: this.headers[record.count] ?? null,
        code: 'field-count',
        reason: `${record.count} fields where the header has ${expected}: the row ends before column "${this.headers[record.count]}" (a cut line, or a missing delimiter?)`,
      };
    }
    for (let i = expected; i < record.count; i++) {
      if (!record.isEmpty(i)) {
        return {
          line: record.line,
          column: null,
          code: 'field-count',
          reason: `${record.count} fields where the header has ${expected}: a value probably holds an unquoted ${shown}, which shifts every value after it`,
        };
      }
    }
    return null;
  }
}
