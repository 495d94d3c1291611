import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EccentricTraceSchema, parseEccentricTraceJson, parseTrace, parseTraceCsv } from '../../../shared/trace-formats/index.ts';
import { eccentricTraceSchemaText } from '../../../shared/trace-formats/write-json-schema.ts';
import { repoRoot } from '../../support/paths.ts';
import { fixture, ok, rejected } from './helpers.ts';

const doc = (o: Record<string, unknown>) =>
  JSON.stringify({ format: 'eccentric-trace@1', athleteId: 'a1', testedAt: '2026-03-01T09:15:00Z', testType: 'Nordic', ...o });

describe('eccentric-trace@1', () => {
  it('docs/eccentric-trace.schema.json is generated from the zod schema and current (node shared/trace-formats/write-json-schema.ts)', () => {
    const committed = readFileSync(join(repoRoot, 'docs/eccentric-trace.schema.json'), 'utf8');
    expect(committed).toBe(eccentricTraceSchemaText());
    expect(JSON.parse(committed).anyOf).toHaveLength(2);
  });

  it('the example file validates and parses', async () => {
    const example = JSON.parse(fixture('eccentric-example.json').toString('utf8'));
    expect(EccentricTraceSchema.safeParse(example).success).toBe(true);
    const t = ok(await parseTrace(fixture('eccentric-example.json')));
    expect(t.kind).toBe('eccentric-trace');
    expect(t.sampleRateHz).toBe(100);
    expect(t.sampleRateSource).toBe('declared: sampleRateHz 100');
    expect(t.left.length).toBe(1300);
    expect(t.meta).toMatchObject({ athleteId: 'jane-doe', athleteName: 'Jane Doe', bodyMassKg: 68.5, leverArmM: 0.4005, testedAt: '2026-03-01T09:15:00.000Z' });
  });

  it('the CSV example gives the same samples as the JSON one', async () => {
    const json = ok(await parseTrace(fixture('eccentric-example.json')));
    const csv = ok(await parseTrace(fixture('eccentric-example.csv')));
    expect(csv.kind).toBe('eccentric-trace');
    expect(csv.left).toEqual(json.left);
    expect(csv.right).toEqual(json.right);
    expect(csv.sampleRateSource).toBe('declared: # sampleRateHz: 100');
    expect(csv.meta.metaSources.athleteId).toBe('content');
  });

  it('reads the timestamped variant, null samples and a date-only testedAt', () => {
    const t = ok(parseEccentricTraceJson(doc({ testedAt: '2026-03-01', samples: [[0, 1, 2], [0.005, null, 3], [0.01, 5, 6]] })));
    expect(t.sampleRateHz).toBe(200);
    expect(t.sampleRateSource).toBe('time column: median spacing 0.005 s = 200 Hz');
    expect(Number.isNaN(t.left[1]!)).toBe(true);
    expect(t.meta.testedAt).toBe('2026-03-01T00:00:00.000Z');
    expect(t.warnings.map((w) => w.code)).toEqual(['date-only', 'missing-samples']);
  });

  it('a CSV without a time column uses the declared rate; a time column that disagrees is a warning', () => {
    const head = '# format: eccentric-trace@1\n# athleteName: Sam Lee\n# testedAt: 2026-03-01T09:15:00Z\n# testType: Nordic\n# sampleRateHz: 500\n';
    const t = ok(parseTraceCsv(`${head}left;right\n1,5;2\n3;4\n`));
    expect(t.sampleRateHz).toBe(500);
    expect(Array.from(t.left)).toEqual([1.5, 3]);
    const m = ok(parseTraceCsv(`${head}time,left,right\n0,1,2\n0.01,1,2\n0.02,1,2\n`));
    expect(m.warnings.find((w) => w.code === 'sample-rate-mismatch')?.message).toMatch(/implies 100 Hz but the header declares 500 Hz/);
  });

  describe('rejections', () => {
    it('another format version', () => {
      expect(rejected(parseEccentricTraceJson(doc({ format: 'eccentric-trace@2', sampleRateHz: 50, left: [1], right: [1] })))).toMatchObject({ code: 'unsupported-format', column: 'format' });
      expect(rejected(parseTraceCsv('# format: eccentric-trace@9\ntime,left,right\n0,1,2\n'))).toMatchObject({ code: 'unsupported-format', line: 1 });
    });

    it('text in a sample, missing right, unequal lengths, missing testedAt (CSV: with the line)', () => {
      expect(rejected(parseEccentricTraceJson(doc({ sampleRateHz: 50, left: [1, 'x'], right: [1, 2] })))).toMatchObject({ code: 'not-a-number', column: 'left[1]' });
      expect(rejected(parseEccentricTraceJson(doc({ sampleRateHz: 50, left: [1, 2] })))).toMatchObject({ code: 'missing-column', column: 'right' });
      expect(rejected(parseEccentricTraceJson(doc({ sampleRateHz: 50, left: [1, 2], right: [1] })))).toMatchObject({ code: 'invalid-trace', column: 'right' });
      expect(rejected(parseEccentricTraceJson(doc({ testedAt: 'yesterday', sampleRateHz: 50, left: [1], right: [1] })))).toMatchObject({ code: 'invalid-trace', column: 'testedAt' });
      const r = rejected(parseTraceCsv('# format: eccentric-trace@1\n# athleteId: a\n# testType: Nordic\n# sampleRateHz: fast\ntime,left,right\n0,1,2\n'));
      expect(r).toMatchObject({ code: 'invalid-trace' });
      expect(r.reason).toMatch(/"# testedAt:" is missing|sampleRateHz/);
    });

    it('non-increasing time, forces above 2,000 N, too many samples, no athlete', () => {
      expect(rejected(parseEccentricTraceJson(doc({ samples: [[0, 1, 2], [0, 1, 2]] })))).toMatchObject({ code: 'time-not-increasing', column: 'samples[1][0]' });
      expect(rejected(parseEccentricTraceJson(doc({ sampleRateHz: 50, left: [1, 2], right: [1, 2500] })))).toMatchObject({ code: 'force-out-of-range', column: 'right[1]' });
      const big = new Array(1_200_001).fill(0);
      expect(rejected(parseEccentricTraceJson(`{"format":"eccentric-trace@1","athleteId":"a","testedAt":"2026-03-01","testType":"Nordic","sampleRateHz":1000,"left":[${big}],"right":[]}`))).toMatchObject({ code: 'trace-too-long' });
      expect(rejected(parseEccentricTraceJson(doc({ athleteId: undefined, sampleRateHz: 50, left: [1], right: [1] })))).toMatchObject({ code: 'no-athlete' });
    });
  });
});
