import type { CsvRecord } from '../csv/csv-record.ts';
import type { CsvLayout } from '../formats/detect.ts';
import type { CsvRowAccess } from '../formats/row-access.ts';
import type { RowProblem } from '../formats/test-row.ts';

/**
 * Which records of a CSV are rows, and the rows' access by field: header and title lines and blank lines
 * are skipped (null); a malformed record is a problem. Shared by the Analyzer and the map workers.
 */
export class CsvRowStage {
  private readonly headerLine: number;
  private readonly access: CsvRowAccess;
  constructor(layout: CsvLayout, access: CsvRowAccess) {
    this.headerLine = layout.headerLine;
    this.access = access;
  }

  row(record: CsvRecord): CsvRowAccess | RowProblem | null {
    if (record.line <= this.headerLine) return null;
    if (record.count === 1 && record.isEmpty(0)) return null; // blank line
    if (record.malformed) return { line: record.line, column: null, code: 'malformed-csv', reason: record.malformed };
    this.access.record = record;
    return this.access;
  }
}
