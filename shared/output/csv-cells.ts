/**
 * Cells of every CSV the product writes (exports, `report --csv`, the dashboard's table downloads).
 * Spreadsheets run a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula
 * (CSV injection: `=cmd|' /C calc'!A0`, `+SUM(1)`), so such text is prefixed with `'`, which Excel, Numbers
 * and LibreOffice show as text. Numbers are written as numbers: a negative number stays `-3.5`.
 */
// Leading spaces too: some readers trim them and then see the formula (` =1`).
const FORMULA_START = /^[\s]*[=+\-@]|^[\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (no line end) from a row of values. */
export const csvLine = (values: readonly unknown[]): string => values.map(csvCell).join(',');

/** A whole CSV document: a header line, then one line per row, CRLF-terminated as RFC 4180 says. */
export function csvDocument(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const lines = [csvLine(header)];
  for (const row of rows) lines.push(csvLine(row));
  return `${lines.join('\r\n')}\r\n`;
}
