/**
 * How many data rows a CSV file of `sizeBytes` holds, judged from the rows in its first bytes: sizes the
 * de-duplication table once instead of doubling it (summary.ts). Null when the head shows too few rows to
 * judge, so that a wrong guess from a title line or two is never made.
 */
const MIN_SAMPLE_ROWS = 16;
const NEWLINE = 0x0a;

export function estimateCsvRows(head: Uint8Array, headerLine: number, sizeBytes: number): number | null {
  let at = 0;
  for (let line = 0; line < headerLine; line++) {
    const end = head.indexOf(NEWLINE, at);
    if (end < 0) return null;
    at = end + 1;
  }
  const firstRow = at;
  let rows = 0;
  let lastEnd = firstRow;
  for (let end = head.indexOf(NEWLINE, at); end >= 0; end = head.indexOf(NEWLINE, end + 1)) {
    rows++;
    lastEnd = end + 1;
  }
  if (rows < MIN_SAMPLE_ROWS) return null;
  const bytesPerRow = (lastEnd - firstRow) / rows;
  return Math.ceil(Math.max(0, sizeBytes - firstRow) / bytesPerRow);
}
