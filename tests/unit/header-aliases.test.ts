import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalFieldOf, mapHeader, normaliseHeader, type CanonicalField } from '#core/formats/header-aliases.ts';

const hubFile = path.resolve(process.cwd(), '../shared/real-data/vald-hub-results-export-nordbord.csv');

/** The real Hub export's header, split by hand (every field is quoted, none contains a quote). */
function hubHeader(): { raw: string; columns: string[] } {
  const text = readFileSync(hubFile, 'utf8');
  const raw = text.slice(0, text.indexOf('\n'));
  return { raw, columns: raw.replace(/^\uFEFF/, '').slice(1, -1).split('","') };
}

const RFD_AND_WINDOWS = [50, 100, 150, 200, 250].flatMap((ms) => [
  `L Max RFD ${ms}ms (N/s)`,
  `L Avg RFD ${ms}ms (N/s)`,
  `R Max RFD ${ms}ms (N/s)`,
  `R Avg RFD ${ms}ms (N/s)`,
]);
const IMPULSE_WINDOWS = [50, 100, 150, 200, 250].flatMap((ms) => [
  `L Max Impulse ${ms}ms (N\u22C5s)`,
  `L Avg Impulse ${ms}ms (N\u22C5s)`,
  `R Max Impulse ${ms}ms (N\u22C5s)`,
  `R Avg Impulse ${ms}ms (N\u22C5s)`,
]);

/** Every column of the real export, in file order, with the field it must map to (null: ignored). */
const HUB_EXPECTED: [string, CanonicalField | null][] = [
  ['Name', 'athleteName'],
  ['ExternalId', 'externalId'],
  ['Date UTC', 'date'],
  ['Time UTC', 'time'],
  ['Device', 'device'],
  ['Test', 'testType'],
  ['L Reps', 'leftReps'],
  ['R Reps', 'rightReps'],
  ['L Max Force (N)', 'leftMax'],
  ['R Max Force (N)', 'rightMax'],
  ['Max Imbalance (%)', 'vendorMaxImbalance'],
  ['L Max Torque (Nm)', 'leftTorque'],
  ['R Max Torque (Nm)', 'rightTorque'],
  ['L Avg Force (N)', 'leftAvg'],
  ['R Avg Force (N)', 'rightAvg'],
  ['Avg Imbalance (%)', null],
  ['L Max Impulse (Ns)', 'leftImpulse'],
  ['R Max Impulse (Ns)', 'rightImpulse'],
  ['Impulse Imbalance (%)', null],
  ['L Min Time to Peak Force (s)', 'leftTimeToPeak'],
  ['R Min Time to PeakForce (s)', 'rightTimeToPeak'], // the real typo
  ['L Avg Time to Peak Force (s)', null],
  ['R Avg Time to Peak Force (s)', null],
  ['L Max Force Per Kg (N/kg)', 'leftPerKg'],
  ['R Max Force Per Kg (N/kg)', 'rightPerKg'],
  ['L Avg Force Per Kg (N/kg)', null],
  ['R Avg Force Per Kg (N/kg)', null],
  ...RFD_AND_WINDOWS.map((h): [string, null] => [h, null]),
  ...IMPULSE_WINDOWS.map((h): [string, null] => [h, null]),
  ['L Max Torque Per Kg (Nm/kg)', null],
  ['R Max Torque Per Kg (Nm/kg)', null],
  ['L Avg Torque Per Kg (Nm/kg)', null],
  ['R Avg Torque Per Kg (Nm/kg)', null],
  ['Notes', 'notes'], // read for post-load marks (post-match, MD+1)
];

describe('the real VALD Hub Results Export header', () => {
  it('has exactly the 72 columns of the expectation table, in order (BOM first)', () => {
    const { raw, columns } = hubHeader();
    expect(raw.startsWith('\uFEFF"Name"')).toBe(true);
    expect(columns).toHaveLength(72);
    expect(columns).toEqual(HUB_EXPECTED.map(([h]) => h));
  });

  it.each(HUB_EXPECTED)('%s → %s', (header, field) => {
    expect(canonicalFieldOf(header) ?? null).toBe(field);
  });

  it('mapHeader maps the 22 known columns to their file positions and ignores the other 50, BOM included', () => {
    const { columns } = hubHeader();
    const withBom = ['\uFEFF' + columns[0], ...columns.slice(1)]; // what a reader that does not strip the BOM sees
    const mapping = mapHeader(withBom);
    const expected = Object.fromEntries(
      HUB_EXPECTED.flatMap(([, field], index) => (field ? [[field, index]] : [])),
    );
    expect(mapping.columns).toEqual(expected);
    expect(Object.keys(mapping.columns)).toHaveLength(22);
    expect(mapping.ignored).toHaveLength(50);
    expect(mapping.ignored).toContain('L Max Impulse 50ms (N\u22C5s)');
    expect(mapping.ignored).not.toContain('R Min Time to PeakForce (s)');
  });

  it('the (N⋅s) window columns and the RFD columns never shadow the whole-test impulse or the max force', () => {
    for (const h of [...IMPULSE_WINDOWS, ...RFD_AND_WINDOWS]) expect(canonicalFieldOf(h)).toBeUndefined();
    const mapping = mapHeader(hubHeader().columns);
    expect(mapping.columns.leftImpulse).toBe(16);
    expect(mapping.columns.rightImpulse).toBe(17);
    expect(mapping.columns.leftMax).toBe(8);
  });
});

describe('VALD API camelCase names', () => {
  const API: [string, CanonicalField | null][] = [
    ['profileId', 'profileId'],
    ['athleteId', 'athleteId'],
    ['testId', 'testId'],
    ['testDateUtc', 'date'],
    ['modifiedDateUtc', null],
    ['modifiedUtc', null],
    ['testTypeId', null],
    ['testTypeName', 'testType'],
    ['notes', 'notes'],
    ['device', 'device'],
    ['leftMaxForce', 'leftMax'],
    ['rightMaxForce', 'rightMax'],
    ['leftAvgForce', 'leftAvg'],
    ['rightAvgForce', 'rightAvg'],
    ['leftImpulse', 'leftImpulse'],
    ['rightImpulse', 'rightImpulse'],
    ['leftTorque', 'leftTorque'],
    ['rightTorque', 'rightTorque'],
    ['leftCalibration', 'leftCalibration'],
    ['rightCalibration', 'rightCalibration'],
    ['leftRepetitions', 'leftReps'],
    ['rightRepetitions', 'rightReps'],
  ];
  it.each(API)('%s → %s', (header, field) => {
    expect(canonicalFieldOf(header) ?? null).toBe(field);
  });

  it('both real API CSV headers map every measurement and never use the modified time as the date', () => {
    for (const file of ['vald-api-tests-v2-flattened.csv', 'vald-api-tests-flattened-multi-type.csv']) {
      const text = readFileSync(path.resolve(process.cwd(), '../shared/real-data', file), 'utf8');
      const header = text.slice(0, text.indexOf('\n')).split(',').map((h) => h.replace(/^"|"$/g, ''));
      const mapping = mapHeader(header);
      expect(header[mapping.columns.date!]).toBe('testDateUtc');
      for (const f of ['testId', 'testType', 'device', 'leftMax', 'rightMax', 'leftAvg', 'rightAvg', 'leftReps', 'rightReps', 'leftCalibration', 'rightCalibration'] as const) {
        expect(mapping.columns[f], `${file}: ${f}`).toBeDefined();
      }
      expect(mapping.columns.profileId ?? mapping.columns.athleteId).toBeDefined();
    }
  });
});

describe('header variants from other templates and tools', () => {
  const VARIANTS: [string, CanonicalField | null][] = [
    ['Left Peak Force (N)', 'leftMax'],
    ['Right Peak Force (N)', 'rightMax'],
    ['L Max Force', 'leftMax'],
    ['left max force', 'leftMax'],
    ['LEFT MAX FORCE (N)', 'leftMax'],
    ['Left Average Force (N)', 'leftAvg'],
    ['Left Repetitions', 'leftReps'],
    ['R Rep', 'rightReps'],
    ['Athlete', 'athleteName'],
    ['Athlete Name', 'athleteName'],
    ['Date', 'date'],
    ['Test Date', 'date'],
    ['Time', 'time'],
    ['Test Type', 'testType'],
    ['External ID', 'externalId'],
    ['Body Mass (kg)', 'bodyMassKg'],
    ['bodyMassKg', 'bodyMassKg'],
    ['Injuries', 'injuries'],
    ['  Name  ', 'athleteName'],
    ['\uFEFFName', 'athleteName'],
    ['Max Imbalance', 'vendorMaxImbalance'],
    ['Something Else', null],
    ['', null],
  ];
  it.each(VARIANTS)('%j → %s', (header, field) => {
    expect(canonicalFieldOf(header) ?? null).toBe(field);
  });

  it('normaliseHeader drops units, punctuation, camelCase and the BOM', () => {
    expect(normaliseHeader('R Min Time to PeakForce (s)')).toBe('r min time to max force');
    expect(normaliseHeader('leftMaxForce')).toBe('l max force');
    expect(normaliseHeader('\uFEFFDate UTC')).toBe('date utc');
    expect(normaliseHeader('L Max Impulse 50ms (N\u22C5s)')).toBe('l max impulse 50ms');
  });

  it('first match wins when two columns map to the same field', () => {
    const m = mapHeader(['Date', 'Test Date', 'Name']);
    expect(m.columns.date).toBe(0);
    expect(m.ignored).toEqual(['Test Date']);
  });
});
