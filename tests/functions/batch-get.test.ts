import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { batchGet, forEachLimited } from '#functions/adapters/batch-get.ts';

// dynalite never returns UnprocessedKeys, so the retry path is proven here against a mocked client.
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddb = mockClient(client);
const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ pk: `P${i}`, sk: 'S' }));
const noSleep = async () => undefined;

beforeEach(() => ddb.reset());

describe('batchGet', () => {
  it('reads 100 keys per request, each key once, with the projection asked for', async () => {
    ddb.on(BatchGetCommand).callsFake((input) => ({ Responses: { tbl: input.RequestItems.tbl.Keys.map((k: object) => ({ ...k, x: 1 })) } }));
    const items = await batchGet(client, 'tbl', [...keys(230), { pk: 'P0', sk: 'S' }], { sleep: noSleep, projection: { expression: 'pk, #n', names: { '#n': 'name' } } });
    const calls = ddb.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems!.tbl!);
    expect(calls.map((r) => r.Keys!.length)).toEqual([100, 100, 30]);
    expect(calls[0]!.ProjectionExpression).toBe('pk, #n');
    expect(calls[0]!.ExpressionAttributeNames).toEqual({ '#n': 'name' });
    expect(items).toHaveLength(230);
  });

  it('retries UnprocessedKeys with growing delays and keeps what each answer returned', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { tbl: [{ pk: 'P0', sk: 'S' }] }, UnprocessedKeys: { tbl: { Keys: [{ pk: 'P1', sk: 'S' }, { pk: 'P2', sk: 'S' }] } } })
      .resolvesOnce({ Responses: { tbl: [{ pk: 'P1', sk: 'S' }] }, UnprocessedKeys: { tbl: { Keys: [{ pk: 'P2', sk: 'S' }] } } })
      .resolves({ Responses: { tbl: [] } }); // P2 does not exist
    const delays: number[] = [];
    const items = await batchGet(client, 'tbl', keys(3), { sleep: async (ms) => void delays.push(ms), baseDelayMs: 100 });
    const calls = ddb.commandCalls(BatchGetCommand);
    expect(calls.map((c) => c.args[0].input.RequestItems!.tbl!.Keys)).toEqual([keys(3), [{ pk: 'P1', sk: 'S' }, { pk: 'P2', sk: 'S' }], [{ pk: 'P2', sk: 'S' }]]);
    expect(items.map((i) => i.pk)).toEqual(['P0', 'P1']);
    expect(delays).toHaveLength(2);
    expect(delays[0]!).toBeGreaterThanOrEqual(50);
    expect(delays[1]!).toBeGreaterThan(delays[0]! * 0.9);
  });

  it('fails loudly when keys stay unprocessed, so the message is retried', async () => {
    ddb.on(BatchGetCommand).resolves({ UnprocessedKeys: { tbl: { Keys: [{ pk: 'P0', sk: 'S' }] } } });
    await expect(batchGet(client, 'tbl', keys(1), { sleep: noSleep, maxAttempts: 3 })).rejects.toThrow(/1 keys unprocessed after 3 attempts/);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(3);
  });
});

describe('forEachLimited', () => {
  it('runs every item with no more than the limit in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await forEachLimited([...Array(20).keys()], 4, async (i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 1 + (i % 3)));
      done.push(i);
      inFlight--;
    });
    expect(done.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    expect(most).toBe(4);
  });
});
