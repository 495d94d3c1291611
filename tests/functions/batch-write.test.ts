import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { batchDelete, batchPut } from '#functions/adapters/batch-write.ts';

// dynalite never returns UnprocessedItems, so the retry path is proven here against a mocked client.
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddb = mockClient(client);
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ pk: `P${i}`, sk: 'S' }));
const noSleep = async () => undefined;

beforeEach(() => ddb.reset());

describe('batchPut', () => {
  it('writes 25 items per request', async () => {
    ddb.on(BatchWriteCommand).resolves({});
    const out = await batchPut(client, 'tbl', items(60), { sleep: noSleep });
    const calls = ddb.commandCalls(BatchWriteCommand);
    expect(calls.map((c) => c.args[0].input.RequestItems!.tbl!.length)).toEqual([25, 25, 10]);
    expect(out).toEqual({ written: 60, retries: 0 });
  });

  it('retries UnprocessedItems with growing delays until none are left', async () => {
    const leftover = [{ PutRequest: { Item: { pk: 'P3', sk: 'S' } } }];
    ddb.on(BatchWriteCommand).resolvesOnce({ UnprocessedItems: { tbl: leftover } }).resolvesOnce({ UnprocessedItems: { tbl: leftover } }).resolves({});
    const delays: number[] = [];
    const out = await batchPut(client, 'tbl', items(5), { sleep: async (ms) => void delays.push(ms), baseDelayMs: 100 });
    const calls = ddb.commandCalls(BatchWriteCommand);
    expect(calls).toHaveLength(3);
    expect(calls[1]!.args[0].input.RequestItems!.tbl).toEqual(leftover);
    expect(out.retries).toBe(2);
    expect(delays[1]!).toBeGreaterThan(delays[0]! * 0.9);
    expect(delays[0]!).toBeGreaterThanOrEqual(50);
  });

  it('fails loudly when items stay unprocessed, so the message is retried', async () => {
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: { tbl: [{ PutRequest: { Item: { pk: 'P', sk: 'S' } } }] } });
    await expect(batchPut(client, 'tbl', items(1), { sleep: noSleep, maxAttempts: 3 })).rejects.toThrow(/1 items unprocessed after 3 attempts/);
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });
});

describe('batchDelete', () => {
  it('deletes by key 25 at a time and retries unprocessed deletes', async () => {
    const leftover = [{ DeleteRequest: { Key: { pk: 'P30', sk: 'S' } } }];
    ddb.on(BatchWriteCommand).resolvesOnce({}).resolvesOnce({ UnprocessedItems: { tbl: leftover } }).resolves({});
    const out = await batchDelete(client, 'tbl', items(30), { sleep: noSleep });
    const calls = ddb.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems!.tbl!);
    expect(calls.map((r) => r.length)).toEqual([25, 5, 1]);
    expect(calls[0]![0]).toEqual({ DeleteRequest: { Key: { pk: 'P0', sk: 'S' } } });
    expect(calls[2]).toEqual(leftover);
    expect(out).toEqual({ written: 30, retries: 1 });
  });
});
