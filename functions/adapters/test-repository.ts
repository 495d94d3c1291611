import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TestRecord } from '#core/model/test-record.ts';
import { batchPut, type BatchWriteOptions } from './batch-write.ts';
import { documents, config } from './clients.ts';
import { keys } from './keys.ts';
import { decodePageToken, encodePageToken, type Page } from './page-token.ts';

export type StoredTest = TestRecord & { uploadId: string };

/** Test item: one per test, in the athlete's partition, sorted by time (and by type in the LSI). */
/** Where a stored test came from: a summary row (export, API) or, until one arrives, a raw trace alone. */
export type TestOrigin = 'summary' | 'trace';

export function testItem(teamId: string, uploadId: string, test: TestRecord, origin: TestOrigin = 'summary'): Record<string, unknown> {
  return {
    pk: keys.athleteTests(teamId, test.athleteId),
    sk: keys.testSk(test.testedAt, test.testId),
    lsi1sk: keys.testTypeLsi(test.testType, test.testedAt, test.testId),
    testKey: keys.testKey(test.testId),
    type: 'test',
    origin,
    teamId,
    uploadId,
    ...test,
  };
}

/** Stores tests; ids are deterministic, so storing the same test again overwrites it (never counts twice). */
export async function putTests(teamId: string, uploadId: string, tests: TestRecord[], options?: BatchWriteOptions, origin: TestOrigin = 'summary') {
  return batchPut(documents, config.tableName, tests.map((t) => testItem(teamId, uploadId, t, origin)), options);
}

export function fromTestItem(item: Record<string, unknown>): StoredTest {
  const { pk: _pk, sk: _sk, lsi1sk: _lsi, testKey: _key, type: _type, teamId: _team, origin: _origin, ...test } = item;
  return test as unknown as StoredTest;
}

/** An athlete's tests, newest first, optionally of one test type; Query only. */
export async function queryAthleteTests(
  teamId: string,
  athleteId: string,
  options: { testType?: string | undefined; limit: number; next?: string | undefined },
): Promise<Page<StoredTest>> {
  const pk = keys.athleteTests(teamId, athleteId);
  const byType = options.testType !== undefined;
  const out = await documents.send(
    new QueryCommand({
      TableName: config.tableName,
      ...(byType ? { IndexName: 'lsi1' } : {}),
      KeyConditionExpression: `pk = :pk AND begins_with(${byType ? 'lsi1sk' : 'sk'}, :prefix)`,
      ExpressionAttributeValues: { ':pk': pk, ':prefix': byType ? keys.testTypePrefix(options.testType!) : keys.testPrefix },
      ScanIndexForward: false,
      Limit: options.limit,
      ExclusiveStartKey: decodePageToken(options.next, { pk, skPrefix: keys.testPrefix, ...(byType ? { index: { attribute: 'lsi1sk', prefix: keys.testTypePrefix(options.testType!) } } : {}) }),
    }),
  );
  return { items: (out.Items ?? []).map(fromTestItem), next: encodePageToken(out.LastEvaluatedKey) };
}

/** One test by id, through the byTestId index of the athlete's partition (a Query, never a Scan). */
export async function getTest(teamId: string, athleteId: string, testId: string): Promise<StoredTest | null> {
  const out = await documents.send(
    new QueryCommand({
      TableName: config.tableName,
      IndexName: 'byTestId',
      KeyConditionExpression: 'pk = :pk AND testKey = :id',
      ExpressionAttributeValues: { ':pk': keys.athleteTests(teamId, athleteId), ':id': keys.testKey(testId) },
      Limit: 1,
    }),
  );
  const item = out.Items?.[0];
  return item ? fromTestItem(item) : null;
}
