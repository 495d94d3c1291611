import { ByteCsvReader } from '../csv/byte-csv-reader.ts';
import { describeOrder, orderImpliedBy, type DateOrder } from '../dates/test-time.ts';
import { detectCsvLayout, type CsvLayout, type InputKind } from '../formats/detect.ts';
import { CsvRowAccess, JsonRowAccess, type RowAccess } from '../formats/row-access.ts';
import { CsvRowStage } from './csv-row-stage.ts';
import { RowFacts, TestRowMapper, type Athlete, type RowProblem } from '../formats/test-row.ts';
import type { AthleteResolver } from '../identity/athlete-id.ts';
import type { AsymmetryFormula } from '../metrics/asymmetry.ts';
import type { AthleteProfile } from '../model/athlete-profile.ts';
import type { Rejection, TestRecord } from '../model/test-record.ts';
import type { WorkoutRecord } from '../model/workout-record.ts';
import { WorkoutLogReader } from '../workouts/workout-log.ts';
import { pickWorkoutRows } from '../workouts/workout-json.ts';
import { SummaryBuilder, type AnalyzeSummary, type DateOrderDecidedBy } from './summary.ts';
import { estimateCsvRows } from './row-estimate.ts';
import { FactsStore } from './facts-store.ts';

export interface AnalyzeOptions {
  /** The file's name as the user knows it; used in every rejection. */
  file: string;
  /** The team's setting for files whose dates never show a day above 12. Default DMY. */
  dateOrder?: DateOrder | undefined;
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
  /** Workout logs: a row whose athlete is not on the team's roster is rejected (ingest). */
  requireKnownAthlete?: boolean | undefined;
  /** Workout logs: the stored spelling of an athleteId column's id, undefined when unknown (WorkoutLogOptions). */
  knownAthleteId?: ((id: string) => string | undefined) | undefined;
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
}

/** What the Analyzer keeps of a stream before it knows the layout (it holds those chunks). */
export const HEAD_BYTES = 64 * 1024;
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
  private mode: 'sniffing' | 'csv' | 'json' | 'refused' = 'sniffing';
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
  }

  push(chunk: Buffer): void {
    if (this.mode === 'sniffing') {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes >= HEAD_BYTES) this.start(false);
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
    this.workouts?.end();
    return {
      kind: this.summary.kind,
      rejected: this.rejected,
      summary: this.summary.build(this.rejected, this.workouts),
      latest: this.latestRecords(),
    };
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
  sniff(head: Buffer): { layout: CsvLayout; bom: boolean } | null {
    this.head = [head];
    this.headBytes = head.length;
    this.start(false, true);
    if (this.mode !== 'csv' || this.layout === null || this.layout.kind === 'roster' || this.layout.kind === 'workout-log') return null;
    return { layout: this.layout, bom: this.summary.format.bom };
  }

  private start(atEnd: boolean, sniffOnly = false): void {
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
    Object.assign(this.summary.format, {
      container: 'csv',
      delimiter: layout.delimiter,
      decimalComma: layout.delimiter !== ',',
      headerLine: layout.headerLine,
      columnsMapped: layout.mapping.columns,
      columnsIgnored: layout.mapping.ignored.length,
    });
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
    this.partReader = new ByteCsvReader(layout.delimiter, (record) => this.onCsvRow(stage.row(record)), layout.delimiter !== ',', firstLine);
    return this.partReader;
  }

  /** `line` 0: the file as a whole. */
  private refuse(reason: string, line = 0): void {
    this.mode = 'refused';
    this.summary.kind = 'unsupported';
    this.rejected.push({ file: this.options.file, line, column: null, code: 'unsupported-file', reason });
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
        this.summary.countAthlete(profile);
        this.sink.athlete?.(profile);
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
    if (facts.time.kind === 'exact') {
      this.finish(facts, 'MDY');
      return;
    }
    const implied = orderImpliedBy(facts.time);
    if (this.order === null) {
      if (implied === null) {
        this.pending.push(facts);
        if (this.pending.size >= MAX_PENDING_ROWS) {
          const setting = this.options.dateOrder;
          this.decideOrder(setting ?? 'DMY', setting ? 'setting' : 'default', `${MAX_PENDING_ROWS} rows without a day above 12${setting ? ': the team setting decided' : ' and no team setting: DD/MM/YYYY assumed'}`);
        }
        return;
      }
      this.decideOrder(implied, 'values', `line ${facts.line}: a day above 12 in the ${implied === 'DMY' ? 'first' : 'second'} position`);
    } else if (implied !== null && implied !== this.order) {
      this.reject({
        line: facts.line,
        column: row.column('date'),
        code: 'date-order-conflict',
        reason: `"${facts.dateText}" is only valid as ${describeOrder(implied)}, but this file's dates were read as ${describeOrder(this.order)} (${this.summary.dateOrder?.evidence})`,
      });
      return;
    }
    this.finish(facts, this.order!);
  }

  private decideOrder(order: DateOrder, decidedBy: DateOrderDecidedBy, evidence: string): void {
    this.order = order;
    this.summary.dateOrder = { used: describeOrder(order), decidedBy, evidence };
    const facts = new RowFacts();
    for (let slot = 0; slot < this.pending.size; slot++) this.finish(this.pending.get(slot, facts), order);
    this.pending.clear();
  }

  private decideOrderAtEnd(): void {
    if (this.pending.size === 0) return;
    const setting = this.options.dateOrder;
    this.decideOrder(
      setting ?? 'DMY',
      setting ? 'setting' : 'default',
      setting ? 'no day above 12 in the file: the team setting decided' : 'no day above 12 in the file and no team setting: DD/MM/YYYY assumed',
    );
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
    if (!this.summary.addTest(facts, this.testIdOf)) return;
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
  return detection.ok && detection.layout.kind === 'roster';
}

/** Runs the analyzer over a stream of chunks (a file or an S3 object body). */
export async function analyzeStream(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  options: AnalyzeOptions,
  sink: AnalyzeSink,
  afterChunk?: () => Promise<void> | void,
): Promise<AnalyzeResult> {
  const analyzer = new Analyzer(options, sink);
  const head: Buffer[] = [];
  let headBytes = 0;
  let checked = false;
  const check = async () => {
    checked = true;
    if (needsReaders(Buffer.concat(head))) await loadReaders();
    for (const chunk of head) analyzer.push(chunk);
  };
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (checked) analyzer.push(bytes);
    else {
      head.push(bytes);
      headBytes += bytes.length;
      if (headBytes >= HEAD_BYTES) await check();
    }
    await afterChunk?.();
  }
  if (!checked) await check();
  return analyzer.end();
}
