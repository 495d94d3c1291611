/**
 * Powertools Idempotency marks an object INPROGRESS until the invocation's deadline (up to the 5-minute
 * timeout), so a retry before then is refused as "already in progress". On AWS the queue's visibility
 * timeout outlasts that deadline. Locally, an invocation cut short by a stop or a kill would block its
 * own resumption for the rest of those minutes, and the retries would run its message into the
 * dead-letter queue. When the stack starts no invocation can be running (one process holds the data
 * folder), so every INPROGRESS record is stale: its in-progress expiry is set to the past, which is what
 * Powertools checks before taking the record over. Completed records are left alone.
 */
import { DynamoDBClient, QueryCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { IDEMPOTENCY_PARTITION } from '../../functions/adapters/keys.ts';
import { tableSchema } from '../table-schema.ts';

/** Powertools' default attribute names (functions/ingest.ts keeps them). */
const STATUS = 'status';
const IN_PROGRESS_EXPIRY = 'in_progress_expiration';

export async function expireStaleLocks(endpoint: string, table: string, now = Date.now()): Promise<number> {
  const ddb = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const { partitionKey: pk, sortKey: sk } = tableSchema;
  let expired = 0;
  try {
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await ddb.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: '#pk = :pk',
          FilterExpression: '#status = :inprogress',
          ExpressionAttributeNames: { '#pk': pk, '#sk': sk, '#status': STATUS },
          ExpressionAttributeValues: { ':pk': { S: IDEMPOTENCY_PARTITION }, ':inprogress': { S: 'INPROGRESS' } },
          ProjectionExpression: '#pk, #sk',
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const key of page.Items ?? []) {
        try {
          await ddb.send(
            new UpdateItemCommand({
              TableName: table,
              Key: key,
              UpdateExpression: 'SET #expiry = :past',
              ConditionExpression: '#status = :inprogress',
              ExpressionAttributeNames: { '#expiry': IN_PROGRESS_EXPIRY, '#status': STATUS },
              ExpressionAttributeValues: { ':past': { N: String(now - 1) }, ':inprogress': { S: 'INPROGRESS' } },
            }),
          );
          expired++;
        } catch (error) {
          if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
  } finally {
    ddb.destroy();
  }
  return expired;
}
