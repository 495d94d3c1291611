/**
 * RowFacts kept for later — rows waiting for the date order, the latest test per athlete and type — as
 * numbers in one growable Float64Array plus one array of references (athlete, strings), instead of four
 * objects a row. Those objects were most of what survived the young generation's collections, which makes
 * V8 grow it (to 16 MB semi-spaces, all resident at peak): compact-1M summary peak RSS 220 MB -> ~175 MB.
 */
import { readSide, writeSide } from './side-codec.ts';
import type { Athlete, RowFacts } from '../formats/test-row.ts';

const LINE = 0;
const FLAGS = 1;
/** Exact time: ms; numeric: first, second, year, minuteOfDay, secondOfMinute. */
const TIME = 2;
const BODY_MASS = 7;
const VENDOR_IMBALANCE = 8;
const LEFT_MAX = 9;
const RIGHT_MAX = 10;
const WARNINGS = 11;
const MS = 12;
const ID_HI = 13;
const ID_LO = 14;
const LEFT = 15;
const RIGHT = 23;
const NUMBERS = 31;

const ATHLETE = 0;
const NAME = 1;
const EXTERNAL_ID = 2;
const TEST_TYPE = 3;
const DEVICE = 4;
const VALD_TEST_ID = 5;
const DATE_TEXT = 6;
const REFS = 7;

const EXACT_TIME = 1;
const TORQUE_REPORTED = 2;
const NO_REPS = 4;

/** null is kept as NaN: every number in RowFacts is finite or null. */
const num = (v: number | null): number => (v === null ? Number.NaN : v);
const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

export class FactsStore {
  private numbers = new Float64Array(64 * NUMBERS);
  private refs: (Athlete | string | null)[] = [];
  size = 0;

  /** Appends a copy of `f`; returns its slot. */
  push(f: RowFacts): number {
    const slot = this.size++;
    if (slot * NUMBERS >= this.numbers.length) {
      const next = new Float64Array(this.numbers.length * 2);
      next.set(this.numbers);
      this.numbers = next;
    }
    this.set(slot, f);
    return slot;
  }

  clear(): void {
    this.size = 0;
    this.refs = [];
    this.numbers = new Float64Array(64 * NUMBERS);
  }

  /** Overwrites a slot with a copy of `f`. */
  set(slot: number, f: RowFacts): void {
    const n = this.numbers;
    const at = slot * NUMBERS;
    const t = f.time;
    n[at + LINE] = f.line;
    n[at + FLAGS] = (t.kind === 'exact' ? EXACT_TIME : 0) | (f.torqueReported ? TORQUE_REPORTED : 0) | (f.noReps ? NO_REPS : 0);
    if (t.kind === 'exact') n[at + TIME] = t.ms;
    else {
      n[at + TIME] = t.first;
      n[at + TIME + 1] = t.second;
      n[at + TIME + 2] = t.year;
      n[at + TIME + 3] = t.minuteOfDay;
      n[at + TIME + 4] = t.secondOfMinute;
    }
    n[at + BODY_MASS] = num(f.bodyMassKg);
    n[at + VENDOR_IMBALANCE] = num(f.vendorMaxImbalancePct);
    n[at + LEFT_MAX] = f.leftMax;
    n[at + RIGHT_MAX] = f.rightMax;
    n[at + WARNINGS] = f.warnings;
    n[at + MS] = f.ms;
    n[at + ID_HI] = f.idHi;
    n[at + ID_LO] = f.idLo;
    writeSide(n, at + LEFT, f.left);
    writeSide(n, at + RIGHT, f.right);
    const r = this.refs;
    const ref = slot * REFS;
    r[ref + ATHLETE] = f.athlete;
    r[ref + NAME] = f.athleteName;
    r[ref + EXTERNAL_ID] = f.externalId;
    r[ref + TEST_TYPE] = f.testType;
    r[ref + DEVICE] = f.device;
    r[ref + VALD_TEST_ID] = f.valdTestId;
    r[ref + DATE_TEXT] = f.dateText;
  }

  ms(slot: number): number {
    return this.numbers[slot * NUMBERS + MS]!;
  }

  testType(slot: number): string {
    return this.refs[slot * REFS + TEST_TYPE] as string;
  }

  /** Fills `f` from a slot (its time and sides in place: `f` must own them, as a RowFacts of its own does). */
  get(slot: number, f: RowFacts): RowFacts {
    const n = this.numbers;
    const at = slot * NUMBERS;
    const flags = n[at + FLAGS]!;
    f.line = n[at + LINE]!;
    f.time =
      (flags & EXACT_TIME) !== 0
        ? { kind: 'exact', ms: n[at + TIME]! }
        : { kind: 'numeric', first: n[at + TIME]!, second: n[at + TIME + 1]!, year: n[at + TIME + 2]!, minuteOfDay: n[at + TIME + 3]!, secondOfMinute: n[at + TIME + 4]! };
    f.torqueReported = (flags & TORQUE_REPORTED) !== 0;
    f.noReps = (flags & NO_REPS) !== 0;
    f.bodyMassKg = orNull(n[at + BODY_MASS]!);
    f.vendorMaxImbalancePct = orNull(n[at + VENDOR_IMBALANCE]!);
    f.leftMax = n[at + LEFT_MAX]!;
    f.rightMax = n[at + RIGHT_MAX]!;
    f.warnings = n[at + WARNINGS]!;
    f.ms = n[at + MS]!;
    f.idHi = n[at + ID_HI]!;
    f.idLo = n[at + ID_LO]!;
    readSide(n, at + LEFT, f.left);
    readSide(n, at + RIGHT, f.right);
    const r = this.refs;
    const ref = slot * REFS;
    f.athlete = r[ref + ATHLETE] as Athlete;
    f.athleteName = r[ref + NAME] as string | null;
    f.externalId = r[ref + EXTERNAL_ID] as string | null;
    f.testType = r[ref + TEST_TYPE] as string;
    f.device = r[ref + DEVICE] as string | null;
    f.valdTestId = r[ref + VALD_TEST_ID] as string | null;
    f.dateText = r[ref + DATE_TEXT] as string;
    return f;
  }
}

