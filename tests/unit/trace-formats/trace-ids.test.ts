import { describe, expect, it } from 'vitest';
import { analyzeUpload } from '#core/analyze/analyze-upload.ts';
import { parseTrace, parseTraceCsv, type MetaInputs } from '../../../shared/trace-formats/index.ts';
import { HOSTILE_IDS } from '../../support/hostile-ids.ts';
import { fixture, HUB, rejected } from './helpers.ts';


const valdApi = (ids: Record<string, unknown>) => JSON.stringify({ ...ids, testTypeName: 'Nordic', testDateUtc: '2026-03-01T09:15:00Z', forces: Array.from({ length: 20 }, (_, i) => ({ ticks: i * 200_000, leftForce: 10, rightForce: 12 })) });
const eccentricJson = (athleteId: string) => JSON.stringify({ format: 'eccentric-trace@1', athleteId, testedAt: '2026-03-01T09:15:00Z', testType: 'Nordic', sampleRateHz: 50, left: [1, 2, 3], right: [1, 2, 3] });
const eccentricCsv = (athleteId: string) => `# format: eccentric-trace@1\n# athleteId: ${athleteId}\n# testedAt: 2026-03-01T09:15:00Z\n# testType: Nordic\n# sampleRateHz: 50\ntime,left,right\n0,1,1\n0.02,2,2\n0.04,3,3\n`;

/** One way each boundary of a trace file can carry an id: the field, where the reason must say it came from, and the upload. */
const carriers: { where: string; field: string; source: RegExp; parse: (id: string) => ReturnType<typeof parseTrace> }[] = [
  { where: 'VALD API trace testId', field: 'testId', source: /in the file/, parse: (id) => parseTrace(valdApi({ testId: id, athleteId: 'b7e0c1a2' })) },
  { where: 'VALD API trace athleteId', field: 'valdProfileId', source: /in the file/, parse: (id) => parseTrace(valdApi({ athleteId: id })) },
  { where: 'VALD API trace profileId', field: 'valdProfileId', source: /in the file/, parse: (id) => parseTrace(valdApi({ profileId: id })) },
  { where: 'eccentric-trace JSON athleteId', field: 'athleteId', source: /in the file/, parse: (id) => parseTrace(eccentricJson(id)) },
  // A CSV header value is one line: ids with a line break or NUL are covered by the JSON forms.
  { where: 'eccentric-trace CSV athleteId', field: 'athleteId', source: /in the file/, parse: (id) => parseTrace(eccentricCsv(id.replace(/\u0000/g, '\\0'))) },
  { where: 'sidecar athleteId', field: 'athleteId', source: /in the sidecar/, parse: (id) => parseTrace(fixture(HUB), { fileName: HUB, sidecar: { athleteId: id } }) },
  { where: 'sidecar testId', field: 'testId', source: /in the sidecar/, parse: (id) => parseTrace(fixture(HUB), { fileName: HUB, sidecar: { testId: id } }) },
  { where: 'sidecar valdProfileId', field: 'valdProfileId', source: /in the sidecar/, parse: (id) => parseTrace(fixture(HUB), { fileName: HUB, sidecar: { valdProfileId: id } }) },
  { where: 'S3 object metadata athlete-id', field: 'athleteId', source: /in the S3 object metadata/, parse: (id) => parseTrace(fixture(HUB), { fileName: HUB, objectMetadata: { 'athlete-id': id } }) },
];

describe('ids a trace carries are held to the id grammar', () => {
  for (const carrier of carriers) {
    it.each(HOSTILE_IDS.map((id) => [JSON.stringify(id).slice(0, 40), id]))(`${carrier.where} %s is refused, naming the field and its source`, async (_, id) => {
      const r = rejected(await carrier.parse(id));
      expect(r.code).toBe('invalid-id');
      expect(r.column).toBe(carrier.field);
      expect(r.reason).toMatch(carrier.source);
      expect(r.reason).toMatch(/cannot be an? (athlete|test) id/);
    });
  }

  it('refuses a bad id even where a higher-precedence source overrides it', async () => {
    const r = rejected(await parseTrace(valdApi({ testId: '../../x', athleteId: 'b7e0c1a2' }), { sidecar: { testId: 'fine-id' } }));
    expect(r).toMatchObject({ code: 'invalid-id', column: 'testId' });
  });

  it('keeps the ids real files carry', async () => {
    const inputs: MetaInputs = { fileName: HUB, sidecar: { athleteId: 'EXT-0001', testId: '9f1c2d3e-0000-4a5b-8c9d-000000000001' }, objectMetadata: { 'athlete-id': 'jane.doe@club' } };
    const t = await parseTraceCsv(fixture(HUB), inputs);
    expect(t.ok).toBe(true);
  });
});

describe('a one-test trace carrying a bad id is refused as a whole file', () => {
  it('with the reason, before any sample is handed to storage', async () => {
    const stored: string[] = [];
    const result = await analyzeUpload((async function* () { yield Buffer.from(valdApi({ testId: '../../other-team/jane-doe/t1', athleteId: 'b7e0c1a2' })); })(), { file: 'trace.json' }, {
      test: (t) => void stored.push(t.testId),
      trace: (t) => void stored.push(`samples of ${t.testId}`),
    });
    expect(result.refused).toBe(true);
    expect(result.rejected).toEqual([{ file: 'trace.json', line: 0, column: 'testId', code: 'invalid-id', reason: expect.stringMatching(/^testId in the file: "\.\.\/\.\.\/other-team\/jane-doe\/t1" cannot be a test id/) }]);
    expect(stored).toEqual([]);
  });

  it('when the id derived from a file-name athlete cannot be a key (a 200-character name)', async () => {
    const name = `nordbord-nordic-${'Ann-'.repeat(50)}Lee-export-01_03_2026.csv`;
    const result = await analyzeUpload((async function* () { yield fixture(HUB); })(), { file: name }, { test: () => expect.fail('no test may be stored') });
    expect(result.refused).toBe(true);
    expect(result.rejected[0]).toMatchObject({ code: 'invalid-id', reason: expect.stringMatching(/cannot be an athlete id/) });
  });
});
