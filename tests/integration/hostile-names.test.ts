import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ByteCsvReader } from '#core/csv/byte-csv-reader.ts';
import { csvDocument } from '#core/output/csv-cells.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

/** Names a spreadsheet or a browser would run: data to Eccentric, stored and echoed verbatim. */
const NAMES = ["=cmd|' /C calc'!A0", '+SUM(1)', '-2+3', '@A1', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>'];
let t: TestStack;

beforeAll(async () => {
  t = await startTestStack();
  const rows = NAMES.map((name, i) => `h${i},"${name.replace(/"/g, '""')}"`);
  await t.upload('uploads/real/hostile-roster.csv', `athleteId,name\n${rows.join('\n')}\n`);
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

describe('names that look like formulas or markup', () => {
  it('round-trip verbatim through the roster upload and the JSON API, served as JSON that browsers do not sniff', async () => {
    const res = await fetch(`${t.stack.apiUrl}/teams/real/squad`, { headers: { authorization: `Bearer ${t.stack.token}` } });
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const rows = ((await res.json()) as { athletes: { athleteId: string; name: string; displayName: string }[] }).athletes;
    const byId = new Map(rows.map((r) => [r.athleteId, r]));
    NAMES.forEach((name, i) => {
      expect(byId.get(`h${i}`)?.name).toBe(name);
      expect(byId.get(`h${i}`)?.displayName).toBe(name);
    });
    const profile = await t.get('/teams/real/athletes/h0');
    expect(profile.body.name).toBe(NAMES[0]);
  });

  it('are inert in CSV written with csv-cells: no cell starts with a formula character, and the text survives', async () => {
    const rows = (await t.get('/teams/real/squad')).body.athletes as { athleteId: string; name: string }[];
    const doc = csvDocument(['athleteId', 'name'], rows.map((r) => [r.athleteId, r.name]));
    const read: string[][] = [];
    const reader = new ByteCsvReader(',', (record) => read.push(record.fields()), false, 1);
    reader.push(Buffer.from(doc));
    reader.end();
    const names = read.slice(1).map((r) => r[1]!);
    expect(names.filter((n) => /^[=+\-@\t\r]/.test(n))).toEqual([]);
    expect(names.sort()).toEqual(
      NAMES.map((n) => (/^[=+\-@]/.test(n) ? `'${n}` : n)).sort(),
    );
  });
});
