/**
 * RowFacts as rows of doubles, for handing mapped rows from a worker thread to the thread that analyses
 * them in file order (analyze-file.ts). A row is SLOTS doubles in a shared ring (no copy, no allocation);
 * strings travel once each, as indices into a table both sides grow in the same order; a row that is not
 * a test carries the index of its RowProblem, which travels as an object (rare).
 */
import { readSide, writeSide } from './side-codec.ts';
import type { Athlete, RowFacts, RowProblem } from '../formats/test-row.ts';

const LINE = 0;
const FLAGS = 1;
/** Exact time: ms; numeric: first, second, year, minuteOfDay, secondOfMinute. Problem: its index. */
const TIME = 2;
const ATHLETE = 7;
const NAME = 8;
const EXTERNAL_ID = 9;
const TEST_TYPE = 10;
const DEVICE = 11;
const VALD_TEST_ID = 12;
const DATE_TEXT = 13;
const BODY_MASS = 14;
const VENDOR_IMBALANCE = 15;
const LEFT_MAX = 16;
const RIGHT_MAX = 17;
const WARNINGS = 18;
const LEFT = 19;
const RIGHT = 27;
/** Set by TestRowMapper.finalise: the test time and the id's hash (tests handed on after the ordered stage). */
const MS = 35;
const ID_HI = 36;
const ID_LO = 37;
const POST_LOAD_NOTE = 38;
export const SLOTS = 39;

const IS_PROBLEM = 1;
const EXACT_TIME = 2;
const TORQUE_REPORTED = 4;
const NO_REPS = 8;

/** A string table grown past this is started over (a column of distinct values, e.g. API test ids). */
const MAX_STRINGS = 1 << 17;

/** null travels as NaN: every number in RowFacts is finite or null (non-numbers are rejected by the mapper). */
let nextTable = 0;

const num = (v: number | null): number => (v === null ? Number.NaN : v);
const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

export class FactsEncoder {
  private readonly indices = new Map<string, number>();
  /** Per string slot, the last string and its index: test type, device, date repeat row after row. */
  private readonly lastString: (string | null)[] = new Array<string | null>(SLOTS).fill(null);
  private readonly lastIndex = new Int32Array(SLOTS).fill(-1);
  /** Strings added since the last takeStrings(), in index order. */
  private added: string[] = [];
  private reset = false;
  /** This table's number, unique in the thread (Athlete.wireTable). */
  private table = nextTable++;
  problems: RowProblem[] = [];

  /** Call between batches: starts the table over when it grew too large (the batch message says so). */
  startBatch(): void {
    if (this.indices.size >= MAX_STRINGS) {
      this.indices.clear();
      this.added = [];
      this.reset = true;
      this.lastString.fill(null);
      this.lastIndex.fill(-1);
      this.table = nextTable++;
    }
  }

  /** The strings and problems to send with the batch just written; `reset`: drop the table first. */
  takeBatch(): { strings: string[]; reset: boolean; problems: RowProblem[] } {
    const batch = { strings: this.added, reset: this.reset, problems: this.problems };
    this.added = [];
    this.reset = false;
    this.problems = [];
    return batch;
  }

  private str(slot: number, s: string | null): number {
    if (s === null) return -1;
    if (this.lastString[slot] === s) return this.lastIndex[slot]!;
    let i = this.indices.get(s);
    if (i === undefined) {
      i = this.indices.size;
      this.indices.set(s, i);
      this.added.push(s);
    }
    this.lastString[slot] = s;
    this.lastIndex[slot] = i;
    return i;
  }

  problem(out: Float64Array, at: number, p: RowProblem): void {
    out[at + LINE] = p.line;
    out[at + FLAGS] = IS_PROBLEM;
    out[at + TIME] = this.problems.length;
    this.problems.push(p);
  }

  facts(out: Float64Array, at: number, f: RowFacts): void {
    out[at + LINE] = f.line;
    const t = f.time;
    let flags = (f.torqueReported ? TORQUE_REPORTED : 0) | (f.noReps ? NO_REPS : 0);
    if (t.kind === 'exact') {
      flags |= EXACT_TIME;
      out[at + TIME] = t.ms;
    } else {
      out[at + TIME] = t.first;
      out[at + TIME + 1] = t.second;
      out[at + TIME + 2] = t.year;
      out[at + TIME + 3] = t.minuteOfDay;
      out[at + TIME + 4] = t.secondOfMinute;
    }
    out[at + FLAGS] = flags;
    const a = f.athlete;
    if (a.wireTable !== this.table) {
      a.wireTable = this.table;
      a.wireId = this.str(ATHLETE, a.id);
      a.wireName = f.athleteName;
      a.wireNameIndex = this.str(NAME, f.athleteName);
      a.wireExternalId = f.externalId;
      a.wireExternalIdIndex = this.str(EXTERNAL_ID, f.externalId);
    }
    out[at + ATHLETE] = a.wireId;
    out[at + NAME] = f.athleteName === a.wireName ? a.wireNameIndex : this.str(NAME, f.athleteName);
    out[at + EXTERNAL_ID] = f.externalId === a.wireExternalId ? a.wireExternalIdIndex : this.str(EXTERNAL_ID, f.externalId);
    out[at + TEST_TYPE] = this.str(TEST_TYPE, f.testType);
    out[at + DEVICE] = this.str(DEVICE, f.device);
    out[at + VALD_TEST_ID] = this.str(VALD_TEST_ID, f.valdTestId);
    out[at + DATE_TEXT] = this.str(DATE_TEXT, f.dateText);
    out[at + POST_LOAD_NOTE] = this.str(POST_LOAD_NOTE, f.postLoadNote);
    out[at + BODY_MASS] = num(f.bodyMassKg);
    out[at + VENDOR_IMBALANCE] = num(f.vendorMaxImbalancePct);
    out[at + LEFT_MAX] = f.leftMax;
    out[at + RIGHT_MAX] = f.rightMax;
    out[at + WARNINGS] = f.warnings;
    writeSide(out, at + LEFT, f.left);
    writeSide(out, at + RIGHT, f.right);
    out[at + MS] = f.ms;
    out[at + ID_HI] = f.idHi;
    out[at + ID_LO] = f.idLo;
  }
}

export class FactsDecoder {
  private readonly exact = { kind: 'exact' as const, ms: 0 };
  private readonly numeric = { kind: 'numeric' as const, first: 0, second: 0, year: 0, minuteOfDay: 0, secondOfMinute: 0 };
  private strings: string[] = [];
  private athletes: (Athlete | undefined)[] = [];
  private readonly athleteOf: (id: string) => Athlete;
  constructor(athleteOf: (id: string) => Athlete) {
    this.athleteOf = athleteOf;
  }

  addStrings(strings: string[], reset: boolean): void {
    if (reset) {
      this.strings = [];
      this.athletes = [];
    }
    for (const s of strings) this.strings.push(s);
  }

  /** The problem's index in the batch's list, or -1 for a test row. */
  problemIndex(src: Float64Array, at: number): number {
    return (src[at + FLAGS]! & IS_PROBLEM) !== 0 ? src[at + TIME]! : -1;
  }

  /**
   * Fills `f`, and its time, in place. A new time object a row looked cheap, but V8 pretenures an allocation
   * site whose first objects survive (the rows kept while the date order is undecided): every later one
   * then went to the old generation as garbage, 70 MB of peak RSS at 1M rows. RowFacts.copy() copies the time.
   */
  facts(src: Float64Array, at: number, f: RowFacts): void {
    const flags = src[at + FLAGS]!;
    f.line = src[at + LINE]!;
    if ((flags & EXACT_TIME) !== 0) {
      this.exact.ms = src[at + TIME]!;
      f.time = this.exact;
    } else {
      const t = this.numeric;
      t.first = src[at + TIME]!;
      t.second = src[at + TIME + 1]!;
      t.year = src[at + TIME + 2]!;
      t.minuteOfDay = src[at + TIME + 3]!;
      t.secondOfMinute = src[at + TIME + 4]!;
      f.time = t;
    }
    const athlete = src[at + ATHLETE]!;
    f.athlete = this.athletes[athlete] ?? (this.athletes[athlete] = this.athleteOf(this.strings[athlete]!));
    f.athleteName = this.str(src[at + NAME]!);
    f.externalId = this.str(src[at + EXTERNAL_ID]!);
    f.testType = this.strings[src[at + TEST_TYPE]!]!;
    f.device = this.str(src[at + DEVICE]!);
    f.valdTestId = this.str(src[at + VALD_TEST_ID]!);
    f.dateText = this.strings[src[at + DATE_TEXT]!]!;
    f.postLoadNote = this.str(src[at + POST_LOAD_NOTE]!);
    f.bodyMassKg = orNull(src[at + BODY_MASS]!);
    f.vendorMaxImbalancePct = orNull(src[at + VENDOR_IMBALANCE]!);
    f.leftMax = src[at + LEFT_MAX]!;
    f.rightMax = src[at + RIGHT_MAX]!;
    f.torqueReported = (flags & TORQUE_REPORTED) !== 0;
    f.noReps = (flags & NO_REPS) !== 0;
    f.warnings = src[at + WARNINGS]!;
    readSide(src, at + LEFT, f.left);
    readSide(src, at + RIGHT, f.right);
    f.ms = src[at + MS]!;
    f.idHi = src[at + ID_HI]!;
    f.idLo = src[at + ID_LO]!;
  }

  private str(i: number): string | null {
    return i < 0 ? null : this.strings[i]!;
  }
}

