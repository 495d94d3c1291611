import { hash64 } from '../identity/hash64.ts';
import { HashSet64 } from '../identity/hash64.ts';
import type { InputKind } from '../formats/detect.ts';
import type { AthleteProfile } from '../model/athlete-profile.ts';
import type { Rejection, TestRecord } from '../model/test-record.ts';

export interface AnalyzeSummary {
  file: string;
  kind: InputKind;
  format: {
    container: 'csv' | 'json' | null;
    bom: boolean;
    delimiter: string | null;
    decimalComma: boolean;
    headerLine: number | null;
    columnsMapped: Record<string, number>;
    columnsIgnored: number;
  };
  dateOrder: { used: string; decidedBy: 'values' | 'setting'; evidence: string } | null;
  rows: number;
  tests: number;
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
}

/** Accumulates the per-file facts the report shows; also de-duplicates tests by id. */
export class SummaryBuilder {
  kind: InputKind = 'unsupported';
  format: AnalyzeSummary['format'] = {
    container: null,
    bom: false,
    delimiter: null,
    decimalComma: false,
    headerLine: null,
    columnsMapped: {},
    columnsIgnored: 0,
  };
  dateOrder: AnalyzeSummary['dateOrder'] = null;
  rows = 0;
  /** Latest test per athlete and test type. */
  readonly latestByAthlete = new Map<string, Map<string, { test: TestRecord; ms: number }>>();
  private readonly seen = new HashSet64(1 << 16);
  private readonly noRepFirstLine = new Map<string, number>();
  private tests = 0;
  private duplicates = 0;
  private noReps = 0;
  private readonly athletes = new Set<string>();
  private readonly testTypes = new Map<string, number>();
  private readonly warnings: Record<string, number> = {};
  private from: string | null = null;
  private to: string | null = null;
  private fromMs = Infinity;
  private toMs = -Infinity;

  private readonly file: string;
  constructor(file: string) {
    this.file = file;
  }

  /** Counts a test; false when the same test id was already seen in this file. */
  addTest(t: TestRecord, [hi, lo]: [number, number] = hash64(t.testId), ms = Date.parse(t.testedAt)): boolean {
    if (!this.seen.add(hi, lo)) {
      this.duplicates++;
      return false;
    }
    this.tests++;
    this.testTypes.set(t.testType, (this.testTypes.get(t.testType) ?? 0) + 1);
    if (t.warnings.length) for (const w of t.warnings) this.warnings[w.code] = (this.warnings[w.code] ?? 0) + 1;
    // Times compared as numbers: the ISO strings are built by concatenation and would be flattened to compare.
    if (ms < this.fromMs) [this.fromMs, this.from] = [ms, t.testedAt];
    if (ms > this.toMs) [this.toMs, this.to] = [ms, t.testedAt];
    let byType = this.latestByAthlete.get(t.athleteId);
    if (byType === undefined) this.latestByAthlete.set(t.athleteId, (byType = new Map()));
    const prev = byType.get(t.testType);
    if (!prev || ms > prev.ms || (ms === prev.ms && t.testId > prev.test.testId)) byType.set(t.testType, { test: t, ms });
    return true;
  }

  /** Records a row that is not a test; returns the line of an identical earlier one, if any. */
  noRepRow(t: TestRecord): number | null {
    this.noReps++;
    const first = this.noRepFirstLine.get(t.testId);
    if (first !== undefined) return first;
    this.noRepFirstLine.set(t.testId, t.source.line);
    return null;
  }

  countAthlete(p: AthleteProfile): void {
    this.tests++;
    this.athletes.add(p.athleteId);
  }

  build(rejected: Rejection[]): AnalyzeSummary {
    const rejectedByCode: Record<string, number> = {};
    for (const r of rejected) rejectedByCode[r.code] = (rejectedByCode[r.code] ?? 0) + 1;
    return {
      file: this.file,
      kind: this.kind,
      format: this.format,
      dateOrder: this.dateOrder,
      rows: this.rows,
      tests: this.kind === 'roster' ? 0 : this.tests,
      duplicateRows: this.duplicates,
      noRepRows: this.noReps,
      noRepDistinct: this.noRepFirstLine.size,
      rejectedRows: rejected.filter((r) => r.code !== 'no-reps').length,
      rejectedByCode,
      athletes: this.kind === 'roster' ? this.athletes.size : this.latestByAthlete.size,
      testTypes: Object.fromEntries(this.testTypes),
      dateRange: this.from && this.to ? { from: this.from, to: this.to } : null,
      warnings: this.warnings,
      zeroRepsWithForceKept: this.warnings['zero-reps-with-force'] ?? 0,
    };
  }
}
