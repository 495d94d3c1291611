/**
 * What a team does in a month, as assumptions the cost estimate multiplies out. Every figure is a
 * stated assumption, not a measurement of a deployment (none exists from here).
 */
export interface Usage {
  readonly name: string;
  readonly teams: number;
  readonly athletes: number;
  /** Staff who sign in (coaches, physios, analysts): monthly active users. */
  readonly staff: number;
  /** Tests per athlete per month: one Nordic test a week. */
  readonly testsPerAthletePerMonth: number;
  /** Workout-log rows per athlete per month: 4 sessions a week × 6 exercises. */
  readonly workoutRowsPerAthletePerMonth: number;
  /** Files uploaded per team per month: a weekly export and a weekly workout log. */
  readonly filesPerTeamPerMonth: number;
  /** Raw force traces per test (one file each). */
  readonly tracesPerTest: number;
  /** Dashboard sessions per staff member per month, and API requests per session. */
  readonly sessionsPerStaffPerMonth: number;
  readonly apiRequestsPerSession: number;
}

const weeksPerMonth = 52 / 12;

export const typicalSquad: Usage = {
  name: 'squad (60 athletes)',
  teams: 1,
  athletes: 60,
  staff: 5,
  testsPerAthletePerMonth: weeksPerMonth,
  workoutRowsPerAthletePerMonth: 4 * 6 * weeksPerMonth,
  filesPerTeamPerMonth: 2 * weeksPerMonth,
  tracesPerTest: 1,
  sessionsPerStaffPerMonth: 20,
  apiRequestsPerSession: 40,
};

export const club: Usage = {
  ...typicalSquad,
  name: 'club (20 teams)',
  teams: 20,
  athletes: 20 * 60,
  staff: 20 * 5,
};

/** Per-unit assumptions of the pipeline (sizes, durations, capacity units). */
export const unitAssumptions = {
  /** Ingest duration per object on a 1,024 MB function, cold starts included. */
  ingestSecondsPerObject: 3,
  /** WRU per stored test (a ≤1 KB item, plus its share of athlete, latest and upload updates). */
  writeUnitsPerTest: 1.1,
  writeUnitsPerWorkoutRow: 1,
  /** Upload item writes and the Powertools idempotency record, per object. */
  writeUnitsPerObject: 6,
  /** Recompute: one message per athlete touched per object, batches of 10, 1 s per batch at 1,024 MB. */
  recomputeSecondsPerBatch: 1,
  recomputeBatchSize: 10,
  readUnitsPerRecomputeMessage: 20,
  writeUnitsPerRecomputeMessage: 2,
  /** API: 150 ms per request at 512 MB; ~10 RRU (a squad page is ~60 items of ~1 KB). */
  apiSecondsPerRequest: 0.15,
  readUnitsPerApiRequest: 10,
  /** Object sizes: an export or workout log file, a raw trace file, its stored samples, a report. */
  fileMb: 0.3,
  traceMb: 0.15,
  storedTraceMb: 0.05,
  reportMb: 0.05,
  /** Stored item size (tests, workout rows, summaries). */
  itemKb: 1,
  /** Months of data kept when the bill is read (a season). */
  monthsOfData: 12,
  /** Dashboard session: static requests and bytes (cached build), and API bytes per request. */
  staticRequestsPerSession: 10,
  staticMbPerSession: 0.4,
  apiKbPerRequest: 20,
  /** SQS event source mappings long-poll each queue with ~5 pollers every 20 s, traffic or not. */
  idleSqsRequestsPerQueue: 5 * 3 * 60 * 24 * 30,
  /** Queues with an event source: ingest, ingest-parts (large uploads' chunks), recompute. */
  polledQueues: 3,
  /** Logs written per invocation. */
  logKbPerInvocation: 2,
  /** Custom metric series emitted through Powertools EMF (low-cardinality: service, not team). */
  customMetricSeries: 6,
  alarms: 12,
} as const;
