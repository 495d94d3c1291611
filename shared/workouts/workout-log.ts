import { describeOrder, orderImpliedBy, resolveTestTime, type DateOrder, type DateOrderDecidedBy } from '../dates/test-time.ts';
import type { RowAccess } from '../formats/row-access.ts';
import type { RowProblem } from '../formats/test-row.ts';
import { athleteIdProblem, defaultAthleteId, type AthleteResolver } from '../identity/athlete-id.ts';
import type { WorkoutRecord } from '../model/workout-record.ts';
import { workoutId } from './workout-id.ts';
import { mapWorkoutRow, type WorkoutRow } from './workout-row.ts';

export interface WorkoutLogOptions {
  file: string;
  /** The team's setting for logs whose dates never show a day above 12. */
  dateOrder?: DateOrder | undefined;
  /** Links names and external ids to the team's athletes (the roster's aliases). */
  resolveAthlete?: AthleteResolver | undefined;
  /**
   * The stored spelling of an athlete id written in the log's athleteId column, compared without case; undefined
   * for an unknown one. Without it an athleteId is taken as written, or, with requireKnownAthlete, rejected.
   */
  knownAthleteId?: ((id: string) => string | undefined) | undefined;
  /** Ingest: a row whose athlete is not on the team's roster is rejected, naming who was not found. */
  requireKnownAthlete?: boolean | undefined;
  /** Ingest without a dateOrder: rows whose dates never settle the order are held, not read as DD/MM/YYYY (AnalyzeOptions). */
  holdUndecided?: boolean | undefined;
  dateOrderSource?: 'setting' | 'answer' | undefined;
}

export interface WorkoutLogEvents {
  workout(w: WorkoutRecord): void;
  reject(p: RowProblem): void;
}

export interface WorkoutDateOrder {
  used: string;
  decidedBy: DateOrderDecidedBy;
  evidence: string;
}

interface Pending {
  row: WorkoutRow;
  athleteId: string;
}

/**
 * Reads a workout log row by row: checks and maps each row, resolves its athlete, then — once the file's
 * day/month order is settled, by the same rule as exports — gives each distinct workout its workout-id@1.
 * Rows whose numeric dates cannot be read before the order is known wait (logs are small).
 */
export class WorkoutLogReader {
  private readonly options: WorkoutLogOptions;
  private readonly events: WorkoutLogEvents;
  private order: DateOrder | null = null;
  private pending: Pending[] = [];
  private readonly seen = new Set<string>();
  readonly athletes = new Set<string>();
  dateOrder: WorkoutDateOrder | null = null;
  /** With holdUndecided: the rows that waited for an order nothing settled, and the first such date. */
  held: { rows: number; dateText: string } | null = null;
  workouts = 0;
  duplicates = 0;
  fromMs = Infinity;
  toMs = -Infinity;

  constructor(options: WorkoutLogOptions, events: WorkoutLogEvents) {
    this.options = options;
    this.events = events;
  }

  row(access: RowAccess): void {
    const row = mapWorkoutRow(access);
    if ('code' in row) return this.events.reject(row);
    const athleteId = this.athleteOf(row, access);
    if (typeof athleteId !== 'string') return this.events.reject(athleteId);
    const { time } = row;
    if (time.kind === 'exact') return this.finish(row, athleteId, 'MDY');
    const implied = orderImpliedBy(time);
    if (this.order === null) {
      if (implied === null) {
        this.pending.push({ row, athleteId });
        return;
      }
      this.decide(implied, 'values', `line ${row.line}: a day above 12 in the ${implied === 'DMY' ? 'first' : 'second'} position`);
    } else if (implied !== null && implied !== this.order) {
      return this.events.reject({
        line: row.line,
        column: access.column('date'),
        code: 'date-order-conflict',
        reason: `"${row.dateText}" is only valid as ${describeOrder(implied)}, but this file's dates were read as ${describeOrder(this.order)} (${this.dateOrder?.evidence})`,
      });
    }
    this.finish(row, athleteId, this.order!);
  }

  /** Settles the date order of rows still waiting (the team setting, else DD/MM/YYYY, as for exports). */
  end(): void {
    if (this.pending.length === 0) return;
    const setting = this.options.dateOrder;
    if (setting === undefined && this.options.holdUndecided === true) {
      this.held = { rows: this.pending.length, dateText: this.pending[0]!.row.dateText };
      this.pending = [];
      return;
    }
    this.decide(
      setting ?? 'DMY',
      setting ? (this.options.dateOrderSource ?? 'setting') : 'default',
      setting ? 'no day above 12 in the file: the team setting decided' : 'no day above 12 in the file and no team setting: DD/MM/YYYY assumed',
    );
  }

  private decide(order: DateOrder, decidedBy: DateOrderDecidedBy, evidence: string): void {
    this.order = order;
    this.dateOrder = { used: describeOrder(order), decidedBy, evidence };
    const waiting = this.pending;
    this.pending = [];
    for (const { row, athleteId } of waiting) this.finish(row, athleteId, order);
  }

  /** The athlete's id, or the rejection naming who was not found. */
  private athleteOf(row: WorkoutRow, access: RowAccess): string | RowProblem {
    const { requireKnownAthlete, resolveAthlete, knownAthleteId } = this.options;
    const unknown = (field: 'athleteId' | 'externalId' | 'athleteName', who: string): RowProblem => ({
      line: row.line,
      column: access.column(field),
      code: 'unknown-athlete',
      reason: `athlete "${who}" is not on the team's roster: upload a roster that names them`,
    });
    if (row.athleteIdText !== null) {
      const bad = athleteIdProblem(row.athleteIdText, 'athleteId');
      if (bad !== null) return { line: row.line, column: access.column('athleteId'), code: 'bad-athlete-id', reason: bad };
      const known = knownAthleteId?.(row.athleteIdText);
      if (known !== undefined) return known;
      return requireKnownAthlete ? unknown('athleteId', row.athleteIdText) : row.athleteIdText;
    }
    const keys = { name: row.athleteName, externalId: row.externalId, valdProfileId: null };
    const resolved = resolveAthlete?.(keys);
    if (resolved !== undefined) return resolved;
    if (requireKnownAthlete) return row.externalId !== null ? unknown('externalId', row.externalId) : unknown('athleteName', row.athleteName!);
    const made = defaultAthleteId(keys);
    if (made === null) return { line: row.line, column: access.column('athleteName'), code: 'no-athlete', reason: `no athlete id can be made from "${row.athleteName}"` };
    const bad = athleteIdProblem(made.id, made.from);
    if (bad !== null) return { line: row.line, column: access.column(made.from === 'name' ? 'athleteName' : 'externalId'), code: 'bad-athlete-id', reason: bad };
    return made.id;
  }

  private finish(row: WorkoutRow, athleteId: string, order: DateOrder): void {
    const ms = resolveTestTime(row.time, order);
    if (typeof ms === 'string') return this.events.reject({ line: row.line, column: null, code: 'bad-date', reason: ms });
    const iso = new Date(ms).toISOString();
    const totalReps = row.reps === null ? null : row.reps.reduce((a, b) => a + b, 0);
    const base = {
      athleteId,
      athleteName: row.athleteName,
      externalId: row.externalId,
      date: iso.slice(0, 10),
      time: row.timed ? iso.slice(11, 16) : null,
      performedAt: row.timed ? iso.replace(/:\d{2}\.\d{3}Z$/, ':00.000Z') : `${iso.slice(0, 10)}T00:00:00.000Z`,
      exercise: row.exercise,
      exerciseText: row.exerciseText,
      sets: row.sets,
      reps: row.reps,
      totalReps,
      loadKg: row.loadKg,
      side: row.side,
      rpe: row.rpe,
      durationMin: row.durationMin,
      distanceKm: row.distanceKm,
      notes: row.notes,
      source: { file: this.options.file, line: row.line },
    };
    const record: WorkoutRecord = { workoutId: workoutId(base), ...base };
    if (this.seen.has(record.workoutId)) {
      this.duplicates++;
      return;
    }
    this.seen.add(record.workoutId);
    this.workouts++;
    this.athletes.add(athleteId);
    const at = Date.parse(record.performedAt);
    if (at < this.fromMs) this.fromMs = at;
    if (at > this.toMs) this.toMs = at;
    this.events.workout(record);
  }
}
