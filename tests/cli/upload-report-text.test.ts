import { describe, expect, it } from 'vitest';
import { formatReport } from '../../cli/summary-text.ts';
import { analyzeFile } from '../support/analyze-file.ts';
import { realFiles } from '../support/paths.ts';

describe('formatReport (what `eccentric upload` prints)', () => {
  it("adds what ingest stored, the new athletes and a roster's merges to the file's summary", async () => {
    const { summary, rejected } = await analyzeFile(realFiles.hub);
    const text = formatReport({
      uploadId: 'u1',
      status: 'done',
      fileName: 'export.csv',
      summary,
      rejected,
      rejectedCount: rejected.length,
      storedTests: 195,
      newAthletes: Array.from({ length: 12 }, (_, i) => `a-${i}`),
      relinked: [{ from: 'athlete-003', to: 'hs-003', tests: 3 }],
    });
    expect(text.split('\n')[0]).toBe('upload u1 (export.csv): done');
    expect(text).toMatch(/tests +195 distinct/);
    expect(text).toMatch(/\n {2}stored {6}195 tests\n/);
    expect(text).toMatch(/\n {2}new {9}12 athletes: a-0, a-1, .*a-9, …\n/);
    expect(text).toMatch(/\n {2}relinked {4}athlete-003 → hs-003 \(3 tests moved\)\n/);
  });

  it('a failed upload is one line with its error', () => {
    expect(formatReport({ uploadId: 'u2', status: 'failed', fileName: 'x.csv', error: 'boom' })).toBe('upload u2 (x.csv): failed — boom\n');
  });
});
