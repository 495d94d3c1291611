/**
 * RowFacts kept for later — rows waiting for the date order, the latest test per athlete and type — as
 * numbers in Float64Array chunks plus arrays of references (athlete, strings), instead of four objects a row. Those objects were most of what survived the young generation's collections, which makes
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
const POST_LOAD_NOTE = 7;
const REFS = 8;

const EXACT_TIME = 1;
const TORQUE_REPORTED = 2;
const NO_REPS = 4;

/** null is kept as NaN: every number in RowFacts is finite or null. */
const num = (v: number | null): number => (v === null ? Number.NaN : v);
const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** Rows a chunk; chunks are never copied to grow, and a cleared store's chunks serve the next store. */
const CHUNK_ROWS = 1024;
const CHUNK_SHIFT = 10;
/**
 * Chunks given back by clear(). The rows waiting for the date order (up to ~14k at 1M rows, 3.5 MB) are
 * cleared early in a file, and the latest tests per athlete then grow into the same memory: with a flat
 * array a store, the waiting rows' array (and each doubling's old copy) stayed resident until a full GC.
 */
const spareNumbers: Float64Array[] = [];
const spareRefs: (Athlete | string | null)[][] = [];
/** At most 8 MB kept spare (a long-lived Lambda must not hold a 200k-row wait's worth). */
const MAX_SPARE_CHUNKS = 32;

export class FactsStore {
  private numbers: Float64Array[] = [];
  private refs: (Athlete | string | null)[][] = [];
  size = 0;

  /** Appends a copy of `f`; returns its slot. */
  push(f: RowFacts): number {
    const slot = this.size++;
    if (slot >> CHUNK_SHIFT === this.numbers.length) {
      this.numbers.push(spareNumbers.pop() ?? new Float64Array(CHUNK_ROWS * NUMBERS));
      this.refs.push(spareRefs.pop() ?? new Array<Athlete | string | null>(CHUNK_ROWS * REFS).fill(null));
    }
    this.set(slot, f);
    return slot;
  }

  /** Empties the store; its chunks go to the next store that grows. */
  clear(): void {
    const keep = Math.max(0, Math.min(this.numbers.length, MAX_SPARE_CHUNKS - spareNumbers.length));
    for (let i = 0; i < keep; i++) {
      spareNumbers.push(this.numbers[i]!);
      spareRefs.push(this.refs[i]!.fill(null));
    }
    this.numbers = [];
    this.refs = [];
    this.size = 0;
  }

  /** Overwrites a slot with a copy of `f`. */
  set(slot: number, f: RowFacts): void {
    const n = this.numbers[slot >> CHUNK_SHIFT]!;
    const at = (slot & (CHUNK_ROWS - 1)) * NUMBERS;
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
    const r = this.refs[slot >> CHUNK_SHIFT]!;
    const ref = (slot & (CHUNK_ROWS - 1)) * REFS;
    r[ref + ATHLETE] = f.athlete;
    r[ref + NAME] = f.athleteName;
    r[ref + EXTERNAL_ID] = f.externalId;
    r[ref + TEST_TYPE] = f.testType;
    r[ref + DEVICE] = f.device;
    r[ref + VALD_TEST_ID] = f.valdTestId;
    r[ref + DATE_TEXT] = f.dateText;
    r[ref + POST_LOAD_NOTE] = f.postLoadNote;
  }

  ms(slot: number): number {
    return this.numbers[slot >> CHUNK_SHIFT]![(slot & (CHUNK_ROWS - 1)) * NUMBERS + MS]!;
  }

  testType(slot: number): string {
    return this.refs[slot >> CHUNK_SHIFT]![(slot & (CHUNK_ROWS - 1)) * REFS + TEST_TYPE] as string;
  }

  /** Fills `f` from a slot (its time and sides in place: `f` must own them, as a RowFacts of its own does). */
  get(slot: number, f: RowFacts): RowFacts {
    const n = this.numbers[slot >> CHUNK_SHIFT]!;
    const at = (slot & (CHUNK_ROWS - 1)) * NUMBERS;
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
    const r = this.refs[slot >> CHUNK_SHIFT]!;
    const ref = (slot & (CHUNK_ROWS - 1)) * REFS;
    f.athlete = r[ref + ATHLETE] as Athlete;
    f.athleteName = r[ref + NAME] as string | null;
    f.externalId = r[ref + EXTERNAL_ID] as string | null;
    f.testType = r[ref + TEST_TYPE] as string;
    f.device = r[ref + DEVICE] as string | null;
    f.valdTestId = r[ref + VALD_TEST_ID] as string | null;
    f.dateText = r[ref + DATE_TEXT] as string;
    f.postLoadNote = r[ref + POST_LOAD_NOTE] as string | null;
    return f;
  }
}

