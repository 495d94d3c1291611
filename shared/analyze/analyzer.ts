import { ByteCsvReader } from '../csv/byte-csv-reader.ts';
import type { CsvRecord } from '../csv/csv-record.ts';
import { describeOrder, orderImpliedBy, parseTestTime, resolveTestTime, type DateOrder, type DateOrderDecidedBy } from '../dates/test-time.ts';
import { detectCsvLayout, type CsvLayout, type InputKind } from '../formats/detect.ts';
import { CsvRowAccess, JsonRowAccess, type RowAccess } from '../formats/row-access.ts';
import { CsvRowStage } from './csv-row-stage.ts';
import { quoteCell } from '../formats/quote-cell.ts';
import { asFileFault, type FileFault } from './file-fault.ts';
import { decodeText, TextDecoding } from './text-decoding.ts';
import { MAX_ROSTER_ROWS, RosterRows } from './roster-rows.ts';
import { storedProfileProblem } from '../store-limits/stored-items.ts';
import { RowFacts, TestRowMapper, type Athlete, type RowProblem } from '../formats/test-row.ts';
import type { AthleteResolver } from '../identity/athlete-id.ts';
import type { AsymmetryFormula } from '../metrics/asymmetry.ts';
import type { AthleteProfile } from '../model/athlete-profile.ts';
import type { Rejection, TestRecord } from '../model/test-record.ts';
import type { WorkoutRecord } from '../model/workout-record.ts';
import { WorkoutLogReader } from '../workouts/workout-log.ts';
import { pickWorkoutRows } from '../workouts/workout-json.ts';
import { SummaryBuilder, type AnalyzeSummary } from './summary.ts';
import { estimateCsvRows } from './row-estimate.ts';
import { FactsStore } from './facts-store.ts';

export interface AnalyzeOptions {
  /** The file's name as the user knows it; used in every rejection. */
  file: string;
  /** The order for files whose dates never show a day above 12: the team setting, or an answer for this upload. */
  dateOrder?: DateOrder | undefined;
  /** Who gave `dateOrder` (the summary's decidedBy): the team setting unless said otherwise. */
  dateOrderSource?: 'setting' | 'answer' | undefined;
  /**
   * Without `dateOrder`: a file whose dates never settle the order is held (AnalyzeResult.held: its rows with
   * such dates are not handed on; ISO times are), never read in a guessed order. Ingest holds; offline analysis assumes DD/MM/YYYY and says so.
   */
  holdUndecided?: boolean | undefined;
  resolveAthlete?: AthleteResolver | undefined;
  asymmetryFormula?: AsymmetryFormula | undefined;
  /** JSON inputs are read whole; larger ones are refused with a reason. */
  maxJsonBytes?: number | undefined;
  /**
   * The file's size, when known before reading (a file's stat, an S3 object's ContentLength): sizes the
   * de-duplication table. A hint only: a gzipped file's size understates its rows, and the table then grows.
   */
  sizeBytes?: number | undefined;
  /**
   * Only the summary will be read (`eccentric analyze` without --json): values only a TestRecord carries
   * are checked but not converted (MapOptions.summaryOnly), so the records of `latest` lack the vendor's
   * imbalance. Ignored when the sink takes tests.
   */
  summaryOnly?: boolean | undefined;
  /**
   * When the file was uploaded (ms since the epoch; default: now). Test times more than 24 hours later are
   * rejected (`date-in-future`); ingest passes the S3 event's time.
   */
  uploadTimeMs?: number | undefined;
  /** Workout logs: a row whose athlete is not on the team's roster is rejected (ingest). */
  requireKnownAthlete?: boolean | undefined;
  /** Workout logs: the stored spelling of an athleteId column's id, undefined when unknown (WorkoutLogOptions). */
  knownAthleteId?: ((id: string) => string | undefined) | undefined;
  /**
   * The day/month order the whole file was read in, decided before this part of it is read (a chunk of a
   * large upload: chunk-plan.ts). Its rows are read in that order from the first; none waits.
   */
  decidedDateOrder?: DecidedDateOrder | undefined;
  /** Lines of test rows not to count or hand on (a chunk's repeats of tests an earlier chunk holds). */
  skipLines?: ReadonlySet<number> | undefined;
}

export interface DecidedDateOrder {
  order: DateOrder;
  decidedBy: DateOrderDecidedBy;
  evidence: string;
}

export interface AnalyzeSink {
  /** Each distinct test, in file order; without it no TestRecord is built but the latest ones. */
  test?(test: TestRecord): void;
  athlete?(profile: AthleteProfile): void;
  /** Each distinct row of a workout log (workout-id@1), once the file's date order is known. */
  workout?(workout: WorkoutRecord): void;
  /**
   * Instead of `test`: each distinct test as finalised facts (valid during the call only), for a consumer
   * that builds the TestRecord on another thread (analyze-file.ts).
   */
  testFacts?(facts: RowFacts): void;
  /** Every test row once its id is known, with whether it is the first of that id in the file (chunk-plan.ts). */
  counted?(facts: RowFacts, first: boolean): void;
}

export interface AnalyzeResult {
  kind: InputKind;
  rejected: Rejection[];
  summary: AnalyzeSummary;
  /**
   * The latest test per athlete and test type, for the squad view; built one at a time as it is iterated
   * (compact-1M: 16,230 records made at once were 25 MB of peak memory for a summary that never reads them).
   */
  latest: Iterable<TestRecord>;
  /** The file broke off (a FileFault): the rows read before it are in the result, the file is rejected. */
  broken: boolean;
  /** With holdUndecided: the dates did not settle the day/month order, and nothing was handed on. */
  held?: HeldDates | null;
}

export interface HeldDates {
  /** Rows that waited for the order (a test each, unless rejected once read). */
  rows: number;
  /** The first such date and its two readings, for the message. */
  example: string | null;
  /** A day above 12 found after the rows waiting had to be let go (MAX_PENDING_ROWS): the order is known now. */
  learned: { order: DateOrder; evidence: string } | null;
}

/** What the Analyzer keeps of a stream before it knows the layout (it holds those chunks). */
export const HEAD_BYTES = 64 * 1024;
/** The header is among the first lines (detect.ts): the head is read on until it holds them. */
const HEADER_LINES = 10;
/**
 * ... but no further than this: a header line longer than the CSV reader's record limit could not be read
 * anyway (a wide header of 100,000 columns is ~1 MB).
 */
export const MAX_HEAD_BYTES = 4 * 1024 * 1024;
/** Rows kept while the date order is undecided; past this the team setting decides. */
const MAX_PENDING_ROWS = 200_000;
const DEFAULT_MAX_JSON_BYTES = 256 * 1024 * 1024;

/**
 * Push-based analysis of one uploaded file: detects the format from its content, maps rows, decides the
 * date order from the values, cleans, de-duplicates and hands each distinct test to the sink as soon as
 * it is known. Memory: the de-duplication keys (8–16 bytes a test) and the latest test per athlete.
 */
export class Analyzer {
  private head: Buffer[] = [];
  private headBytes = 0;
  /** Line ends in the head, counted up to HEADER_LINES. */
  private lineEnds = 0;
  private mode: 'sniffing' | 'csv' | 'json' | 'refused' | 'broken' = 'sniffing';
  private csv: ByteCsvReader | null = null;
  private partReader: ByteCsvReader | null = null;
  private layout: CsvLayout | null = null;
  private rowAccess: CsvRowAccess | null = null;
  private jsonChunks: Buffer[] = [];
  private jsonBytes = 0;
  private order: DateOrder | null = null;
  /** Rows waiting for the date order, in file order. */
  private readonly pending = new FactsStore();
  private readonly summary: SummaryBuilder;
  private readonly rejected: Rejection[] = [];
  /** holdUndecided without a dateOrder: see AnalyzeOptions. */
  private readonly holding: boolean;
  /** Holding, and more rows waited than MAX_PENDING_ROWS: they were let go, the file is held whatever follows. */
  private dropped = 0;
  private heldLearned: HeldDates['learned'] = null;
  private heldExample: string | null = null;
  private held: HeldDates | null = null;
  /** A roster's rows, held until the end (roster-rows.ts). */
  private roster: RosterRows | null = null;
  private workouts: WorkoutLogReader | null = null;

  private readonly options: AnalyzeOptions;
  private readonly sink: AnalyzeSink;
  private readonly mapper: TestRowMapper;

  constructor(options: AnalyzeOptions, sink: AnalyzeSink) {
    this.options = options;
    this.sink = sink;
    const summaryOnly = options.summaryOnly === true && sink.test === undefined && sink.testFacts === undefined;
    this.mapper = new TestRowMapper({ ...options, summaryOnly });
    this.summary = new SummaryBuilder(options.file);
    this.holding = options.holdUndecided === true && options.dateOrder === undefined && options.decidedDateOrder === undefined;
    const decided = options.decidedDateOrder;
    if (decided !== undefined) {
      this.order = decided.order;
      this.summary.dateOrder = { used: describeOrder(decided.order), decidedBy: decided.decidedBy, evidence: decided.evidence };
    }
  }

  push(chunk: Buffer): void {
    if (this.mode === 'sniffing') {
      // A head longer than usual (a wide header) keeps copies: file-chunks.ts reuses its read buffer past 512 KB.
      this.head.push(this.headBytes >= HEAD_BYTES ? Buffer.from(chunk) : chunk);
      this.headBytes += chunk.length;
      if (this.lineEnds < HEADER_LINES) this.lineEnds += countLineEnds(chunk, HEADER_LINES - this.lineEnds);
      if (this.headBytes >= HEAD_BYTES && (this.lineEnds >= HEADER_LINES || this.headBytes >= MAX_HEAD_BYTES)) this.start(false);
      return;
    }
    this.feed(chunk);
  }

  end(): AnalyzeResult {
    if (this.mode === 'sniffing') this.start(true);
    if (this.mode === 'csv') this.csv?.end();
    if (this.mode === 'json') this.analyzeJson(Buffer.concat(this.jsonChunks));
    this.jsonChunks = [];
    this.decideOrderAtEnd();
    this.finishRoster();
    this.workouts?.end();
    if (this.workouts?.held) this.held = { rows: this.workouts.held.rows, example: readings(this.workouts.held.dateText), learned: null };
    const summary = this.summary.build(this.rejected, this.workouts);
    if (this.mode === 'broken') summary.refused = true;
    return {
      kind: this.summary.kind,
      rejected: this.rejected,
      summary,
      latest: this.latestRecords(),
      broken: this.mode === 'broken',
      held: this.held,
    };
  }

  /** A roster's rows once all are read: conflicts rejected, repeats collapsed, the others handed on. */
  private finishRoster(): void {
    if (this.roster === null) return;
    const outcome = this.roster.finish();
    this.roster = null;
    for (const p of outcome.problems) this.reject(p);
    for (const profile of outcome.profiles) {
      this.summary.countAthlete(profile);
      this.sink.athlete?.(profile);
    }
    this.summary.addDuplicates(outcome.duplicateRows);
    if (outcome.note !== null) this.summary.fileWarnings.push({ code: 'roster-duplicate-rows', message: outcome.note });
  }

  /** Refused or broken: nothing more is read (the caller may stop reading the stream). */
  get stopped(): boolean {
    return this.mode === 'refused' || this.mode === 'broken';
  }

  /**
   * The file broke off while it was read (see FileFault): the rows read so far stay (rows waiting for the date
   * order included), the record the fault cut is dropped, and one file-level rejection says what happened.
   */
  fault(f: FileFault): void {
    if (this.mode === 'refused' || this.mode === 'broken') return;
    if (this.mode === 'sniffing' && this.headBytes === 0) {
      this.refuse(f.message, 0, f.code);
      return;
    }
    if (this.mode === 'sniffing') this.start(false, false, true);
    if (this.stopped) return;
    if (this.mode === 'json') {
      this.jsonChunks = [];
      this.refuse(`${f.message}; a JSON document cut short cannot be read, so nothing of it is kept`, 0, f.code);
      return;
    }
    this.mode = 'broken';
    const rows = this.summary.rows;
    this.rejected.push({
      file: this.options.file,
      line: 0,
      column: null,
      code: f.code,
      reason: `${f.message}; the ${rows.toLocaleString('en')} row${rows === 1 ? '' : 's'} read before it ${rows === 1 ? 'is' : 'are'} kept, the rest of the file is not read`,
    });
  }

  private feed(chunk: Buffer): void {
    if (this.mode === 'csv') this.csv!.push(chunk);
    else if (this.mode === 'json') {
      this.jsonBytes += chunk.length;
      const limit = this.options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES;
      if (this.jsonBytes > limit) {
        this.refuse(`a JSON upload larger than ${limit} bytes is not read; split it or export CSV`);
        this.jsonChunks = [];
      } else this.jsonChunks.push(chunk);
    }
  }

  /**
   * For a file whose rows are mapped elsewhere (analyze-file.ts: worker threads): reads the head like push()
   * would and returns the layout when the file is a CSV of test rows; the rows are then handed over in file
   * order through csvStage results (countRow, reject, acceptFacts). Null for anything else (roster, JSON,
   * refused): the caller analyses the file the ordinary way.
   */
  sniff(head: Buffer, wholeFile = false): { layout: CsvLayout; bom: boolean } | null {
    this.head = [head];
    this.headBytes = head.length;
    this.lineEnds = countLineEnds(head, HEADER_LINES);
    // A head without its first lines (a very wide header) cannot tell the layout: the file is then streamed.
    if (!wholeFile && this.lineEnds < HEADER_LINES) return null;
    this.start(wholeFile, true);
    if (this.mode !== 'csv' || this.layout === null || this.layout.kind === 'roster' || this.layout.kind === 'workout-log') return null;
    return { layout: this.layout, bom: this.summary.format.bom };
  }

  /** `cut`: a fault ended the file here (the head is all there is, but its last line may be unfinished). */
  private start(atEnd: boolean, sniffOnly = false, cut = false): void {
    let head = Buffer.concat(this.head);
    this.head = [];
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      head = head.subarray(3);
      this.summary.format.bom = true;
    }
    const text = head.toString('utf8');
    const firstChar = text.trimStart()[0];
    if (firstChar === undefined) {
      this.refuse(atEnd ? 'the file is empty' : 'the file starts with 64 KB of blank space');
      return;
    }
    if (firstChar === '{' || firstChar === '[') {
      this.mode = 'json';
      this.summary.format.container = 'json';
      this.feed(head);
      return;
    }
    if (text.includes('\u0000')) {
      this.refuse('binary content: not a CSV or JSON export (a compressed or spreadsheet file?)');
      return;
    }
    if (!atEnd && !cut && this.lineEnds === 0) {
      this.refuse(`no line end in the first ${MAX_HEAD_BYTES / (1024 * 1024)} MB: not a CSV export (or a header line longer than that)`);
      return;
    }
    const detection = detectCsvLayout(text);
    if (!detection.ok) {
      this.refuse(detection.reason, detection.line);
      return;
    }
    const layout = detection.layout;
    this.layout = layout;
    if (layout.kind === 'workout-log') this.startWorkoutLog();
    else if (this.options.sizeBytes !== undefined && layout.kind !== 'roster') {
      const rows = estimateCsvRows(head, layout.headerLine, this.options.sizeBytes - (this.summary.format.bom ? 3 : 0));
      if (rows !== null) this.summary.expectTests(rows);
    }
    this.summary.kind = layout.kind;
    this.mapper.requireTestType = layout.kind === 'vald-api-tests';
    Object.assign(this.summary.format, {
      container: 'csv',
      delimiter: layout.delimiter,
      decimalComma: layout.delimiter !== ',',
      headerLine: layout.headerLine,
      columnsMapped: layout.mapping.columns,
      columnsIgnored: layout.mapping.ignored.length,
    });
    this.summary.fileWarnings.push(...duplicateColumnWarnings(layout.mapping));
    this.rowAccess = new CsvRowAccess(layout.mapping);
    this.mode = 'csv';
    if (sniffOnly) return;
    this.csv = this.csvReader(1);
    this.feed(head);
  }

  /**
   * Once the layout is known (push or sniff): a reader whose records this Analyzer analyses like those
   * pushed, `firstLine` numbering the first (a part of the file read here while other parts are mapped
   * elsewhere: mapped-rows.ts). One reader, restarted for each part: a part is read to its end before the next.
   */
  csvReader(firstLine: number): ByteCsvReader {
    if (this.partReader !== null) {
      this.partReader.restart(firstLine);
      return this.partReader;
    }
    const layout = this.layout!;
    const stage = new CsvRowStage(layout, this.rowAccess!);
    const access = this.rowAccess!;
    // Test rows' athletes are looked up a batch at a time (RecordBatchHook); other kinds read no identities.
    const tests = layout.kind === 'vald-hub-results' || layout.kind === 'vald-api-tests';
    const warm = tests ? (records: readonly CsvRecord[], count: number) => this.mapper.warm(records, count, access) : null;
    this.partReader = new ByteCsvReader(layout.delimiter, (record) => this.onCsvRow(stage.row(record)), layout.delimiter !== ',', firstLine, warm);
    return this.partReader;
  }

  /** `line` 0: the file as a whole. */
  private refuse(reason: string, line = 0, code = 'unsupported-file'): void {
    this.mode = 'refused';
    this.summary.kind = 'unsupported';
    this.rejected.push({ file: this.options.file, line, column: null, code, reason });
  }

  private onCsvRow(row: RowAccess | RowProblem | null): void {
    if (row === null) return;
    this.summary.rows++;
    if ('code' in row) this.reject(row);
    else this.onRow(row);
  }

  /** A row read elsewhere (see sniff): counted, whether it is a test or not. */
  countRow(): void {
    this.summary.rows++;
  }

  /** Where rows mapped on another thread go: counted, then analysed in file order. */
  mappedRowSink(dateColumn: Pick<RowAccess, 'column'>) {
    return {
      athlete: (id: string) => this.athlete(id),
      row: (facts: RowFacts) => {
        this.countRow();
        this.acceptFacts(facts, dateColumn);
      },
      problem: (p: RowProblem) => {
        this.countRow();
        this.reject(p);
      },
    };
  }

  private startWorkoutLog(): void {
    this.summary.kind = 'workout-log';
    this.workouts = new WorkoutLogReader(this.options, {
      workout: (w) => this.sink.workout?.(w),
      reject: (p) => this.reject(p),
    });
  }

  private onRow(row: RowAccess): void {
    if (this.workouts !== null) {
      this.workouts.row(row);
      return;
    }
    if (this.summary.kind === 'roster') {
      const profile = readers().mapRosterRow(row);
      if ('code' in profile) this.reject(profile);
      else {
        const unstorable = storedProfileProblem(profile);
        const idColumn = row.has('athleteId') && row.text('athleteId') !== '' ? row.column('athleteId') : row.column('athleteName');
        const columns = { idColumn, externalIdColumn: row.column('externalId'), valdIdColumn: row.has('valdProfileId') ? row.column('valdProfileId') : row.column('profileId') };
        const column = unstorable === null ? null : unstorable.field === 'athleteId' ? idColumn : unstorable.field === 'name' ? row.column('athleteName') : unstorable.field;
        if (unstorable !== null) this.reject({ line: row.line, column, code: 'too-long-to-store', reason: unstorable.reason });
        else if (!(this.roster ??= new RosterRows()).add(row.line, profile, columns)) {
          this.reject({ line: row.line, column: null, code: 'roster-too-large', reason: `a roster is read up to ${MAX_ROSTER_ROWS.toLocaleString('en')} rows; this row is not` });
        }
      }
      return;
    }
    const facts = this.mapper.map(row);
    if (facts instanceof RowFacts) this.acceptFacts(facts, row);
    else this.reject(facts);
  }

  /**
   * The part of a test row's analysis that depends on the rows before it (date order, de-duplication,
   * summary), in file order. `row` words a date-order conflict (its date column's name).
   */
  acceptFacts(facts: RowFacts, row: Pick<RowAccess, 'column'>): void {
    this.mapper.dateColumn ??= row.column('date');
    if (facts.time.kind === 'exact') {
      // An ISO time needs no order: such rows are handed on even when the file's other dates hold it.
      this.finish(facts, 'MDY');
      return;
    }
    const implied = orderImpliedBy(facts.time);
    if (this.order === null) {
      const evidence = implied === null ? null : `line ${facts.line}: a day above 12 in the ${implied === 'DMY' ? 'first' : 'second'} position`;
      if (this.dropped > 0) {
        this.dropped++;
        if (implied !== null && evidence !== null) this.heldLearned ??= { order: implied, evidence };
        return;
      }
      if (implied === null || evidence === null) {
        this.heldExample ??= facts.dateText;
        this.wait(facts);
        return;
      }
      this.decideOrder(implied, 'values', evidence);
    } else if (implied !== null && implied !== this.order) {
      this.reject({
        line: facts.line,
        column: row.column('date'),
        code: 'date-order-conflict',
        reason: `${quoteCell(facts.dateText)} is only valid as ${describeOrder(implied)}, but this file's dates were read as ${describeOrder(this.order)} (${this.summary.dateOrder?.evidence})`,
      });
      return;
    }
    this.finish(facts, this.order!);
  }

  /** A row waits for the date order; past MAX_PENDING_ROWS the order given (or assumed) decides, or, holding, the rows are let go. */
  private wait(facts: RowFacts): void {
    if (this.dropped > 0) {
      this.dropped++;
      return;
    }
    this.pending.push(facts);
    if (this.pending.size < MAX_PENDING_ROWS) return;
    if (this.holding) {
      this.dropped = this.pending.size;
      this.pending.clear();
      return;
    }
    this.decideGiven(`${MAX_PENDING_ROWS.toLocaleString('en')} rows without a day above 12`);
  }

  /** The order given in the options decides, or DD/MM/YYYY is assumed (with a file warning). */
  private decideGiven(why: string): void {
    const given = this.options.dateOrder;
    if (given !== undefined) {
      const source = this.options.dateOrderSource ?? 'setting';
      this.decideOrder(given, source, `${why}: ${source === 'answer' ? 'the answer given for this upload' : 'the team setting'} decided`);
      return;
    }
    this.decideOrder('DMY', 'default', `${why} and no date order given: DD/MM/YYYY assumed`);
    this.summary.fileWarnings.push({
      code: 'date-order-assumed',
      message: `no date settles the day/month order (${this.heldExample === null ? 'no day above 12' : readings(this.heldExample)}): read as DD/MM/YYYY, the default. If that is wrong, use --date-order mdy (offline) or set the team's dateOrder`,
    });
  }

  private decideOrder(order: DateOrder, decidedBy: DateOrderDecidedBy, evidence: string): void {
    this.order = order;
    this.summary.dateOrder = { used: describeOrder(order), decidedBy, evidence };
    const facts = new RowFacts();
    for (let slot = 0; slot < this.pending.size; slot++) this.finish(this.pending.get(slot, facts), order);
    this.pending.clear();
  }

  private decideOrderAtEnd(): void {
    if (this.pending.size === 0 && this.dropped === 0) return;
    if (this.holding) {
      this.held = { rows: this.pending.size + this.dropped, example: this.heldExample === null ? null : readings(this.heldExample), learned: this.heldLearned };
      this.pending.clear();
      return;
    }
    this.decideGiven('no day above 12 in the file');
  }

  private finish(facts: RowFacts, order: DateOrder): void {
    const problem = this.mapper.finalise(facts, order);
    if (problem !== null) {
      this.reject(problem);
      return;
    }
    if (facts.noReps) {
      const first = this.summary.noRepRow(facts.idHi, facts.idLo, facts.line);
      this.reject({
        line: facts.line,
        column: null,
        code: 'no-reps',
        reason:
          'no repetitions and no force on either side: not a test, not stored' +
          (first === null ? '' : ` (exact repeat of line ${first})`),
      });
      return;
    }
    if (this.options.skipLines?.has(facts.line)) return;
    const first = this.summary.addTest(facts, this.testIdOf);
    this.sink.counted?.(facts, first);
    if (!first) return;
    if (this.sink.testFacts !== undefined) this.sink.testFacts(facts);
    else if (this.sink.test !== undefined) this.sink.test(this.mapper.record(facts));
  }

  private readonly testIdOf = (f: RowFacts): string => this.mapper.testId(f);

  private latestRecords(): Iterable<TestRecord> {
    const { summary, mapper } = this;
    return {
      *[Symbol.iterator]() {
        const facts = new RowFacts();
        for (const slot of summary.latestSlots()) yield mapper.record(summary.latestFacts(slot, facts));
      },
    };
  }

  /** Every athlete id met so far, as records spell it: a chunk of the file is given them first (chunk-plan.ts). */
  athleteIds(): string[] {
    return this.mapper.athleteIds();
  }

  /** The AthleteResolver-free mapper's Athlete for an id (rows mapped elsewhere name athletes by id). */
  athlete(id: string): Athlete {
    return this.mapper.athlete(id);
  }

  reject(p: RowProblem): void {
    this.rejected.push({ file: this.options.file, line: p.line, column: p.column, code: p.code, reason: p.reason });
  }

  private analyzeJson(bytes: Buffer): void {
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      this.refuse(`not valid JSON: ${(error as Error).message}`);
      return;
    }
    const workoutRows = pickWorkoutRows(value);
    if (workoutRows !== null) {
      this.startWorkoutLog();
      workoutRows.rows.forEach((item, index) => {
        this.summary.rows++;
        if (item === null || typeof item !== 'object' || Array.isArray(item)) {
          this.reject({ line: index + 1, column: workoutRows.path, code: 'bad-workout-row', reason: `${workoutRows.path}[${index}]: not an object` });
        } else this.onRow(new JsonRowAccess(item as Record<string, unknown>, index + 1));
      });
      return;
    }
    const picked = readers().pickApiRows(value);
    if (!picked.ok) {
      this.summary.kind = picked.kind;
      this.refuse(picked.reason);
      return;
    }
    this.summary.kind = 'vald-api-tests';
    this.mapper.requireTestType = true;
    picked.rows.forEach((item, index) => {
      this.summary.rows++;
      if (!item.ok) {
        this.reject({ line: index + 1, column: picked.path, code: 'bad-api-row', reason: `${picked.path}[${index}]: ${item.reason}` });
        return;
      }
      this.onRow(new JsonRowAccess(item.row, index + 1));
    });
  }
}

/** `"02/03/2026": 3 February as MM/DD/YYYY, 2 March as DD/MM/YYYY`. */
function readings(dateText: string): string {
  const t = parseTestTime(dateText, null);
  if (t.kind !== 'numeric') return quoteCell(dateText);
  const day = (order: DateOrder) => {
    const ms = resolveTestTime({ ...t, minuteOfDay: 0, secondOfMinute: 0 }, order);
    return typeof ms === 'number' ? new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' }) : 'no date';
  };
  return `e.g. ${quoteCell(dateText)}: ${day('MDY')} as MM/DD/YYYY, ${day('DMY')} as DD/MM/YYYY`;
}

/** Line ends (LF or CR) in `chunk`, counted up to `limit`. */
function countLineEnds(chunk: Buffer, limit: number): number {
  let n = 0;
  for (let i = 0; i < chunk.length && n < limit; i++) {
    const c = chunk[i];
    if (c === 0x0a || c === 0x0d) n++;
  }
  return n;
}

/** The summary's warnings for repeated column names (a conflicting repeat refuses the file: detect.ts). */
function duplicateColumnWarnings(mapping: CsvLayout['mapping']): { code: string; message: string }[] {
  const out: { code: string; message: string }[] = [];
  const byFirst = new Map<number, number[]>();
  for (const r of mapping.repeats) byFirst.set(r.first, [...(byFirst.get(r.first) ?? []), r.column]);
  for (const [first, later] of byFirst) {
    out.push({
      code: 'duplicate-column',
      message: `column ${quoteCell(mapping.headers[first]!.replace(/^\uFEFF/, '').trim())} appears ${later.length + 1} times (columns ${[first, ...later].map((c) => c + 1).join(', ')}): the copies are compared on every row, and a row where they differ is rejected`,
    });
  }
  for (const name of mapping.duplicateNames) {
    out.push({ code: 'duplicate-column', message: `more than one column is named ${quoteCell(name)}; they are not read` });
  }
  return out;
}

/**
 * Rosters and VALD API JSON are validated with zod, whose module alone costs ~18 MB of memory: it is
 * loaded only for files that are one of those (analyzeStream looks first), not for the exports that
 * make up the bulk of the data.
 */
type Readers = { mapRosterRow: typeof import('../formats/roster-row.ts').mapRosterRow; pickApiRows: typeof import('../formats/api-json.ts').pickApiRows };
let loadedReaders: Readers | undefined;

export async function loadReaders(): Promise<Readers> {
  if (!loadedReaders) {
    const [roster, api] = await Promise.all([import('../formats/roster-row.ts'), import('../formats/api-json.ts')]);
    loadedReaders = { mapRosterRow: roster.mapRosterRow, pickApiRows: api.pickApiRows };
  }
  return loadedReaders;
}

function readers(): Readers {
  if (!loadedReaders) throw new Error('roster/JSON readers not loaded: call loadReaders() before analysing such a file');
  return loadedReaders;
}

/** Whether a file's first bytes are JSON or a roster: the kinds whose readers load on demand. */
function needsReaders(head: Buffer): boolean {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') return true;
  const detection = detectCsvLayout(text);
  // A head that cannot be read may be the start of a wide roster header: the readers load (the cost of refused files only).
  return !detection.ok || detection.layout.kind === 'roster';
}

/**
 * Runs the analyzer over a stream of chunks (a file or an S3 object body), decoded to UTF-8 by `decoding`
 * (or, without one, by a TextDecoding of its own). A FileFault ends the file as a rejection (Analyzer.fault);
 * any other error (the stream itself failing) is thrown. A refused or broken file is not read to its end.
 */
export async function analyzeStream(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  options: AnalyzeOptions,
  sink: AnalyzeSink,
  afterChunk?: () => Promise<void> | void,
  decoded?: TextDecoding,
): Promise<AnalyzeResult> {
  const analyzer = new Analyzer(options, sink);
  const decoding = decoded ?? new TextDecoding();
  const chunks = decoded ? asBuffers(source) : decodeText(asBuffers(source), decoding);
  const head: Buffer[] = [];
  let headBytes = 0;
  let checked = false;
  const check = async () => {
    checked = true;
    if (needsReaders(Buffer.concat(head))) await loadReaders();
    for (const chunk of head) analyzer.push(chunk);
  };
  try {
    for await (const bytes of chunks) {
      if (checked) analyzer.push(bytes);
      else {
        head.push(bytes);
        headBytes += bytes.length;
        if (headBytes >= HEAD_BYTES) await check();
      }
      await afterChunk?.();
      if (analyzer.stopped) break;
    }
    if (!checked) await check();
  } catch (error) {
    const fault = asFileFault(error);
    if (fault === null) throw error;
    if (!checked) {
      try {
        await check();
      } catch (again) {
        if (asFileFault(again) === null) throw again;
      }
    }
    analyzer.fault(fault);
  }
  const result = analyzer.end();
  result.summary.format.encoding = decoding.encoding;
  if (decoding.utf16Bom) result.summary.format.bom = true;
  return result;
}

async function* asBuffers(source: AsyncIterable<Buffer | Uint8Array | string>): AsyncIterable<Buffer> {
  for await (const chunk of source) {
    yield typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}
