import { describe, expect, it } from 'vitest';
import { aliasKeys, defaultAthleteId, resolverFromAliases } from '#core/identity/athlete-id.ts';
import { analyzeText } from '../support/analyze-file.ts';

const HEADER = 'Name,ExternalId,Date UTC,Time UTC,L Reps,R Reps,L Max Force (N),R Max Force (N)';

describe('athlete identity as the user wrote it (identity.as-written@1)', () => {
  it('takes the ExternalId as written, else the VALD profile id, else the slug of the name', () => {
    expect(defaultAthleteId({ name: 'Jane Doe', externalId: ' QB07 ', valdProfileId: 'ce46585f-d946' })).toEqual({ id: 'QB07', from: 'externalId' });
    expect(defaultAthleteId({ name: 'Jane Doe', externalId: null, valdProfileId: 'CE46585F-d946' })).toEqual({ id: 'CE46585F-d946', from: 'valdProfileId' });
    expect(defaultAthleteId({ name: 'Jöhn  O\'Neil', externalId: '', valdProfileId: null })).toEqual({ id: 'john-o-neil', from: 'name' });
    expect(defaultAthleteId({ name: '!!!', externalId: null, valdProfileId: null })).toBeNull();
  });

  it('links aliases without case, so a roster written QB07 resolves an export written qb07', () => {
    const resolve = resolverFromAliases(new Map(aliasKeys({ name: 'Jane Doe', externalId: 'QB07', valdProfileId: null }).map((k) => [k, 'QB07'])));
    expect(resolve({ name: null, externalId: 'qb07', valdProfileId: null })).toBe('QB07');
    expect(resolve({ name: 'JANE  DOE', externalId: null, valdProfileId: null })).toBe('QB07');
  });

  it('keeps one athlete for ids that differ only in case, with the same derived test ids', async () => {
    const a = await analyzeText(`${HEADER}\nJane,QB07,02/14/2026,7:05 AM,3,3,350,300\nJane,qb07,02/15/2026,7:05 AM,3,3,351,301\n`);
    expect(a.summary.athletes).toBe(1);
    expect(a.tests.map((t) => t.athleteId)).toEqual(['QB07', 'QB07']);
    const upper = await analyzeText(`${HEADER}\nJane,QB07,02/14/2026,7:05 AM,3,3,350,300\n`);
    const lower = await analyzeText(`${HEADER}\nJane,qb07,02/14/2026,7:05 AM,3,3,350,300\n`);
    expect(upper.tests[0]!.testId).toBe(lower.tests[0]!.testId);
  });

  it('rejects a row whose id cannot be a key, naming the column and the rule; the other rows are kept', async () => {
    const a = await analyzeText(`${HEADER}\nJane,QB 07,02/14/2026,7:05 AM,3,3,350,300\nJoe,../../other-team/x,02/14/2026,7:05 AM,3,3,350,300\nAmy,A-1,02/14/2026,7:05 AM,3,3,350,300\n`);
    expect(a.tests.map((t) => t.athleteId)).toEqual(['A-1']);
    expect(a.rejected.map((r) => [r.line, r.column, r.code])).toEqual([
      [2, 'ExternalId', 'bad-athlete-id'],
      [3, 'ExternalId', 'bad-athlete-id'],
    ]);
    expect(a.rejected[0]!.reason).toMatch(/the ExternalId "QB 07" cannot be an athlete id .*a roster row can link it/);
  });

  it('rejects a VALD test id that is not key-safe', async () => {
    const csv = 'profileId,testId,testDateUtc,testTypeName,leftMaxForce,rightMaxForce,leftRepetitions,rightRepetitions\nce46585f,../../x/y,2025-01-10T12:14:33.835Z,Nordic,300,310,2,2\nce46585f,ok-1,2025-01-10T12:20:33.835Z,Nordic,300,310,2,2\n';
    const a = await analyzeText(csv);
    expect(a.tests.map((t) => t.testId)).toEqual(['ok-1']);
    expect(a.rejected[0]).toMatchObject({ line: 2, column: 'testId', code: 'bad-test-id' });
  });

  it('keeps a roster athleteId as written and rejects one that is not key-safe', async () => {
    const a = await analyzeText('athleteId,name,squad\nQB07,Jane Doe,Offense\n../x,Joe Bloggs,Offense\n,Amy Li,Defense\n');
    expect(a.athletes.map((p) => p.athleteId)).toEqual(['QB07', 'amy-li']);
    expect(a.rejected[0]).toMatchObject({ line: 3, column: 'athleteId', code: 'bad-athlete-id' });
  });

  it('resolves each row by all its keys, whichever row came first (the mapper caches by the most specific key)', async () => {
    // An ExternalId under two names, a name with and without an ExternalId, a refused id met again, alternating rows.
    const rows = [
      'Ann,EXT1', 'Anne,EXT1', 'Bob,', 'Bob,EXT2', 'Ann,EXT1', 'Bob,', 'Anne,EXT1', 'Bob,EXT2', 'Cy,bad id', 'Cy,', 'Cy,bad id', 'Bob,EXT1',
    ];
    const csv = `${HEADER}\n${rows.map((r, i) => `${r},02/${String(10 + i)}/2026,7:05 AM,3,3,350,300`).join('\n')}\n`;
    const a = await analyzeText(csv);
    expect(a.tests.map((t) => [t.athleteName, t.externalId, t.athleteId])).toEqual([
      ['Ann', 'EXT1', 'EXT1'],
      ['Anne', 'EXT1', 'EXT1'],
      ['Bob', null, 'bob'],
      ['Bob', 'EXT2', 'EXT2'],
      ['Ann', 'EXT1', 'EXT1'],
      ['Bob', null, 'bob'],
      ['Anne', 'EXT1', 'EXT1'],
      ['Bob', 'EXT2', 'EXT2'],
      ['Cy', null, 'cy'],
      ['Bob', 'EXT1', 'EXT1'],
    ]);
    expect(a.rejected.map((r) => [r.line, r.column, r.code])).toEqual([
      [10, 'ExternalId', 'bad-athlete-id'],
      [12, 'ExternalId', 'bad-athlete-id'],
    ]);
  });
});
