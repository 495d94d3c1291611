import { describe, expect, it } from 'vitest';
import { estimateCsvRows } from '#core/analyze/row-estimate.ts';

const rows = (n: number, width = 20) => Array.from({ length: n }, (_, i) => `${String(i).padStart(width - 1, '0')}\n`).join('');

describe('estimateCsvRows', () => {
  it('scales the rows seen in the head to the file size, past the header and title lines', () => {
    const title = 'Results Export\n';
    const header = 'a,b,c\n';
    const body = rows(100); // 20 bytes a row
    const head = Buffer.from(title + header + body);
    const size = title.length + header.length + 20 * 50_000;
    expect(estimateCsvRows(head, 2, size)).toBe(50_000);
  });

  it('counts only whole rows: a row cut at the end of the head is not a sample', () => {
    const head = Buffer.from('h\n' + rows(40) + '0000000');
    expect(estimateCsvRows(head, 1, 2 + 20 * 1000)).toBe(1000);
  });

  it('gives no estimate from too few rows, or when the header is not in the head', () => {
    expect(estimateCsvRows(Buffer.from('h\n' + rows(5)), 1, 1e9)).toBeNull();
    expect(estimateCsvRows(Buffer.from('title only, no line end'), 2, 1e9)).toBeNull();
  });
});
