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
  let retries = 0;
  for (let i = 0; i < all.length; i += 25) {
    retries += await untilProcessed(all.slice(i, i + 25), 'items', options, async (requests) => {
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      return (out.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    });
  }
  return { written: all.length, retries };
}

/**
 * Sends `first`, then what each answer left unprocessed, with exponential backoff and jitter between tries;
 * throws when some remain after the last attempt, so the SQS record is retried. Answers the retries made.
 * BatchWriteItem's `UnprocessedItems` and BatchGetItem's `UnprocessedKeys` both go through it.
 */
export async function untilProcessed<R>(first: R[], what: 'items' | 'keys', options: BatchWriteOptions, send: (batch: R[]) => Promise<R[]>): Promise<number> {
  const { maxAttempts = 8, baseDelayMs = 50, sleep = defaultSleep } = options;
  let retries = 0;
  let batch = first;
  for (let attempt = 1; batch.length > 0; attempt++) {
    batch = await send(batch);
    if (batch.length === 0) break;
    if (attempt >= maxAttempts) throw new Error(`DynamoDB left ${batch.length} ${what} unprocessed after ${attempt} attempts`);
    retries++;
    await sleep(baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
  }
  return retries;
}
