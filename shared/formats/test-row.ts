import { asymmetry, type AsymmetryFormula } from '../metrics/asymmetry.ts';
import { relativeForce } from '../metrics/relative-force.ts';
import type { Side, TestRecord, TestWarning } from '../model/test-record.ts';
import { parseTestTime, resolveTestTime, type DateOrder, type ParsedTime } from '../dates/test-time.ts';
import { defaultAthleteId, type AthleteResolver } from '../identity/athlete-id.ts';
import { hash64Hex } from '../identity/hash64.ts';
import { qualityWarnings, bodyMassPlausible } from '../quality/warnings.ts';
import type { CanonicalField } from './header-aliases.ts';
import type { RowAccess } from './row-access.ts';

/** Peak force a NordBord sensor can report (handbook: 2,000 N per sensor). */
export const SENSOR_LIMIT_N = 2000;

export interface RowProblem {
  line: number;
  column: string | null;
  code: string;
  reason: string;
}

/** A mapped row whose test time may still wait for the file's date order. */
export interface TestDraft {
  line: number;
  time: ParsedTime;
  /** Everything but testedAt and (for derived ids) testId. */
  record: Omit<TestRecord, 'testedAt' | 'testId'> & { testId: string | null };
  /** True when neither side has repetitions or force: not a test. */
  noReps: boolean;
}

export interface MapOptions {
  file: string;
  resolveAthlete?: AthleteResolver | undefined;
  asymmetryFormula?: AsymmetryFormula | undefined;
}

type Sided<T extends string> = `left${T}` | `right${T}`;

function problem(row: RowAccess, field: CanonicalField | null, code: string, reason: string): RowProblem {
  return { line: row.line, column: field ? row.column(field) : null, code, reason };
}

/** Maps one test row (Hub export, API JSON or flattened API CSV) to a draft, or says why it cannot. */
export function mapTestRow(row: RowAccess, options: MapOptions): TestDraft | RowProblem {
  const name = row.text('athleteName') || null;
  const externalId = row.text('externalId') || null;
  const valdProfileId = row.text('profileId') || row.text('athleteId') || null;
  const keys = { name, externalId, valdProfileId };
  const athleteId = options.resolveAthlete?.(keys) ?? defaultAthleteId(keys);
  if (!athleteId) {
    const field = row.has('athleteName') ? 'athleteName' : row.has('profileId') ? 'profileId' : 'athleteId';
    return problem(row, field, 'no-athlete', 'no athlete name or id');
  }

  const time = parseTestTime(row.text('date'), row.has('time') ? row.text('time') : null);
  if (time.kind === 'error') return problem(row, time.column, 'bad-date', time.reason);

  const testType = row.has('testType') ? row.text('testType') : 'Nordic';
  if (testType === '') return problem(row, 'testType', 'no-test-type', 'no test type');

  const numbers: Partial<Record<CanonicalField, number | null>> = {};
  for (const field of numericFields) {
    const v = row.num(field);
    if (v !== null && !Number.isFinite(v)) {
      return problem(row, field, 'not-a-number', `"${row.text(field)}" is not a number`);
    }
    numbers[field] = v;
  }
  for (const field of ['leftMax', 'rightMax', 'leftAvg', 'rightAvg'] as const) {
    const v = numbers[field];
    if (v != null && v < 0) return problem(row, field, 'negative-force', `force ${v} N is negative`);
    if (v != null && v > SENSOR_LIMIT_N) {
      return problem(row, field, 'force-above-sensor-limit', `force ${v} N is above the ${SENSOR_LIMIT_N} N sensor limit`);
    }
  }
  for (const field of ['leftReps', 'rightReps'] as const) {
    const v = numbers[field];
    if (v != null && (v < 0 || !Number.isInteger(v))) {
      return problem(row, field, 'bad-reps', `repetitions "${row.text(field)}" is not a whole number ≥ 0`);
    }
  }

  const warnings: TestWarning[] = [];
  const left = side('left', numbers, warnings);
  const right = side('right', numbers, warnings);
  const noReps = left.peakN === null && right.peakN === null;

  const bodyMassKg = impliedBodyMass(numbers, left, right);
  const plausibleMass = bodyMassKg !== null && bodyMassPlausible(bodyMassKg) ? bodyMassKg : null;
  left.peakNPerKg = relativeForce(left.peakN, plausibleMass);
  right.peakNPerKg = relativeForce(right.peakN, plausibleMass);
  warnings.push(...qualityWarnings({ testType, left, right, bodyMassKg, torqueReported: row.has('leftTorque') }));

  return {
    line: row.line,
    time,
    noReps,
    record: {
      testId: row.text('testId') || null,
      testIdSource: row.text('testId') ? 'vald' : 'derived',
      athleteId,
      athleteName: name,
      externalId,
      testType,
      device: row.text('device') || null,
      bodyMassKg,
      left,
      right,
      asymmetry: asymmetry(left.peakN, right.peakN, options.asymmetryFormula),
      warnings,
      source: { file: options.file, line: row.line, vendorMaxImbalancePct: numbers.vendorMaxImbalance ?? null },
    },
  };
}

const numericFields: CanonicalField[] = [
  'leftReps', 'rightReps', 'leftMax', 'rightMax', 'leftAvg', 'rightAvg', 'leftImpulse', 'rightImpulse',
  'leftTorque', 'rightTorque', 'leftCalibration', 'rightCalibration', 'leftTimeToPeak', 'rightTimeToPeak',
  'leftPerKg', 'rightPerKg', 'vendorMaxImbalance',
];

/**
 * Cleaning per the handbook: calibration subtracted (raw kept); a side with 0 reps and no force is
 * missing (null), never 0 N; a side with 0 reps but force recorded is kept and flagged.
 */
function side(which: 'left' | 'right', n: Partial<Record<CanonicalField, number | null>>, warnings: TestWarning[]): Side {
  const get = (f: string) => n[`${which}${f}` as Sided<string> as CanonicalField] ?? null;
  const reps = get('Reps');
  const max = get('Max');
  const calibration = get('Calibration');
  const offset = calibration ?? 0;
  const hasForce = max !== null && max > 0;
  const present = max !== null && (hasForce || (reps ?? 0) > 0);
  if (reps === 0 && hasForce) {
    warnings.push({
      code: 'zero-reps-with-force',
      side: which,
      message: `${which} has 0 repetitions but ${max} N recorded: kept as a result, check the test`,
    });
  }
  const torque = get('Torque');
  return {
    peakN: present ? max! - offset : null,
    avgN: present && get('Avg') !== null ? get('Avg')! - offset : null,
    repCount: reps ?? (present ? 1 : 0),
    impulseNs: present ? get('Impulse') : null,
    torqueNm: present && torque !== null && torque > 0 ? torque : null,
    peakNPerKg: null,
    calibrationN: calibration,
    timeToPeakS: present ? get('TimeToPeak') : null,
  };
}

/** Body mass implied by an export's per-kg columns (force / force-per-kg). */
function impliedBodyMass(n: Partial<Record<CanonicalField, number | null>>, left: Side, right: Side): number | null {
  const pairs: [number | null, number | null | undefined][] = [
    [left.peakN, n.leftPerKg],
    [right.peakN, n.rightPerKg],
  ];
  for (const [force, perKg] of pairs) {
    if (force !== null && perKg != null && perKg > 0) return Math.round((force / perKg) * 10) / 10;
  }
  return null;
}

/** Completes a draft once the file's date order is known: test time and, for Hub rows, the derived id. */
export function finaliseDraft(draft: TestDraft, order: DateOrder): TestRecord | RowProblem {
  const ms = resolveTestTime(draft.time, order);
  if (typeof ms === 'string') return { line: draft.line, column: null, code: 'bad-date', reason: ms };
  const testedAt = new Date(ms).toISOString();
  const r = draft.record;
  return { ...r, testedAt, testId: r.testId ?? derivedTestId(r, testedAt) };
}

/**
 * derived-test-id@1: Hub exports carry no test id, so one is derived from the row's identity — athlete,
 * minute, device, test type and the forces — so that an overlapping export maps to the same ids while two
 * different tests in the same minute stay two.
 */
export function derivedTestId(r: Omit<TestRecord, 'testedAt' | 'testId'>, testedAt: string): string {
  const f = (s: Side) => `${s.repCount}|${s.peakN ?? ''}|${s.avgN ?? ''}`;
  const key = `${r.athleteId}|${testedAt.slice(0, 16)}|${r.device ?? ''}|${r.testType}|${f(r.left)}|${f(r.right)}`;
  return `h${hash64Hex(key)}`;
}
