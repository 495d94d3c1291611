import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

export interface BatchWriteOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Puts items 25 at a time (BatchWriteItem's limit) and retries `UnprocessedItems` with exponential
 * backoff and jitter; throws when items remain after the last attempt so the SQS record is retried.
 */
export function batchPut(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: Record<string, unknown>[],
  options: BatchWriteOptions = {},
): Promise<{ written: number; retries: number }> {
  return batchWrite(client, tableName, items.map((Item) => ({ PutRequest: { Item } })), options);
}

/** Deletes items by key, like batchPut. */
export function batchDelete(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: Record<string, unknown>[],
  options: BatchWriteOptions = {},
): Promise<{ written: number; retries: number }> {
  return batchWrite(client, tableName, keys.map((Key) => ({ DeleteRequest: { Key } })), options);
}

async function batchWrite(client: DynamoDBDocumentClient, tableName: string, all: WriteRequest[], options: BatchWriteOptions): Promise<{ written: number; retries: number }> {
  const { maxAttempts = 8, baseDelayMs = 50, sleep = defaultSleep } = options;
  let retries = 0;
  for (let i = 0; i < all.length; i += 25) {
    let requests = all.slice(i, i + 25);
    for (let attempt = 1; requests.length > 0; attempt++) {
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (out.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
      if (requests.length === 0) break;
      if (attempt >= maxAttempts) {
        throw new Error(`DynamoDB left ${requests.length} items unprocessed after ${attempt} attempts`);
      }
      retries++;
      await sleep(baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
    }
  }
  return { written: all.length, retries };
}
