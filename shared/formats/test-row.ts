import { asymmetry, type AsymmetryFormula } from '../metrics/asymmetry.ts';
import { relativeForce } from '../metrics/relative-force.ts';
import type { Side, TestRecord, TestWarning } from '../model/test-record.ts';
import { parseClock, parseTestTime, resolveTestTime, type DateOrder, type ParsedTime, type TimeParseResult } from '../dates/test-time.ts';
import { defaultAthleteId, type AthleteResolver } from '../identity/athlete-id.ts';
import { Hash64, hash64, toHex64 } from '../identity/hash64.ts';
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

/** A mapped row whose test time (and derived id) may still wait for the file's date order. */
export interface TestDraft {
  line: number;
  time: ParsedTime;
  /** Complete but for testedAt and, for derived ids, testId: both filled in place by finaliseDraft. */
  record: TestRecord;
  /** True when neither side has repetitions or force: not a test. */
  noReps: boolean;
  /** 64-bit hash of the test id, for de-duplication (set by finalise). */
  idHash: [number, number];
  /** testedAt in ms since the epoch (set by finalise). */
  ms: number;
}

export interface MapOptions {
  file: string;
  resolveAthlete?: AthleteResolver | undefined;
  asymmetryFormula?: AsymmetryFormula | undefined;
}

/** Numeric fields in the order they are read; indices below refer to this list. */
export const NUMERIC_FIELDS = [
  'leftReps', 'rightReps', 'leftMax', 'rightMax', 'leftAvg', 'rightAvg', 'leftImpulse', 'rightImpulse',
  'leftTorque', 'rightTorque', 'leftCalibration', 'rightCalibration', 'leftTimeToPeak', 'rightTimeToPeak',
  'leftPerKg', 'rightPerKg', 'vendorMaxImbalance',
] as const satisfies readonly CanonicalField[];
const N = Object.fromEntries(NUMERIC_FIELDS.map((f, i) => [f, i])) as Record<(typeof NUMERIC_FIELDS)[number], number>;
const LEFT = { reps: N.leftReps, max: N.leftMax, avg: N.leftAvg, impulse: N.leftImpulse, torque: N.leftTorque, calibration: N.leftCalibration, ttp: N.leftTimeToPeak, perKg: N.leftPerKg };
const RIGHT = { reps: N.rightReps, max: N.rightMax, avg: N.rightAvg, impulse: N.rightImpulse, torque: N.rightTorque, calibration: N.rightCalibration, ttp: N.rightTimeToPeak, perKg: N.rightPerKg };
type SideIndex = typeof LEFT;
const FORCE_CELLS = [N.leftMax, N.rightMax, N.leftAvg, N.rightAvg];
const REP_CELLS = [N.leftReps, N.rightReps];

/** Text fields in the order they are read. */
const TEXT_FIELDS = ['athleteName', 'externalId', 'profileId', 'athleteId', 'date', 'time', 'testType', 'device', 'testId'] as const satisfies readonly CanonicalField[];
const T = Object.fromEntries(TEXT_FIELDS.map((f, i) => [f, i])) as Record<(typeof TEXT_FIELDS)[number], number>;

/** `T00:00:00.000Z` … `T23:59:00.000Z`: a test time is a day plus a minute, so its ISO form is two cached halves. */
const MINUTE_SUFFIX = Array.from({ length: 1440 }, (_, m) => `T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00.000Z`);

/** Cell states written by RowAccess.readNumbers. */
export const CELL_EMPTY = 0;
export const CELL_NUMBER = 1;
export const CELL_INVALID = 2;

const CACHE_LIMIT = 100_000;

/**
 * Maps test rows (Hub export, API JSON or flattened API CSV) to drafts. One mapper per file: it caches
 * what repeats from row to row (athlete ids, dates, clock times, ISO strings), which is most of the cost
 * of a row once the bytes are tokenized.
 */
export class TestRowMapper {
  private readonly options: MapOptions;
  private readonly values = new Float64Array(NUMERIC_FIELDS.length);
  private readonly cells = new Uint8Array(NUMERIC_FIELDS.length);
  private readonly athletes = new Map<string, { id: string } | null>();
  private readonly texts: string[] = [];
  private readonly stringHashes = new Map<string, number>();
  private readonly dates = new Map<string, TimeParseResult>();
  private readonly clocks = new Map<string, number | null>();
  private readonly isoDays = new Map<number, string>();
  private readonly days = new Map<number, number | string>();
  private readonly hasher = new Hash64();

  constructor(options: MapOptions) {
    this.options = options;
  }

  map(row: RowAccess): TestDraft | RowProblem {
    const t = this.texts;
    row.readTexts(TEXT_FIELDS, t);
    const name = t[T.athleteName] || null;
    const externalId = t[T.externalId] || null;
    const valdProfileId = t[T.profileId] || t[T.athleteId] || null;
    const athleteKey = `${name}\u0001${externalId}\u0001${valdProfileId}`;
    let athlete = this.athletes.get(athleteKey);
    if (athlete === undefined) {
      const keys = { name, externalId, valdProfileId };
      const id = this.options.resolveAthlete?.(keys) ?? defaultAthleteId(keys);
      athlete = id ? { id } : null;
      remember(this.athletes, athleteKey, athlete);
    }
    if (!athlete) {
      const field = row.has('athleteName') ? 'athleteName' : row.has('profileId') ? 'profileId' : 'athleteId';
      return problem(row, field, 'no-athlete', 'no athlete name or id');
    }
    const athleteId = athlete.id;

    const time = this.parseTime(t[T.date]!, row.has('time') ? t[T.time]! : null);
    if (time.kind === 'error') return problem(row, time.column, 'bad-date', time.reason);

    const testType = row.has('testType') ? t[T.testType]! : 'Nordic';
    if (testType === '') return problem(row, 'testType', 'no-test-type', 'no test type');

    const v = this.values;
    const cells = this.cells;
    row.readNumbers(NUMERIC_FIELDS, v, cells);
    for (let i = 0; i < cells.length; i++) {
      if (cells[i] === CELL_INVALID) {
        const field = NUMERIC_FIELDS[i]!;
        return problem(row, field, 'not-a-number', `"${row.text(field)}" is not a number`);
      }
    }
    for (const i of FORCE_CELLS) {
      if (cells[i] !== CELL_NUMBER) continue;
      const force = v[i]!;
      if (force < 0) return problem(row, NUMERIC_FIELDS[i]!, 'negative-force', `force ${force} N is negative`);
      if (force > SENSOR_LIMIT_N) {
        return problem(row, NUMERIC_FIELDS[i]!, 'force-above-sensor-limit', `force ${force} N is above the ${SENSOR_LIMIT_N} N sensor limit`);
      }
    }
    for (const i of REP_CELLS) {
      if (cells[i] === CELL_NUMBER && (v[i]! < 0 || !Number.isInteger(v[i]))) {
        const field = NUMERIC_FIELDS[i]!;
        return problem(row, field, 'bad-reps', `repetitions "${row.text(field)}" is not a whole number ≥ 0`);
      }
    }

    const warnings: TestWarning[] = [];
    const left = this.side('left', LEFT, warnings);
    const right = this.side('right', RIGHT, warnings);
    const noReps = left.peakN === null && right.peakN === null;

    const bodyMassKg = this.impliedBodyMass(left, right);
    if (bodyMassKg !== null && bodyMassPlausible(bodyMassKg)) {
      left.peakNPerKg = relativeForce(left.peakN, bodyMassKg);
      right.peakNPerKg = relativeForce(right.peakN, bodyMassKg);
    }
    const quality = qualityWarnings({ testType, left, right, bodyMassKg, torqueReported: row.has('leftTorque') });
    if (quality.length) warnings.push(...quality);

    const testId = t[T.testId] || null;
    return {
      line: row.line,
      time,
      noReps,
      idHash: [0, 0],
      ms: 0,
      record: {
        testId: testId ?? '',
        testIdSource: testId ? 'vald' : 'derived',
        athleteId,
        athleteName: name,
        externalId,
        testedAt: '',
        testType,
        device: t[T.device] || null,
        bodyMassKg,
        left,
        right,
        asymmetry: asymmetry(left.peakN, right.peakN, this.options.asymmetryFormula),
        warnings,
        source: { file: this.options.file, line: row.line, vendorMaxImbalancePct: this.value(N.vendorMaxImbalance) },
      },
    };
  }

  /**
   * Completes a draft in place once the file's date order is known: test time and, for Hub rows,
   * derived-test-id@1.
   */
  finalise(draft: TestDraft, order: DateOrder): TestRecord | RowProblem {
    const ms = this.resolve(draft.time, order);
    if (typeof ms === 'string') return { line: draft.line, column: null, code: 'bad-date', reason: ms };
    const r = draft.record;
    draft.ms = ms;
    r.testedAt = this.iso(ms);
    if (r.testIdSource === 'derived') {
      draft.idHash = derivedIdHash(this.hasher, r, Math.floor(ms / 60_000), this.hashOf(r.athleteId), this.hashOf(r.device ?? ''), this.hashOf(r.testType));
      r.testId = `h${toHex64(draft.idHash[0], draft.idHash[1])}`;
    } else draft.idHash = hash64(r.testId);
    return r;
  }

  private value(i: number): number | null {
    return this.cells[i] === CELL_NUMBER ? this.values[i]! : null;
  }

  /**
   * Cleaning per the handbook: calibration subtracted (raw kept); a side with 0 reps and no force is
   * missing (null), never 0 N; a side with 0 reps but force recorded is kept and flagged.
   */
  private side(which: 'left' | 'right', i: SideIndex, warnings: TestWarning[]): Side {
    const reps = this.value(i.reps);
    const max = this.value(i.max);
    const calibration = this.value(i.calibration);
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
    const avg = this.value(i.avg);
    const torque = this.value(i.torque);
    return {
      peakN: present ? max! - offset : null,
      avgN: present && avg !== null ? avg - offset : null,
      repCount: reps ?? (present ? 1 : 0),
      impulseNs: present ? this.value(i.impulse) : null,
      torqueNm: present && torque !== null && torque > 0 ? torque : null,
      peakNPerKg: null,
      calibrationN: calibration,
      timeToPeakS: present ? this.value(i.ttp) : null,
    };
  }

  /** Body mass implied by an export's per-kg columns (force / force-per-kg). */
  private impliedBodyMass(left: Side, right: Side): number | null {
    const pairs: [number | null, number | null][] = [
      [left.peakN, this.value(N.leftPerKg)],
      [right.peakN, this.value(N.rightPerKg)],
    ];
    for (const [force, perKg] of pairs) {
      if (force !== null && perKg !== null && perKg > 0) return Math.round((force / perKg) * 10) / 10;
    }
    return null;
  }

  private parseTime(date: string, time: string | null): TimeParseResult {
    let parsed = this.dates.get(date);
    if (parsed === undefined) {
      parsed = parseTestTime(date, null);
      remember(this.dates, date, parsed);
    }
    if (time === null || time === '' || parsed.kind === 'error') return parsed;
    let clock = this.clocks.get(time);
    if (clock === undefined) {
      clock = parseClock(time);
      remember(this.clocks, time, clock);
    }
    if (clock === null) return parseTestTime(date, time); // the slow path words the error
    if (parsed.kind === 'exact') {
      return Number.isInteger(parsed.ms / 86_400_000) ? { kind: 'exact', ms: parsed.ms + clock * 1000 } : parsed;
    }
    if (parsed.minuteOfDay !== 0 || parsed.secondOfMinute !== 0) return parsed; // the date cell carried its own time
    return { ...parsed, minuteOfDay: Math.floor(clock / 60), secondOfMinute: clock % 60 };
  }

  /** resolveTestTime with the calendar check done once per day rather than once per row. */
  private resolve(t: ParsedTime, order: DateOrder): number | string {
    if (t.kind === 'exact') return t.ms;
    const dayKey = ((t.year * 16 + t.first) * 32 + t.second) * 2 + (order === 'MDY' ? 1 : 0);
    let day = this.days.get(dayKey);
    if (day === undefined) {
      day = resolveTestTime({ ...t, minuteOfDay: 0, secondOfMinute: 0 }, order);
      remember(this.days, dayKey, day);
    }
    return typeof day === 'string' ? day : day + t.minuteOfDay * 60_000 + t.secondOfMinute * 1000;
  }

  private iso(ms: number): string {
    const minuteOfDay = (ms % 86_400_000) / 60_000;
    if (ms < 0 || !Number.isInteger(minuteOfDay)) return new Date(ms).toISOString();
    const day = ms - minuteOfDay * 60_000;
    let prefix = this.isoDays.get(day);
    if (prefix === undefined) {
      prefix = new Date(day).toISOString().slice(0, 10);
      remember(this.isoDays, day, prefix);
    }
    return prefix + MINUTE_SUFFIX[minuteOfDay]!;
  }

  /** Cached string hashes: athlete, device and test type repeat on almost every row. */
  private hashOf(s: string): number {
    let h = this.stringHashes.get(s);
    if (h === undefined) {
      h = hash64(s)[0];
      remember(this.stringHashes, s, h);
    }
    return h;
  }
}

function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

function problem(row: RowAccess, field: CanonicalField | null, code: string, reason: string): RowProblem {
  return { line: row.line, column: field ? row.column(field) : null, code, reason };
}

/**
 * derived-test-id@1: Hub exports carry no test id, so one is derived from the row's identity — athlete,
 * minute, device, test type and the forces — so that an overlapping export maps to the same ids while two
 * different tests in the same minute stay two.
 */
export function derivedIdHash(h: Hash64, r: TestRecord, minute: number, athlete: number, device: number, testType: number): [number, number] {
  h.reset();
  h.char(athlete);
  h.num(minute);
  h.char(device);
  h.char(testType);
  for (const s of [r.left, r.right]) h.num(s.repCount).num(s.peakN).num(s.avgN);
  return h.digest();
}
