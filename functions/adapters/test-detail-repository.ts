/**
 * What a raw trace adds to a test — per-rep detail, fatigue, how the trace was read — kept in its own
 * item `DETAIL#<testId>` in the athlete's partition (outside the `TEST#` range, so history Queries never
 * read it), and merged into the test when one test is served.
 */
import { idKey } from '#core/identity/id-grammar.ts';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TestRecord } from '#core/model/test-record.ts';
import { config, documents } from './clients.ts';
import { keys } from './keys.ts';

export const detailSk = (testId: string) => `DETAIL#${idKey(testId)}`;

/** What a trace adds to a test; stored beside the test, merged into it when served. */
export type TestDetail = Pick<TestRecord, 'fatigue' | 'trace' | 'warnings'> & {
  left: { reps: NonNullable<TestRecord['left']['reps']> };
  right: { reps: NonNullable<TestRecord['right']['reps']> };
};

export function detailOf(test: TestRecord): TestDetail {
  return {
    left: { reps: test.left.reps ?? [] },
    right: { reps: test.right.reps ?? [] },
    fatigue: test.fatigue,
    trace: test.trace,
    warnings: test.warnings,
  };
}

/** The test without its trace detail: what the history item holds. */
export function withoutDetail(test: TestRecord): TestRecord {
  const { fatigue: _f, trace: _t, ...rest } = test;
  const { reps: _l, ...left } = test.left;
  const { reps: _r, ...right } = test.right;
  return { ...rest, left, right };
}

/** A test as served with its detail: summary values kept, reps, fatigue and trace info added. */
export function withDetail<T extends TestRecord>(test: T, detail: TestDetail | null): T {
  if (!detail) return test;
  return {
    ...test,
    left: { ...test.left, reps: detail.left.reps },
    right: { ...test.right, reps: detail.right.reps },
    ...(detail.fatigue ? { fatigue: detail.fatigue } : {}),
    ...(detail.trace ? { trace: detail.trace } : {}),
    warnings: [...test.warnings, ...detail.warnings.filter((w) => !test.warnings.some((s) => s.code === w.code))],
  };
}

export async function putDetail(teamId: string, athleteId: string, testId: string, detail: TestDetail): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: config.tableName,
      Item: { pk: keys.athleteTests(teamId, athleteId), sk: detailSk(testId), type: 'test-detail', detailOf: testId, ...detail },
    }),
  );
}

export async function getDetail(teamId: string, athleteId: string, testId: string): Promise<TestDetail | null> {
  const out = await documents.send(new GetCommand({ TableName: config.tableName, Key: { pk: keys.athleteTests(teamId, athleteId), sk: detailSk(testId) } }));
  if (!out.Item) return null;
  const { pk: _pk, sk: _sk, type: _type, detailOf: _of, ...detail } = out.Item;
  return detail as TestDetail;
}
