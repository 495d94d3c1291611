import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBucketAndTable, startServers, type LocalServers } from '#infra/local/servers.ts';
import { attributeSize, countUsage, emptyUsage, itemSize, usageSince, type DynamoUsage } from '#functions/adapters/dynamo-usage.ts';

// Against dynalite: does it report ConsumedCapacity (it does, for the table), and does the counter add it up.
let servers: LocalServers;
let raw: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let counted: DynamoUsage;
const TableName = 'usage-test';

beforeAll(async () => {
  servers = await startServers({ s3Dir: mkdtempSync(join(tmpdir(), 'eccentric-usage-')) });
  await ensureBucketAndTable(servers, 'usage-test', TableName);
  raw = new DynamoDBClient({ region: 'us-east-1', endpoint: servers.dynamoEndpoint, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  counted = emptyUsage();
  countUsage(raw, counted);
  doc = DynamoDBDocumentClient.from(raw);
});
afterAll(async () => {
  raw?.destroy();
  await servers?.close();
});

describe('DynamoDB usage counter', () => {
  it('counts requests per command and the write units dynalite reports', async () => {
    const before = structuredClone(counted);
    const small = { pk: 'P', sk: 'small', text: 'x'.repeat(100) };
    const big = { pk: 'P', sk: 'big', text: 'y'.repeat(2500) }; // 3 KB → 3 units
    const put = await doc.send(new PutCommand({ TableName, Item: small }));
    // The caller did not ask; the middleware did, and dynalite answered.
    expect(put.ConsumedCapacity?.CapacityUnits).toBe(1);
    await doc.send(new BatchWriteCommand({ RequestItems: { [TableName]: [{ PutRequest: { Item: big } }, { PutRequest: { Item: { pk: 'P', sk: 'other' } } }] } }));
    await doc.send(new UpdateCommand({ TableName, Key: { pk: 'P', sk: 'small' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 1 } }));
    await doc.send(new GetCommand({ TableName, Key: { pk: 'P', sk: 'big' } }));
    const d = usageSince(before, counted);
    expect(d.requests).toEqual({ PutItemCommand: 1, BatchWriteItemCommand: 1, UpdateItemCommand: 1, GetItemCommand: 1 });
    expect(d.itemsWritten).toBe(4);
    expect(d.writeUnits).toBe(1 + 3 + 1 + 1);
    expect(d.readUnits).toBe(0.5); // 3 KB, eventually consistent
    expect(d.indexWriteUnits).toBe(0);
  });

  it('counts a failed conditional write as charged, and the index copies of items with an index key', async () => {
    const before = structuredClone(counted);
    await expect(
      doc.send(new PutCommand({ TableName, Item: { pk: 'P', sk: 'small' }, ConditionExpression: 'attribute_not_exists(pk)' })),
    ).rejects.toThrow(/conditional/i);
    await doc.send(new PutCommand({ TableName, Item: { pk: 'Q', sk: 'test', lsi1sk: 'TYPE#x', testKey: 't1', text: 'z'.repeat(1500) } }));
    const d = usageSince(before, counted);
    expect(d.requests.PutItemCommand).toBe(2);
    expect(d.writeUnits).toBe(1 + 2);
    expect(d.indexWriteUnits).toBe(2 * 2); // two LSIs, each a 2-unit copy
  });

  it('sizes items as DynamoDB does: names plus values', () => {
    expect(itemSize({ ab: { S: 'héllo' } })).toBe(2 + 6);
    expect(attributeSize({ N: '12345' })).toBe(4);
    expect(attributeSize({ M: { a: { BOOL: true } } })).toBe(3 + 1 + 1);
    expect(attributeSize({ L: [{ S: 'ab' }, { NULL: true }] })).toBe(3 + 1 + 2 + 1 + 1);
  });
});
