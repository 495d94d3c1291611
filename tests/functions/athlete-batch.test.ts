import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestRecord } from '#core/model/test-record.ts';

process.env.TABLE_NAME = 'eccentric-test';
process.env.BUCKET_NAME = 'eccentric-data';
process.env.AWS_REGION = 'eu-west-1';

// The batched athlete writes' decisions, request by request (the stored outcome is covered end to end
// by tests/integration/pipeline.test.ts and the concurrency fallbacks here, where dynalite cannot race).
const ddb = mockClient(DynamoDBDocumentClient);
afterAll(() => ddb.restore());
beforeEach(() => ddb.reset());

let batch: typeof import('#functions/adapters/athlete-batch.ts');
let latestOf: typeof import('#functions/adapters/athlete-repository.ts').latestOf;
beforeAll(async () => {
  batch = await import('#functions/adapters/athlete-batch.ts');
  latestOf = (await import('#functions/adapters/athlete-repository.ts')).latestOf;
});

const test = (athleteId: string, testedAt: string, testId = `${athleteId}-${testedAt}`): TestRecord =>
  ({
    athleteId,
    testId,
    testedAt,
    testType: 'nordic',
    bodyMassKg: null,
    left: { peakN: 400, repCount: 3, peakNPerKg: null },
    right: { peakN: 410, repCount: 3, peakNPerKg: null },
    asymmetry: null,
    warnings: [],
  }) as unknown as TestRecord;
const ids = (name: string) => ({ name, externalId: null, valdProfileId: null });
const athleteSk = (id: string) => `ATHLETE#${id}`;
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

describe('storeAthletesLatest', () => {
  it('creates a missing athlete with its latest test in one conditional put', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { 'eccentric-test': [] } });
    ddb.on(PutCommand).resolves({});
    const t = test('a1', '2026-01-05T10:00:00.000Z');
    const created = await batch.storeAthletesLatest('team', [{ athleteId: 'a1', ids: ids('A One'), tests: [{ test: t }] }], 'NOW');
    expect(created).toEqual(['a1']);
    const puts = ddb.commandCalls(PutCommand);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.args[0].input.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(puts[0]!.args[0].input.Item).toMatchObject({ sk: athleteSk('a1'), name: 'A One', createdAt: 'NOW', 'latest#nordic': latestOf(t) });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('writes nothing for an athlete whose latest is already this test or newer (a replay, an older file)', async () => {
    const newer = test('a1', '2026-02-01T10:00:00.000Z');
    const same = test('a2', '2026-01-05T10:00:00.000Z');
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        'eccentric-test': [
          { sk: athleteSk('a1'), createdAt: 'x', name: 'A One', externalId: null, valdProfileId: null, 'latest#nordic': latestOf(newer) },
          // read back with its keys in another order: still the same test
          { sk: athleteSk('a2'), createdAt: 'x', name: 'A Two', externalId: null, valdProfileId: null, 'latest#nordic': Object.fromEntries(Object.entries(latestOf(same)).reverse()) },
        ],
      },
    });
    const created = await batch.storeAthletesLatest(
      'team',
      [
        { athleteId: 'a1', ids: ids('A One'), tests: [{ test: test('a1', '2026-01-05T10:00:00.000Z') }] },
        { athleteId: 'a2', ids: ids('A Two'), tests: [{ test: same }] },
      ],
      'NOW',
    );
    expect(created).toEqual([]);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('moves an older latest forward with one update guarded by the forward-only condition', async () => {
    const old = test('a1', '2026-01-01T10:00:00.000Z');
    const t = test('a1', '2026-01-05T10:00:00.000Z');
    ddb.on(BatchGetCommand).resolves({ Responses: { 'eccentric-test': [{ sk: athleteSk('a1'), createdAt: 'x', name: 'A One', externalId: null, valdProfileId: null, 'latest#nordic': latestOf(old) }] } });
    ddb.on(UpdateCommand).resolves({});
    await batch.storeAthletesLatest('team', [{ athleteId: 'a1', ids: ids('A One'), tests: [{ test: t }] }], 'NOW');
    const updates = ddb.commandCalls(UpdateCommand);
    expect(updates).toHaveLength(1);
    const input = updates[0]!.args[0].input;
    expect(input.ConditionExpression).toContain('#l0.testedAt < :t0');
    expect(input.ExpressionAttributeValues![':l0']).toEqual(latestOf(t));
    expect(input.ExpressionAttributeNames!['#l0']).toBe('latest#nordic');
  });

  it('falls back to the per-test conditional path when another upload created the athlete meanwhile', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { 'eccentric-test': [] } });
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(UpdateCommand).resolves({ Attributes: { createdAt: 'earlier' } });
    const t = test('a1', '2026-01-05T10:00:00.000Z');
    const created = await batch.storeAthletesLatest('team', [{ athleteId: 'a1', ids: ids('A One'), tests: [{ test: t }] }], 'NOW');
    expect(created).toEqual([]); // the other upload created it
    const updates = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(updates).toHaveLength(2);
    expect(updates[0]!.UpdateExpression).toContain('if_not_exists(createdAt');
    expect(updates[1]!.ConditionExpression).toContain('#latest.testedAt < :t');
  });

  it('falls back per test when a newer test arrived between the read and the update', async () => {
    const old = test('a1', '2026-01-01T10:00:00.000Z');
    ddb.on(BatchGetCommand).resolves({ Responses: { 'eccentric-test': [{ sk: athleteSk('a1'), createdAt: 'x', name: 'A One', externalId: null, valdProfileId: null, 'latest#nordic': latestOf(old) }] } });
    ddb.on(UpdateCommand).rejectsOnce(conditionFailed()).resolvesOnce({ Attributes: { createdAt: 'x' } }).rejects(conditionFailed());
    await batch.storeAthletesLatest('team', [{ athleteId: 'a1', ids: ids('A One'), tests: [{ test: test('a1', '2026-01-05T10:00:00.000Z') }] }], 'NOW');
    // batched update (refused), ensureAthlete, updateLatest (refused: the newer test stays)
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(3);
  });
});

describe('linkMissingAliases', () => {
  it('reads the aliases in one batch and writes only the missing ones, the first athlete winning a shared alias', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { 'eccentric-test': [{ sk: 'ALIAS#name:a-one' }] } });
    ddb.on(BatchWriteCommand).resolves({});
    await batch.linkMissingAliases('team', [
      { athleteId: 'a1', ids: ids('A One') },
      { athleteId: 'a2', ids: { name: 'A Two', externalId: 'X2', valdProfileId: null } },
      { athleteId: 'a3', ids: ids('A Two') },
    ]);
    const written = ddb.commandCalls(BatchWriteCommand).flatMap((c) => c.args[0].input.RequestItems!['eccentric-test']!.map((r) => r.PutRequest!.Item));
    expect(written.map((i) => [i!.sk, i!.athleteId])).toEqual([
      ['ALIAS#ext:x2', 'a2'],
      ['ALIAS#name:a-two', 'a2'],
    ]);
  });
});
