import { describe, expect, it } from 'vitest';
import { analyzeText } from '../support/analyze-file.ts';

const HEADER = 'athleteId,name,externalId,bodyMassKg,squad';

describe('a roster naming one athlete twice', () => {
  it('rejects every row of a conflict naming the other lines and the difference; keeps the rest', async () => {
    const r = await analyzeText([HEADER, 'a1,Jane Doe,,70,First', 'a2,John Roe,,80,First', 'a1,Jane Doe,,72,First', 'a3,Ann Poe,,60,Second', 'A1,Jane Smith,,70,First'].join('\n'));
    expect(r.athletes.map((a) => a.athleteId)).toEqual(['a2', 'a3']);
    expect(r.rejected.map((x) => [x.line, x.column, x.code])).toEqual([
      [2, 'athleteId', 'roster-id-conflict'],
      [4, 'athleteId', 'roster-id-conflict'],
      [6, 'athleteId', 'roster-id-conflict'],
    ]);
    expect(r.rejected[0]!.reason).toMatch(/athlete id "a1" is also on lines 4, 6 with different content \(bodyMassKg 70 here, 72 there, line 4\): none of these rows is stored/);
    expect(r.summary.athletes).toBe(2);
  });

  it('collapses exact repeats with a note, and counts them', async () => {
    const r = await analyzeText([HEADER, 'a1,Jane Doe,,70,First', 'a2,John Roe,,80,First', 'a1,Jane Doe,,70,First', 'a1,Jane Doe,,70,First'].join('\n'));
    expect(r.rejected).toEqual([]);
    expect(r.athletes.map((a) => a.athleteId)).toEqual(['a1', 'a2']);
    expect(r.summary.duplicateRows).toBe(2);
    expect(r.summary.fileWarnings).toEqual([{ code: 'roster-duplicate-rows', message: '2 exact repeat rows collapsed (lines 4, 5)' }]);
  });

  it('one external id given to two athletes is a conflict of both rows', async () => {
    const r = await analyzeText([HEADER, 'a1,Jane Doe,EXT-1,70,First', 'a2,John Roe,EXT-1,80,First', 'a3,Ann Poe,EXT-3,60,First'].join('\n'));
    expect(r.athletes.map((a) => a.athleteId)).toEqual(['a3']);
    expect(r.rejected).toMatchObject([
      { line: 2, column: 'externalId', code: 'roster-link-conflict', reason: expect.stringMatching(/external id "EXT-1" is also given to "a2" \(line 3\)/) },
      { line: 3, column: 'externalId', code: 'roster-link-conflict' },
    ]);
  });

  it('a roster row the store cannot keep is rejected on its own', async () => {
    const r = await analyzeText([HEADER, `a1,${'J'.repeat(5000)},,70,First`, 'a2,John Roe,,80,First'].join('\n'), {}, 4096);
    expect(r.athletes.map((a) => a.athleteId)).toEqual(['a2']);
    expect(r.rejected).toMatchObject([{ line: 2, column: 'name', code: 'too-long-to-store' }]);
  });
});
