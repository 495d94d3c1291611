import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeUpload } from '#core/analyze/analyze-upload.ts';
import { csvExportChunks } from '#core/analyze/file-chunks.ts';
import { analyzeText } from '../support/analyze-file.ts';

const rows = ['Jane Doe,13/01/2026,6:21 PM,400,380', 'John Roe,14/01/2026,6:22 PM,350,360'];

describe('repeated column names', () => {
  it('the same name twice: a warning naming it; rows whose copies agree are kept, the others rejected', async () => {
    const r = await analyzeText(['Name,Date UTC,Time UTC,L Max Force (N),R Max Force (N),Name', `${rows[0]},Jane Doe`, `${rows[1]},Someone Else`].join('\n'));
    expect(r.tests.map((t) => t.athleteName)).toEqual(['Jane Doe']);
    expect(r.rejected).toMatchObject([{ line: 3, column: 'Name', code: 'duplicate-column-conflict', reason: expect.stringMatching(/"John Roe" and "Someone Else"/) }]);
    expect(r.summary.fileWarnings).toEqual([{ code: 'duplicate-column', message: expect.stringMatching(/"Name" appears 2 times \(columns 1, 6\)/) }]);
    expect(r.summary.format.columnsIgnored).toBe(0);
  });

  it('two different names read as one field: the whole file is refused on the header line, naming both', async () => {
    const r = await analyzeText(['title line', 'Name,Date,Date UTC,Time UTC,L Max Force (N),R Max Force (N)', 'Jane Doe,13/01/2026,13/01/2026,6:21 PM,400,380'].join('\n'));
    expect(r.summary.kind).toBe('unsupported');
    expect(r.tests).toEqual([]);
    expect(r.rejected).toMatchObject([{ line: 2, code: 'unsupported-file', reason: expect.stringMatching(/"Date" \(column 2\) and "Date UTC" \(column 3\) are all read as the test date/) }]);
  });

  it('unmapped names repeated: a warning, counted as ignored', async () => {
    const r = await analyzeText(['Name,Remark,Date UTC,Time UTC,L Max Force (N),R Max Force (N),Remark', 'Jane Doe,a,13/01/2026,6:21 PM,400,380,b'].join('\n'));
    expect(r.tests).toHaveLength(1);
    expect(r.summary.fileWarnings).toEqual([{ code: 'duplicate-column', message: 'more than one column is named "Remark"; they are not read' }]);
    expect(r.summary.format.columnsIgnored).toBe(2);
  });
});

describe('wide headers', () => {
  /** `n` filler columns before and after the mapped ones. */
  const wide = (before: number, after: number) => {
    const filler = (k: number, from: number) => Array.from({ length: k }, (_, i) => `Extra metric number ${from + i} (unit)`);
    const header = [...filler(before, 0), 'Name', 'Date UTC', 'Time UTC', 'L Max Force (N)', 'R Max Force (N)', ...filler(after, before)].join(',');
    const body = rows.map((r) => [...Array(before).fill('1'), r, ...Array(after).fill('2')].join(','));
    return { text: [header, ...body].join('\n'), columns: before + after + 5 };
  };

  it('mapped columns beyond the first 64 KB are found, and every column is counted', async () => {
    for (const [before, after] of [[6000, 10], [10, 6000], [3000, 3000]] as const) {
      const { text, columns } = wide(before, after);
      expect(text.indexOf('\n')).toBeGreaterThan(64 * 1024);
      const r = await analyzeText(text, {}, 8192);
      expect(r.rejected, `${before}/${after}`).toEqual([]);
      expect(r.tests.map((t) => [t.athleteName, t.left.peakN])).toEqual([['Jane Doe', 400], ['John Roe', 350]]);
      expect(r.summary.format.columnsIgnored + Object.keys(r.summary.format.columnsMapped).length).toBe(columns);
      expect(r.summary.format.columnsIgnored).toBe(before + after);
    }
  });

  it('read from disk in place too (the reused buffer is not held while the head is sniffed)', async () => {
    const { text } = wide(40_000, 10);
    const file = join(mkdtempSync(join(tmpdir(), 'wide-')), 'wide.csv');
    writeFileSync(file, text + '\n' + rows.map((r) => [...Array(40_000).fill('3'), r, ...Array(10).fill('4')].join(',')).join('\n'));
    const chunks = csvExportChunks(file, { file: 'wide.csv' });
    expect(chunks).toBeNull(); // the first 64 KB do not hold the header: streamed instead
    const { createReadStream } = await import('node:fs');
    const r = await analyzeUpload(createReadStream(file), { file: 'wide.csv' }, {});
    expect(r.rejected).toEqual([]);
    expect(r.summary.tests).toBe(2);
    expect(r.summary.format.columnsIgnored).toBe(40_010);
  });

  it('a first line without a line end in 4 MB is refused as a whole', async () => {
    const r = await analyzeText('x,'.repeat(2.5 * 1024 * 1024), {}, 1 << 20);
    expect(r.rejected).toMatchObject([{ line: 0, code: 'unsupported-file', reason: expect.stringMatching(/no line end in the first 4 MB/) }]);
  });
});
