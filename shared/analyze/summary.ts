import { TestIdSet } from './test-id-set.ts';
import type { DateOrderDecidedBy } from '../dates/test-time.ts';
import { EARLIEST_TEST_MS, RowFacts, withLatest, type Athlete } from '../formats/test-row.ts';
import { FactsStore } from './facts-store.ts';
import { WARNING_BITS } from '../quality/warnings.ts';
import type { InputKind } from '../formats/detect.ts';
import type { TextEncoding } from './text-decoding.ts';
import type { AthleteProfile } from '../model/athlete-profile.ts';
import type { Rejection, TestRecord } from '../model/test-record.ts';
import type { WorkoutLogReader } from '../workouts/workout-log.ts';

export interface AnalyzeSummary {
  file: string;
  kind: InputKind;
  format: {
    container: 'csv' | 'json' | null;
    /** How the bytes were decoded (shared/analyze/text-decoding.ts). */
    encoding: TextEncoding;
    bom: boolean;
    delimiter: string | null;
    decimalComma: boolean;
    headerLine: number | null;
    columnsMapped: Record<string, number>;
    columnsIgnored: number;
  };
  dateOrder: { used: string; decidedBy: DateOrderDecidedBy; evidence: string } | null;
  rows: number;
  tests: number;
  /** Distinct workout-log rows (workout-id@1); 0 for other kinds. */
  workouts: number;
  duplicateRows: number;
  noRepRows: number;
  noRepDistinct: number;
  rejectedRows: number;
  rejectedByCode: Record<string, number>;
  athletes: number;
  testTypes: Record<string, number>;
  dateRange: { from: string; to: string } | null;
  warnings: Record<string, number>;
  zeroRepsWithForceKept: number;
  /** The file was refused as a whole (exit code 1 offline, upload status `rejected`): unsupported, broken off, or a trace that could not be read. */
  refused: boolean;
  /** What the user should know about the file as a whole (repeated columns, the encoding, an assumed date order). */
  fileWarnings: FileWarning[];
}

export interface FileWarning {
  code: string;
  message: string;
}

const MAX_EXPECTED_TESTS = 4_000_000;

/** Whole seconds since 2000-01-01 (test times are never earlier), monotone in ms: Athlete.firstSecond. */
const secondOf = (ms: number): number => Math.floor((ms - EARLIEST_TEST_MS) / 1000);

/** Accumulates the per-file facts the report shows; also de-duplicates tests by id. */
export class SummaryBuilder {
  kind: InputKind = 'unsupported';
  format: AnalyzeSummary['format'] = {
    container: null,
    encoding: 'utf-8',
    bom: false,
    delimiter: null,
    decimalComma: false,
    headerLine: null,
    columnsMapped: {},
    columnsIgnored: 0,
  };
  dateOrder: AnalyzeSummary['dateOrder'] = null;
  rows = 0;
  readonly fileWarnings: FileWarning[] = [];
  /** Athletes with a test, in the order of their first; each keeps its latest test per type. */
  readonly athletesTested: Athlete[] = [];
  private readonly seen = new TestIdSet();
  /** Copies of the latest tests (Athlete.latest holds their slots). */
  private readonly latestStore = new FactsStore();
  private readonly scratch = new RowFacts();
  private readonly noRepFirstLine = new Map<string, number>();
  private tests = 0;
  private duplicates = 0;
  private noReps = 0;
  private readonly athletes = new Set<string>();
  private readonly testTypes = new Map<string, number>();
  private readonly warnings: Record<string, number> = {};
  private fromMs = Infinity;
  private toMs = -Infinity;

  private readonly file: string;
  constructor(file: string) {
    this.file = file;
  }

  /**
   * Sizes the de-duplication set of VALD ids for about `tests` tests, before the first one is added; at most for
   * MAX_EXPECTED_TESTS (43 MB), so that a head unlike the rest of a huge file cannot allocate more up front.
   */
  expectTests(tests: number): void {
    this.seen.expectTests(Math.min(tests, MAX_EXPECTED_TESTS));
  }

  /** Counts a test; false when the same test id was already seen in this file. */
  addTest(f: RowFacts, testIdOf: (f: RowFacts) => string): boolean {
    if (!this.seen.add(f)) {
      this.duplicates++;
      return false;
    }
    this.tests++;
    this.testTypes.set(f.testType, (this.testTypes.get(f.testType) ?? 0) + 1);
    for (let flags = f.warnings; flags !== 0; flags &= flags - 1) {
      const code = WARNING_BITS[31 - Math.clz32(flags & -flags)]!.code;
      this.warnings[code] = (this.warnings[code] ?? 0) + 1;
    }
    const ms = f.ms;
    if (ms < this.fromMs) this.fromMs = ms;
    if (ms > this.toMs) this.toMs = ms;
    this.keepIfLatest(f, testIdOf);
    return true;
  }

  /** Latest test per athlete and test type: copies of the facts, overwritten in place. */
  private keepIfLatest(f: RowFacts, testIdOf: (f: RowFacts) => string): void {
    const athlete = f.athlete;
    // The common case, decided without latest[]: a test of latest[0]'s type in an earlier second.
    if (athlete.firstType === f.testType && secondOf(f.ms) < athlete.firstSecond) return;
    const latest = athlete.latest;
    const store = this.latestStore;
    if (latest.length === 0) {
      this.athletesTested.push(athlete);
      athlete.firstType = f.testType;
      athlete.firstSecond = secondOf(f.ms);
    }
    for (const slot of latest) {
      if (store.testType(slot) !== f.testType) continue;
      const ms = store.ms(slot);
      if (f.ms > ms || (f.ms === ms && testIdOf(f) > testIdOf(store.get(slot, this.scratch)))) {
        store.set(slot, f);
        if (slot === latest[0]) athlete.firstSecond = secondOf(f.ms);
      }
      return;
    }
    athlete.latest = withLatest(latest, store.push(f));
  }

  /** Slots of the latest tests, athlete by athlete (read with latestFacts). */
  *latestSlots(): Generator<number> {
    for (const athlete of this.athletesTested) yield* athlete.latest;
  }

  /** One latest test, copied into `into`. */
  latestFacts(slot: number, into: RowFacts): RowFacts {
    return this.latestStore.get(slot, into);
  }

  /**
   * Records a row that is not a test, by its id's 64-bit hash; returns the line of an identical earlier one,
   * if any. The key is the hash as a flat 4-character string: the test id itself is a tree of concatenated
   * strings (~100 bytes each, 1 MB for compact-1M's 9,829 such rows).
   */
  noRepRow(idHi: number, idLo: number, line: number): number | null {
    this.noReps++;
    const key = String.fromCharCode(idHi >>> 16, idHi & 0xffff, idLo >>> 16, idLo & 0xffff);
    const first = this.noRepFirstLine.get(key);
    if (first !== undefined) return first;
    this.noRepFirstLine.set(key, line);
    return null;
  }

  /** Exact repeats collapsed elsewhere (a roster's rows). */
  addDuplicates(n: number): void {
    this.duplicates += n;
  }

  countAthlete(p: AthleteProfile): void {
    this.tests++;
    this.athletes.add(p.athleteId);
  }

  build(rejected: Rejection[], workouts: WorkoutLogReader | null = null): AnalyzeSummary {
    const rejectedByCode: Record<string, number> = {};
    for (const r of rejected) rejectedByCode[r.code] = (rejectedByCode[r.code] ?? 0) + 1;
    const summary = this.buildTests(rejected, rejectedByCode);
    if (workouts === null) return summary;
    const { fromMs, toMs } = workouts;
    return {
      ...summary,
      dateOrder: workouts.dateOrder,
      workouts: workouts.workouts,
      duplicateRows: workouts.duplicates,
      athletes: workouts.athletes.size,
      dateRange: fromMs !== Infinity ? { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() } : null,
    };
  }

  private buildTests(rejected: Rejection[], rejectedByCode: Record<string, number>): AnalyzeSummary {
    return {
      file: this.file,
      kind: this.kind,
      format: this.format,
      dateOrder: this.dateOrder,
      rows: this.rows,
      tests: this.kind === 'roster' ? 0 : this.tests,
      workouts: 0,
      duplicateRows: this.duplicates,
      noRepRows: this.noReps,
      noRepDistinct: this.noRepFirstLine.size,
      rejectedRows: rejected.filter((r) => r.code !== 'no-reps').length,
      rejectedByCode,
      athletes: this.kind === 'roster' ? this.athletes.size : this.athletesTested.length,
      testTypes: Object.fromEntries(this.testTypes),
      dateRange: this.fromMs !== Infinity && this.toMs !== -Infinity ? { from: new Date(this.fromMs).toISOString(), to: new Date(this.toMs).toISOString() } : null,
      warnings: this.warnings,
      zeroRepsWithForceKept: this.warnings['zero-reps-with-force'] ?? 0,
      refused: this.kind === 'unsupported',
      fileWarnings: this.fileWarnings,
    };
  }
}
