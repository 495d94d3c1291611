import { asymmetry, type AsymmetryFormula } from '../metrics/asymmetry.ts';
import { relativeForceOrNaN } from '../metrics/relative-force.ts';
import type { Side, TestRecord } from '../model/test-record.ts';
import { parseClock, parseTestTime, resolveTestTime, type DateOrder, type ParsedTime, type TimeParseResult } from '../dates/test-time.ts';
import { athleteIdProblem, defaultAthleteId, type AthleteResolver } from '../identity/athlete-id.ts';
import { idKey, idProblem } from '../identity/id-grammar.ts';
import { Hash64, hash64, toHex64 } from '../identity/hash64.ts';
import { qualityFlags, warningList, bodyMassPlausible } from '../quality/warnings.ts';
import { FactSide, orNull, sideRecord } from './fact-side.ts';
import type { CanonicalField } from './header-aliases.ts';
import type { CsvRowAccess, RowAccess } from './row-access.ts';
import type { CsvRecord } from '../csv/csv-record.ts';
import { quoteCell } from './quote-cell.ts';
import { MAX_STORED_MAGNITUDE, MIN_STORED_MAGNITUDE, numberProblem, USUAL_MAX_MAGNITUDE, USUAL_MIN_MAGNITUDE } from '../store-limits/dynamodb-limits.ts';
import { FAST_TEXT_UNITS, storedTestTextProblem, type StoredTextField } from '../store-limits/stored-items.ts';
import { postLoadNote } from './post-load-note.ts';
import { RowKeyCache } from '../csv/row-key-cache.ts';

/** Peak force a NordBord sensor can report (handbook: 2,000 N per sensor). */
export const SENSOR_LIMIT_N = 2000;

/** Test times before this are refused (`date-before-2000`): no force plate of this kind existed. */
export const EARLIEST_TEST_MS = Date.UTC(2000, 0, 1);
/** Test times more than this after the upload are refused (`date-in-future`): clocks and time zones differ by less. */
export const FUTURE_SLACK_MS = 24 * 3600 * 1000;

export interface RowProblem {
  line: number;
  column: string | null;
  code: string;
  reason: string;
}

const NO_SLOTS: readonly number[] = Object.freeze([]);

/** `slots` and one more, in an array of exactly that length. */
export function withLatest(slots: readonly number[], slot: number): number[] {
  const next = new Array<number>(slots.length + 1);
  for (let i = 0; i < slots.length; i++) next[i] = slots[i]!;
  next[slots.length] = slot;
  return next;
}

/** One per athlete id in a file. */
export class Athlete {
  // Fields in the order V8 lays them out: the ones every row reads first, beside the object's header (one or
  // two cache lines to reach with thousands of athletes; textUnits at the end had been a third).
  /**
   * The identity cells of the first row that named this athlete (AthleteKeyed's fields; textUnits -1 until
   * then): a row with these very cells finds the athlete itself in the mapper's RowKeyCache, one object to
   * reach where an AthleteKeyed and then its athlete were two cache misses a row (thousands of athletes).
   */
  textUnits = -1;
  name: string | null = null;
  externalId: string | null = null;
  /** First lane of hash64(id), for derived test ids. */
  readonly hash: number;
  /**
   * latest[0]'s test type and time, kept on the athlete itself: most rows are not newer than that test,
   * and this object is already in cache while reaching latest[0] costs two cache misses (0.45 s at 1M rows).
   */
  firstType: string | null = null;
  /**
   * latest[0]'s time in whole seconds since 2000 (a small integer until 2068): a time in ms is a double, and
   * V8 keeps a double field in a box of its own, a second cache miss a row beside the athlete's.
   */
  firstSecond = 0;
  /**
   * The latest test per test type: slots of the summary's FactsStore (a few types an athlete: a list beats
   * a Map). Replaced, never pushed to (withLatest): a pushed-to array reserves 16+ elements, and 10,000
   * athletes' lists held 3.3 MB for 1-2 slots each (heap snapshot, compact-1M).
   */
  latest: readonly number[] = NO_SLOTS;
  /**
   * This athlete's id, last name and ExternalId as indices in a FactsEncoder's string table (rows handed to another
   * thread), valid while `wireTable` is that table's number: one property read instead of two Map lookups
   * a row (0.3 s at 1M rows).
   */
  wireTable = -1;
  wireId = -1;
  wireName: string | null = null;
  wireNameIndex = -1;
  wireExternalId: string | null = null;
  wireExternalIdIndex = -1;
  readonly id: string;
  valdProfileId: string | null = null;
  constructor(id: string) {
    this.id = id;
    // Ids compare without case (id-grammar.ts): `QB07` and `qb07` derive the same test ids.
    // As an int32: the derived-id hasher xors it, so the ids are the same, and an int32 is a small integer
    // V8 keeps in the object itself, where a uint32 above 2^31 made the field a boxed double (another miss a row).
    this.hash = hash64(idKey(id))[0] | 0;
  }
}

/** The first field map() reads of a row's identity (RowKeyCache.warm). */
const touchIdentity = (identity: Athlete | AthleteKeyed): number => identity.textUnits;

/** An athlete key that cannot become an id (not key-safe): why, and the column to blame. */
class RefusedAthlete {
  readonly reason: string;
  readonly field: CanonicalField;
  constructor(reason: string, field: CanonicalField) {
    this.reason = reason;
    this.field = field;
  }
}

/** An athletes-cache entry: the keys a row named the athlete by, and what they resolved to. */
class AthleteKeyed {
  readonly name: string | null;
  readonly externalId: string | null;
  readonly valdProfileId: string | null;
  /** The athlete, or null: no key at all, or a refused one (then `refused`). */
  readonly athlete: Athlete | null;
  readonly refused: RefusedAthlete | null;
  /**
   * The length of the four texts (keys and id) the store's limits bind, summed once: a row then reads no
   * string of them (each read of a string's length was a cache miss with thousands of athletes).
   */
  readonly textUnits: number;
  constructor(name: string | null, externalId: string | null, valdProfileId: string | null, athlete: Athlete | RefusedAthlete | null) {
    this.name = name;
    this.externalId = externalId;
    this.valdProfileId = valdProfileId;
    this.athlete = athlete instanceof Athlete ? athlete : null;
    this.refused = athlete instanceof RefusedAthlete ? athlete : null;
    this.textUnits = (name?.length ?? 0) + (externalId?.length ?? 0) + (valdProfileId?.length ?? 0) + (this.athlete?.id.length ?? 0);
  }
}

/**
 * What the mapper learned about one test row. The mapper fills one instance in place row after row (a
 * summary needs no TestRecord, and 8+ objects a row were a third of the run time at 1M rows); `copy()`
 * keeps one, and `TestRowMapper.record()` builds the TestRecord from it.
 */
const NO_ATHLETE = new Athlete('');

export class RowFacts {
  line = 0;
  time: ParsedTime = { kind: 'exact', ms: 0 };
  athlete: Athlete = NO_ATHLETE;
  athleteName: string | null = null;
  externalId: string | null = null;
  /** The date cell as written, for the wording of a date-order conflict. */
  dateText = '';
  testType = '';
  device: string | null = null;
  /** The export's own test id, or null for a derived one. */
  valdTestId: string | null = null;
  /** A Notes/Tags cell that marks the test post-load (post-load-note.ts), as written; else null. */
  postLoadNote: string | null = null;
  bodyMassKg: number | null = null;
  vendorMaxImbalancePct: number | null = null;
  left = new FactSide();
  right = new FactSide();
  /** Raw max force per side, for the zero-reps warning's wording; NaN when absent (see FactSide). */
  leftMax = Number.NaN;
  rightMax = Number.NaN;
  torqueReported = false;
  /** WARNING_BITS of the test. */
  warnings = 0;
  /** True when neither side has repetitions or force: not a test. */
  noReps = false;
  /** Set by finalise: testedAt in ms since the epoch and the 64-bit hash of the test id. */
  ms = 0;
  idHi = 0;
  idLo = 0;

  copy(): RowFacts {
    return new RowFacts().assign(this);
  }

  /**
   * Copies `f` into this one, sides included (latest-test slots are overwritten in place). The time is
   * copied too: facts decoded from another thread reuse one time object row after row.
   */
  assign(f: RowFacts): this {
    const { left, right } = this;
    Object.assign(this, f);
    this.time = { ...f.time };
    this.left = Object.assign(left, f.left);
    this.right = Object.assign(right, f.right);
    return this;
  }
}

export interface MapOptions {
  file: string;
  resolveAthlete?: AthleteResolver | undefined;
  asymmetryFormula?: AsymmetryFormula | undefined;
  /**
   * Only the summary is wanted, no TestRecord: the vendor's Max Imbalance (%), which only a record carries
   * (`source.vendorMaxImbalancePct`, then null), is checked to be a number but not converted. Its 17
   * significant digits are beyond the byte parser's exact range, and decoding and converting them was
   * ~10 % of a one-thread summary (compact-1M: best of 5, 2.78 -> 2.47 s).
   */
  summaryOnly?: boolean | undefined;
  /**
   * VALD API rows (JSON or flattened CSV) always name their test type: a row without one is rejected
   * (`no-test-type`) instead of being taken for a Nordic. Hub exports without a Test column are Nordic.
   */
  requireTestType?: boolean | undefined;
  /** When the file was uploaded (ms since the epoch; default: now): later test times are refused. */
  uploadTimeMs?: number | undefined;
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

/** The cells that name the athlete, read together (a CSV row's bytes of them key RowKeyCache). */
const IDENTITY_FIELDS = ['athleteName', 'externalId', 'profileId', 'athleteId'] as const satisfies readonly CanonicalField[];
/** The other text fields, in the order they are read. */
const TEXT_FIELDS = ['date', 'time', 'testType', 'device', 'testId', 'notes'] as const satisfies readonly CanonicalField[];
const T = Object.fromEntries(TEXT_FIELDS.map((f, i) => [f, i])) as Record<(typeof TEXT_FIELDS)[number], number>;

/** `T00:00:00.000Z` … `T23:59:00.000Z`: a test time is a day plus a minute, so its ISO form is two cached halves. */
const MINUTE_SUFFIX = Array.from({ length: 1440 }, (_, m) => `T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00.000Z`);

/** Cell states written by RowAccess.readNumbers. */
export const CELL_EMPTY = 0;
export const CELL_NUMBER = 1;
export const CELL_INVALID = 2;
/** A number the store cannot keep (readNumbers' check-only cell: see CsvRecord.checkNumber). */
export const CELL_UNSTORABLE = 3;

const CACHE_LIMIT = 100_000;

/**
 * Maps test rows (Hub export, API JSON or flattened API CSV) to RowFacts. One mapper per file: it caches
 * what repeats from row to row (athlete ids, dates, clock times, ISO strings), which is most of the cost
 * of a row once the bytes are tokenized.
 */
export class TestRowMapper {
  private readonly options: MapOptions;
  private readonly facts = new RowFacts();
  private readonly values = new Float64Array(NUMERIC_FIELDS.length);
  private readonly cells = new Uint8Array(NUMERIC_FIELDS.length);
  /** Athletes by their row's most specific key (athleteOf), with the other keys they came with. */
  private readonly athletes = new Map<string, AthleteKeyed>();
  /** Athletes whose most specific key came with other companions too, by all three keys joined. */
  private readonly athletesJoined = new Map<string, AthleteKeyed>();
  /** CSV rows: the entry of athletes or athletesJoined a row's identity bytes resolved to. */
  private readonly identities = new RowKeyCache<Athlete | AthleteKeyed>(IDENTITY_FIELDS.length);
  private readonly identityTexts: string[] = [];
  private readonly athletesById = new Map<string, Athlete>();
  private readonly texts: string[] = [];
  private readonly stringHashes = new Map<string, number>();
  /** The parse of each date cell alone, and of each time cell (both repeat row after row). */
  private readonly dates = new Map<string, TimeParseResult>();
  private readonly exactTime = { kind: 'exact' as const, ms: 0 };
  private readonly numericTime = { kind: 'numeric' as const, first: 0, second: 0, year: 0, minuteOfDay: 0, secondOfMinute: 0 };
  private readonly clocks = new Map<string, number | null>();
  private readonly isoDays = new Map<number, string>();
  private readonly days = new Map<number, number | string>();
  private readonly hasher = new Hash64();
  /** See MapOptions.requireTestType; the Analyzer sets it once it knows the file's kind. */
  requireTestType: boolean;
  private readonly latestMs: number;
  /** The date column's name, for the rejections of finalise (which sees facts, not rows; rows mapped on another thread set it through the Analyzer). */
  dateColumn: string | null = null;
  /** Set by checkNumbers: a cell's magnitude is outside the usual range, so the cleaned values are checked too. */
  private unusualNumbers = false;

  constructor(options: MapOptions) {
    this.options = options;
    this.requireTestType = options.requireTestType === true;
    this.latestMs = (options.uploadTimeMs ?? Date.now()) + FUTURE_SLACK_MS;
  }

  /** The row's facts (valid until the next call: copy() to keep them) or why it is not a test. */
  map(row: RowAccess): RowFacts | RowProblem {
    // An Athlete, when the row names it by its first row's cells (the common case), else an AthleteKeyed.
    const identity = this.identityOf(row);
    let athlete: Athlete;
    if (identity instanceof Athlete) athlete = identity;
    else if (identity.athlete !== null) athlete = identity.athlete;
    else if (identity.refused !== null) return problem(row, identity.refused.field, 'bad-athlete-id', identity.refused.reason);
    else return problem(row, row.has('athleteName') ? 'athleteName' : row.has('profileId') ? 'profileId' : 'athleteId', 'no-athlete', 'no athlete name or id');
    const t = this.texts;
    row.readTexts(TEXT_FIELDS, t);
    const f = this.facts;
    f.line = row.line;
    const { name, externalId } = identity;
    const testIdText = t[T.testId] || null;
    // A VALD test id becomes a key part (TEST#…, DETAIL#…, traces/…): refused unless key-safe.
    const testIdIssue = testIdText === null ? null : idProblem('test', testIdText);
    if (testIdIssue !== null) return problem(row, 'testId', 'bad-test-id', testIdIssue);

    const time = this.parseTime(t[T.date]!, row.has('time') ? t[T.time]! : null);
    if (time.kind === 'error') return problem(row, time.column, 'bad-date', time.reason);

    const testType = row.has('testType') ? t[T.testType]! : this.requireTestType ? '' : 'Nordic';
    if (testType === '') return noTestType(row);
    const device = t[T.device]!;
    // The store's limits bind only long texts (FAST_TEXT_UNITS): ordinary rows pay eight length reads.
    if (identity.textUnits + testType.length + device.length + t[T.testId]!.length > FAST_TEXT_UNITS) {
      const tooLong = this.textProblem(row, identity, athlete, testType);
      if (tooLong !== null) return tooLong;
    }

    const v = this.values;
    const cells = this.cells;
    row.readNumbers(NUMERIC_FIELDS, v, cells, this.options.summaryOnly === true ? N.vendorMaxImbalance : -1);
    const invalid = this.checkNumbers(row);
    if (invalid !== null) return invalid;

    this.side(LEFT, f.left);
    this.side(RIGHT, f.right);
    const implied = this.impliedBodyMass(f.left, f.right);
    const bodyMassKg = Number.isNaN(implied) ? null : implied;
    if (bodyMassKg !== null && bodyMassPlausible(bodyMassKg)) {
      f.left.peakNPerKg = relativeForceOrNaN(f.left.peakN, bodyMassKg);
      f.right.peakNPerKg = relativeForceOrNaN(f.right.peakN, bodyMassKg);
    }
    if (this.unusualNumbers) {
      const derived = derivedNumberProblem(row, f.left, LEFT) ?? derivedNumberProblem(row, f.right, RIGHT);
      if (derived !== null) return derived;
    }
    f.time = time;
    f.dateText = t[T.date]!;
    f.athlete = athlete;
    f.athleteName = name;
    f.externalId = externalId;
    f.testType = testType;
    f.device = device || null;
    f.valdTestId = testIdText;
    f.postLoadNote = postLoadNote(t[T.notes]!);
    f.bodyMassKg = bodyMassKg;
    f.vendorMaxImbalancePct = this.options.summaryOnly === true ? null : this.value(N.vendorMaxImbalance);
    f.leftMax = this.cells[N.leftMax] === CELL_NUMBER ? this.values[N.leftMax]! : Number.NaN;
    f.rightMax = this.cells[N.rightMax] === CELL_NUMBER ? this.values[N.rightMax]! : Number.NaN;
    f.torqueReported = row.has('leftTorque');
    f.noReps = Number.isNaN(f.left.peakN) && Number.isNaN(f.right.peakN);
    f.warnings = qualityFlags(f);
    return f;
  }

  /**
   * Completes the facts once the file's date order is known: test time and the id's 64-bit hash (for Hub
   * rows, derived-test-id@1). Returns a problem when the date does not exist in that order.
   */
  finalise(f: RowFacts, order: DateOrder): RowProblem | null {
    const error = this.resolveInto(f, order);
    if (error !== null) return { line: f.line, column: this.dateColumn, code: 'bad-date', reason: error };
    const ms = f.ms;
    if (ms > this.latestMs || ms < EARLIEST_TEST_MS) return this.dateRangeProblem(f);
    if (f.valdTestId === null) derivedIdHashInto(this.hasher, f, Math.floor(ms / 60_000), f.athlete.hash, this.hashOf(f.device ?? ''), this.hashOf(f.testType), f);
    else {
      const [hi, lo] = hash64(f.valdTestId);
      f.idHi = hi;
      f.idLo = lo;
    }
    return null;
  }

  /** The row's texts against the store's limits (rows with long texts only). */
  private textProblem(row: RowAccess, identity: Athlete | AthleteKeyed, athlete: Athlete, testType: string): RowProblem | null {
    const t = this.texts;
    const tooLong = storedTestTextProblem({
      athleteId: athlete.id,
      athleteName: identity.name,
      externalId: identity.externalId,
      valdProfileId: identity.valdProfileId,
      testType,
      device: t[T.device] || null,
      testId: t[T.testId] || null,
      file: this.options.file,
    });
    return tooLong === null ? null : problem(row, TEXT_COLUMN[tooLong.field](row), 'too-long-to-store', tooLong.reason);
  }

  private dateRangeProblem(f: RowFacts): RowProblem {
    const at = new Date(f.ms).toISOString();
    if (f.ms < EARLIEST_TEST_MS) {
      return { line: f.line, column: this.dateColumn, code: 'date-before-2000', reason: `test time ${at} (${quoteCell(f.dateText)}) is before 2000-01-01, the earliest test time accepted` };
    }
    // To the minute: the reason is the same for every row of an upload, and the report reads better.
    const upload = `${new Date(this.latestMs - FUTURE_SLACK_MS).toISOString().slice(0, 16)}Z`;
    return {
      line: f.line,
      column: this.dateColumn,
      code: 'date-in-future',
      reason: `test time ${at} (${quoteCell(f.dateText)}) is more than 24 hours after the upload (${upload}): a test cannot be in the future (a wrong year, or a device clock?)`,
    };
  }

  /** The test id of finalised facts. */
  testId(f: RowFacts): string {
    return f.valdTestId ?? `h${toHex64(f.idHi, f.idLo)}`;
  }

  /** The TestRecord of finalised facts (a new object every call). */
  record(f: RowFacts): TestRecord {
    return {
      testId: this.testId(f),
      testIdSource: f.valdTestId === null ? 'derived' : 'vald',
      athleteId: f.athlete.id,
      athleteName: f.athleteName,
      externalId: f.externalId,
      testedAt: this.iso(f.ms),
      testType: f.testType,
      device: f.device,
      bodyMassKg: f.bodyMassKg,
      left: sideRecord(f.left),
      right: sideRecord(f.right),
      asymmetry: asymmetry(orNull(f.left.peakN), orNull(f.right.peakN), this.options.asymmetryFormula),
      warnings: f.warnings === 0 ? [] : warningList(f.warnings, f),
      source: { file: this.options.file, line: f.line, vendorMaxImbalancePct: f.vendorMaxImbalancePct },
      ...(f.postLoadNote === null ? {} : { postLoad: { source: 'notes' as const, text: f.postLoadNote } }),
    };
  }

  /** Starts the memory reads the identities of a batch of CSV rows will need (see RecordBatchHook). */
  warm(records: readonly CsvRecord[], count: number, access: CsvRowAccess): void {
    access.warm(records, count, IDENTITY_FIELDS, this.identities, touchIdentity);
  }

  /** The row's identity cells and the athlete they resolve to; a CSV row of a known athlete is found by its bytes alone. */
  private identityOf(row: RowAccess): Athlete | AthleteKeyed {
    const cached = row.cached?.(IDENTITY_FIELDS, this.identities);
    if (cached !== undefined) return cached;
    const ids = this.identityTexts;
    row.readTexts(IDENTITY_FIELDS, ids);
    const keyed = this.athleteOf(ids[0] || null, ids[1] || null, ids[2] || ids[3] || null, row);
    const athlete = keyed.athlete;
    if (athlete !== null && athlete.textUnits < 0) {
      athlete.name = keyed.name;
      athlete.externalId = keyed.externalId;
      athlete.valdProfileId = keyed.valdProfileId;
      athlete.textUnits = keyed.textUnits;
    }
    const own = athlete !== null && athlete.name === keyed.name && athlete.externalId === keyed.externalId && athlete.valdProfileId === keyed.valdProfileId;
    row.remember?.(IDENTITY_FIELDS, this.identities, own ? athlete : keyed);
    return keyed;
  }

  private athleteOf(name: string | null, externalId: string | null, valdProfileId: string | null, row: RowAccess): AthleteKeyed {
    // Keyed by one of the row's cells as it came (the interned string, whose hash V8 keeps): the ExternalId,
    // else the profile id, else the name. The other two are checked against the entry's, string to string.
    // A key concatenated of all three was a fresh string every row, flattened and hashed by the lookup:
    // 16 % of a summary of an export with ExternalIds (iso-1M).
    const key = externalId ?? valdProfileId ?? name ?? '';
    const known = this.athletes.get(key);
    if (known !== undefined && known.name === name && known.externalId === externalId && known.valdProfileId === valdProfileId) return known;
    // A key met with other companions (an ExternalId under two names): the three joined, rare.
    const joined = known === undefined ? null : `${name}\u0001${externalId}\u0001${valdProfileId}`;
    if (joined !== null) {
      const seen = this.athletesJoined.get(joined);
      if (seen !== undefined) return seen;
    }
    const keys = { name, externalId, valdProfileId };
    const resolved = this.options.resolveAthlete?.(keys);
    const derived = resolved === undefined ? defaultAthleteId(keys) : { id: resolved, from: 'athleteId' as const };
    const refused = derived === null ? null : athleteIdProblem(derived.id, derived.from);
    let athlete: Athlete | RefusedAthlete | null;
    if (derived === null) athlete = null;
    else if (refused === null) athlete = this.athlete(derived.id);
    else {
      const field: CanonicalField = derived.from === 'externalId' ? 'externalId' : derived.from === 'name' ? 'athleteName' : row.has('profileId') ? 'profileId' : 'athleteId';
      athlete = new RefusedAthlete(refused, field);
    }
    const keyed = new AthleteKeyed(name, externalId, valdProfileId, athlete);
    if (joined === null) remember(this.athletes, key, keyed);
    else remember(this.athletesJoined, joined, keyed);
    return keyed;
  }

  /**
   * Not a cache: two keys (a name, an external id) can name one athlete, whose latest tests are one list.
   * Keyed without case, like the store: the first spelling met is the one records carry.
   */
  athlete(id: string): Athlete {
    const key = idKey(id);
    let athlete = this.athletesById.get(key);
    if (athlete === undefined) this.athletesById.set(key, (athlete = new Athlete(id)));
    return athlete;
  }

  /** Every athlete id met so far, in the spelling records carry (the first met). */
  athleteIds(): string[] {
    return [...this.athletesById.values()].map((a) => a.id);
  }

  private checkNumbers(row: RowAccess): RowProblem | null {
    const v = this.values;
    const cells = this.cells;
    let unusual = false;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (cell === CELL_NUMBER) {
        // NaN (a check-only cell) compares false: not unusual.
        const a = Math.abs(v[i]!);
        if (a > USUAL_MAX_MAGNITUDE || (a < USUAL_MIN_MAGNITUDE && a !== 0)) unusual = true;
      } else if (cell === CELL_INVALID) {
        const field = NUMERIC_FIELDS[i]!;
        return problem(row, field, 'not-a-number', `${quoteCell(row.text(field))} is not a number`);
      } else if (cell === CELL_UNSTORABLE) {
        const field = NUMERIC_FIELDS[i]!;
        return problem(row, field, 'number-out-of-range', `${quoteCell(row.text(field))}: ${numberProblem(row.num(field) ?? Number.NaN) ?? 'cannot be stored'}`);
      }
    }
    this.unusualNumbers = unusual;
    if (unusual) {
      const range = this.rangeProblem(row);
      if (range !== null) return range;
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
        return problem(row, field, 'bad-reps', `repetitions ${quoteCell(row.text(field))} is not a whole number ≥ 0`);
      }
    }
    return null;
  }

  /** A cell beyond what the store keeps (rows with an unusual magnitude only: see checkNumbers). */
  private rangeProblem(row: RowAccess): RowProblem | null {
    const v = this.values;
    const cells = this.cells;
    for (let i = 0; i < cells.length; i++) {
      if (cells[i] !== CELL_NUMBER) continue;
      const a = Math.abs(v[i]!);
      if (a !== 0 && (a < MIN_STORED_MAGNITUDE || a > MAX_STORED_MAGNITUDE)) {
        const field = NUMERIC_FIELDS[i]!;
        return problem(row, field, 'number-out-of-range', `${quoteCell(row.text(field))}: ${numberProblem(v[i]!)}`);
      }
    }
    return null;
  }

  private value(i: number): number | null {
    return this.cells[i] === CELL_NUMBER ? this.values[i]! : null;
  }

  /**
   * Cleaning per the handbook, into `out`: calibration subtracted (raw kept); a side with 0 reps and no
   * force is missing (null), never 0 N; a side with 0 reps but force recorded is kept (and flagged by
   * qualityFlags).
   */
  private side(i: SideIndex, out: FactSide): void {
    // Straight from values[] (NaN for an empty or absent cell) into the FactSide's number fields: small
    // helpers returning `number | null` were not always inlined, and each call boxed its double.
    const v = this.values;
    const c = this.cells;
    const hasReps = c[i.reps] === CELL_NUMBER;
    const reps = hasReps ? v[i.reps]! : 0;
    const max = c[i.max] === CELL_NUMBER ? v[i.max]! : Number.NaN;
    const calibration = c[i.calibration] === CELL_NUMBER ? v[i.calibration]! : Number.NaN;
    const offset = Number.isNaN(calibration) ? 0 : calibration;
    const present = !Number.isNaN(max) && (max > 0 || reps > 0);
    const avg = c[i.avg] === CELL_NUMBER ? v[i.avg]! : Number.NaN;
    const torque = c[i.torque] === CELL_NUMBER ? v[i.torque]! : 0;
    out.peakN = present ? max - offset : Number.NaN;
    out.avgN = present ? avg - offset : Number.NaN;
    out.repCount = hasReps ? reps : present ? 1 : 0;
    out.impulseNs = present && c[i.impulse] === CELL_NUMBER ? v[i.impulse]! : Number.NaN;
    out.torqueNm = present && torque > 0 ? torque : Number.NaN;
    out.peakNPerKg = Number.NaN;
    out.calibrationN = calibration;
    out.timeToPeakS = present && c[i.ttp] === CELL_NUMBER ? v[i.ttp]! : Number.NaN;
  }

  /** Body mass implied by an export's per-kg columns (force / force-per-kg), else NaN. */
  private impliedBodyMass(left: FactSide, right: FactSide): number {
    const fromLeft = bodyMassFrom(left.peakN, this.cells[N.leftPerKg] === CELL_NUMBER ? this.values[N.leftPerKg]! : Number.NaN);
    return Number.isNaN(fromLeft) ? bodyMassFrom(right.peakN, this.cells[N.rightPerKg] === CELL_NUMBER ? this.values[N.rightPerKg]! : Number.NaN) : fromLeft;
  }

  /**
   * The row's test time from the cached parse of its date cell and of its time cell. A combined result is
   * written into one of two scratch objects (f.time is valid until the next row, like f; copy() copies it):
   * caching one object per date and time allocated one per row (distinct minutes), each kept by the cache,
   * and those survivors made V8 grow the young generation to its maximum (peak RSS).
   */
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
      if (!Number.isInteger(parsed.ms / 86_400_000)) return parsed;
      this.exactTime.ms = parsed.ms + clock * 1000;
      return this.exactTime;
    }
    if (parsed.minuteOfDay !== 0 || parsed.secondOfMinute !== 0) return parsed; // the date cell carried its own time
    const t = this.numericTime;
    t.first = parsed.first;
    t.second = parsed.second;
    t.year = parsed.year;
    t.minuteOfDay = Math.floor(clock / 60);
    t.secondOfMinute = clock % 60;
    return t;
  }

  /** resolveTestTime with the calendar check done once per day rather than once per row. */
  /** Sets f.ms from its parsed time in `order`, or answers why that date does not exist (f.ms untouched). */
  private resolveInto(f: RowFacts, order: DateOrder): string | null {
    const t = f.time;
    if (t.kind === 'exact') {
      f.ms = t.ms;
      return null;
    }
    const dayKey = ((t.year * 16 + t.first) * 32 + t.second) * 2 + (order === 'MDY' ? 1 : 0);
    let day = this.days.get(dayKey);
    if (day === undefined) {
      day = resolveTestTime({ ...t, minuteOfDay: 0, secondOfMinute: 0 }, order);
      remember(this.days, dayKey, day);
    }
    if (typeof day === 'string') return day;
    // Written here, not returned: a returned double is boxed (16 bytes a row).
    f.ms = day + t.minuteOfDay * 60_000 + t.secondOfMinute * 1000;
    return null;
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

/** NaN when either is missing. */
function bodyMassFrom(force: number, perKg: number): number {
  return perKg > 0 ? Math.round((force / perKg) * 10) / 10 : Number.NaN;
}

function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

function noTestType(row: RowAccess): RowProblem {
  if (row.has('testType')) return problem(row, 'testType', 'no-test-type', 'no test type');
  return { line: row.line, column: 'testTypeName', code: 'no-test-type', reason: 'no testTypeName: a VALD API row names its test type, and none is assumed (not even Nordic)' };
}

function problem(row: RowAccess, field: CanonicalField | null, code: string, reason: string): RowProblem {
  return { line: row.line, column: field ? row.column(field) : null, code, reason };
}

/** The column to blame for a text the store cannot keep. */
const TEXT_COLUMN: Record<StoredTextField, (row: RowAccess) => CanonicalField> = {
  athleteId: (row) => (row.has('athleteName') ? 'athleteName' : row.has('externalId') ? 'externalId' : row.has('profileId') ? 'profileId' : 'athleteId'),
  athleteName: () => 'athleteName',
  externalId: () => 'externalId',
  valdProfileId: (row) => (row.has('profileId') ? 'profileId' : 'athleteId'),
  testType: () => 'testType',
  device: () => 'device',
  testId: () => 'testId',
};

const SIDE_FIELDS = [
  ['peakN', 'max'],
  ['avgN', 'avg'],
  ['repCount', 'reps'],
  ['impulseNs', 'impulse'],
  ['torqueNm', 'torque'],
  ['peakNPerKg', 'perKg'],
  ['calibrationN', 'calibration'],
  ['timeToPeakS', 'ttp'],
] as const satisfies readonly (readonly [keyof FactSide, keyof SideIndex])[];

/**
 * A cleaned value the store cannot keep although its cells could be (a force minus its calibration, a force
 * per kg): checked only for rows with a magnitude outside the usual range (checkNumbers).
 */
function derivedNumberProblem(row: RowAccess, side: FactSide, index: SideIndex): RowProblem | null {
  for (const [field, cell] of SIDE_FIELDS) {
    const v = side[field];
    if (Number.isNaN(v)) continue;
    const reason = numberProblem(v);
    if (reason !== null) {
      const column = NUMERIC_FIELDS[index[cell]]!;
      return problem(row, column, 'number-out-of-range', `${field} computed from ${quoteCell(row.text(column))}: ${reason}`);
    }
  }
  return null;
}

/**
 * derived-test-id@1: Hub exports carry no test id, so one is derived from the row's identity — athlete,
 * minute, device, test type and the forces — so that an overlapping export maps to the same ids while two
 * different tests in the same minute stay two.
 */
export function derivedIdHash(h: Hash64, r: { left: Side | FactSide; right: Side | FactSide }, minute: number, athlete: number, device: number, testType: number): [number, number] {
  const out = { idHi: 0, idLo: 0 };
  derivedIdHashInto(h, r, minute, athlete, device, testType, out);
  return [out.idHi, out.idLo];
}

/** derivedIdHash into out.idHi / out.idLo (the per-row path: no array a row). */
export function derivedIdHashInto(h: Hash64, r: { left: Side | FactSide; right: Side | FactSide }, minute: number, athlete: number, device: number, testType: number, out: { idHi: number; idLo: number }): void {
  h.reset();
  h.char(athlete);
  h.num(minute);
  h.char(device);
  h.char(testType);
  h.side(r.left).side(r.right);
  h.digestInto(out);
}
