/**
 * Item keys of the single table (see README "Table design"). The team id leads every partition key, so
 * every read is scoped to one team by construction. Athlete, test and upload ids enter keys in their
 * case-free form (`idKey`): items keep the id as written, keys find it whatever the case of the request.
 */
import { idKey } from '#core/identity/id-grammar.ts';

export const keys = {
  team: (teamId: string) => `TEAM#${teamId}`,
  athleteSk: (athleteId: string) => `ATHLETE#${idKey(athleteId)}`,
  athletePrefix: 'ATHLETE#',
  aliasSk: (alias: string) => `ALIAS#${alias}`,
  aliasPrefix: 'ALIAS#',
  uploadSk: (uploadId: string) => `UPLOAD#${idKey(uploadId)}`,
  uploadLsi: (receivedAt: string, uploadId: string) => `UPLOAD#${receivedAt}#${uploadId}`,
  uploadPrefix: 'UPLOAD#',
  settingsSk: 'SETTINGS',
  athleteTests: (teamId: string, athleteId: string) => `TEAM#${teamId}#ATHLETE#${idKey(athleteId)}`,
  testSk: (testedAt: string, testId: string) => `TEST#${testedAt}#${idKey(testId)}`,
  /** The byTestId index's sort key attribute: the test id without case. */
  testKey: (testId: string) => idKey(testId),
  testPrefix: 'TEST#',
  testTypeLsi: (testType: string, testedAt: string, testId: string) => `TYPE#${testType}#${testedAt}#${idKey(testId)}`,
  testTypePrefix: (testType: string) => `TYPE#${testType}#`,
  /** Attribute of the athlete item holding the latest test of one type. */
  latestAttr: (testType: string) => `latest#${testType}`,
  /** Attribute of the athlete item holding the precomputed status and trends of one test type (AthleteSummary). */
  summaryAttr: (testType: string) => `summary#${testType}`,
  /** A workout-log row, in the athlete's partition after TEST# so one range Query reads tests and workouts. */
  workoutSk: (performedAt: string, workoutId: string) => `WORKOUT#${performedAt}#${idKey(workoutId)}`,
  workoutPrefix: 'WORKOUT#',
  /** The athlete's chart series of one test type (AthleteTrend), outside the TEST#…WORKOUT# range. */
  seriesSk: (testType: string) => `SERIES#${testType}`,
  /** The team's aggregate of one test type (TeamRisk and the team context), in the team partition. */
  riskSk: (testType: string) => `RISK#${testType}`,
} as const;

/**
 * Partition of the Powertools idempotency records (functions/ingest.ts). The local runtime reads it too: on
 * start it expires the records of invocations a stop or a crash cut short (infra/local/stale-locks.ts).
 */
export const IDEMPOTENCY_PARTITION = 'IDEMPOTENCY';

/** Team ids lead every key (the grammar lives with the other ids). */
export { TEAM_ID } from '#core/identity/id-grammar.ts';
