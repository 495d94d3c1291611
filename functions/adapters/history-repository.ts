import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { WorkoutRecord } from '#core/model/workout-record.ts';
import { batchPut } from './batch-write.ts';
import { config, documents } from './clients.ts';
import { keys } from './keys.ts';
import { fromTestItem, type StoredTest } from './test-repository.ts';
import { decodePageToken, encodePageToken, type Page } from './page-token.ts';

export interface AthleteHistory {
  tests: StoredTest[];
  workouts: WorkoutRecord[];
}

/**
 * An athlete's whole history for a recompute: tests and workout rows in one range Query of their
 * partition (`TEST#` … `WORKOUT#`; trace detail sorts before it, chart series before that, so per-rep
 * data is never read here). Pages are followed; each page is one request.
 */
export async function loadHistory(teamId: string, athleteId: string): Promise<AthleteHistory & { requests: number }> {
  const history: AthleteHistory = { tests: [], workouts: [] };
  let start: Record<string, unknown> | undefined;
  let requests = 0;
  do {
    const out = await documents.send(
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.athleteTests(teamId, athleteId), ':from': keys.testPrefix, ':to': `${keys.workoutPrefix}\uffff` },
        ExclusiveStartKey: start,
      }),
    );
    requests++;
    for (const item of out.Items ?? []) {
      if (item.type === 'test') history.tests.push(fromTestItem(item));
      else if (item.type === 'workout') history.workouts.push(fromWorkoutItem(item));
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return { ...history, requests };
}

export function workoutItem(teamId: string, uploadId: string, w: WorkoutRecord): Record<string, unknown> {
  return { pk: keys.athleteTests(teamId, w.athleteId), sk: keys.workoutSk(w.performedAt, w.workoutId), type: 'workout', teamId, uploadId, ...w };
}

export function fromWorkoutItem(item: Record<string, unknown>): WorkoutRecord & { uploadId: string } {
  const { pk: _pk, sk: _sk, type: _type, teamId: _team, ...rest } = item;
  return rest as unknown as WorkoutRecord & { uploadId: string };
}

/** Stores workout rows; ids are deterministic (workout-id@1), so a re-uploaded log overwrites, never doubles. */
export async function putWorkouts(teamId: string, uploadId: string, workouts: WorkoutRecord[]): Promise<void> {
  await batchPut(documents, config.tableName, workouts.map((w) => workoutItem(teamId, uploadId, w)));
}

/** An athlete's workout rows between two dates (inclusive, `YYYY-MM-DD`), oldest first; Query only. */
export async function queryWorkouts(teamId: string, athleteId: string, options: { from: string; to: string; limit: number; next?: string | undefined }): Promise<Page<WorkoutRecord>> {
  const pk = keys.athleteTests(teamId, athleteId);
  const out = await documents.send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': pk, ':from': `${keys.workoutPrefix}${options.from}`, ':to': `${keys.workoutPrefix}${options.to}\uffff` },
      Limit: options.limit,
      ExclusiveStartKey: decodePageToken(options.next, { pk, skPrefix: keys.workoutPrefix }),
    }),
  );
  return { items: (out.Items ?? []).map(fromWorkoutItem), next: encodePageToken(out.LastEvaluatedKey) };
}
