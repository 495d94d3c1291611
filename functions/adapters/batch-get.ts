import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { untilProcessed, type BatchWriteOptions } from './batch-write.ts';

export interface BatchGetOptions extends BatchWriteOptions {
  projection?: { expression: string; names: Record<string, string> };
}

/**
 * Reads items by key, 100 at a time (BatchGetItem's limit), retrying `UnprocessedKeys` with exponential
 * backoff and jitter; throws when keys remain after the last attempt, so the SQS record is retried.
 * Duplicate keys are read once (BatchGetItem refuses them). Missing items are simply absent.
 */
export async function batchGet(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: { pk: string; sk: string }[],
  options: BatchGetOptions = {},
): Promise<Record<string, unknown>[]> {
  const { projection } = options;
  const unique = [...new Map(keys.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < unique.length; i += 100) {
    await untilProcessed<Record<string, unknown>>(unique.slice(i, i + 100), 'keys', options, async (request) => {
      const out = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: request,
              ...(projection ? { ProjectionExpression: projection.expression } : {}),
              // DynamoDB refuses an empty map of names.
              ...(projection && Object.keys(projection.names).length > 0 ? { ExpressionAttributeNames: projection.names } : {}),
            },
          },
        }),
      );
      items.push(...(out.Responses?.[tableName] ?? []));
      return (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
    });
  }
  return items;
}

/** Runs `work` over items with at most `limit` in flight (requests that cannot be batched, sent side by side). */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}
