import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBClient, ProvisionedThroughputExceededException, ThrottlingException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localS3Client } from '#infra/local/demo.ts';
import { sqsRecord } from '#infra/local/event-source.ts';
import { lambdaContext } from '#infra/local/lambda-context.ts';
import { startLocalStack, type LocalStack } from '#infra/local/stack.ts';
import { hubExportCsv } from '../../shared/synthetic/hub-export.ts';
import { storedState } from '../support/stored-state.ts';

/**
 * DynamoDB pushing back, with aws-sdk-client-mock in front of the real local table: throttling errors
 * (what is left once the SDK's own retries gave up) and BatchWriteItem answering part of a batch as
 * UnprocessedItems, which dynalite never does. Every command goes through to dynalite unless a fault is
 * injected. SQS redelivery is played by calling the handler again with the message's next receive.
 */
let stack: LocalStack;
afterAll(async () => {
  await stack?.stop();
});

describe('DynamoDB throttling and unprocessed items during ingest', () => {
  it('loses nothing and counts nothing twice: after the retries the table holds what an undisturbed ingest stores', async () => {
    stack = await startLocalStack({ dataDir: mkdtempSync(join(tmpdir(), 'eccentric-throttle-')), retryDelayMs: 20 });
    const s3 = localS3Client(stack);
    const csv = hubExportCsv({ template: 'compact', tests: 700, athletes: 60, seed: 9, startDate: new Date('2024-01-02') });
    const put = (team: string) => s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: `uploads/${team}/season.csv`, Body: csv }));
    await put('control');
    await new Promise((r) => setTimeout(r, 20));
    await stack.whenIdle();
    // From here the stack only queues: this test process runs the handler itself, behind the mock.
    await stack.queue.stop();
    await put('throttled');
    await new Promise((r) => setTimeout(r, 100));
    expect(stack.queue.queue.list()).toHaveLength(1);

    const { documents } = await import('#functions/adapters/clients.ts');
    const { handler } = (await import('#functions/ingest.ts')) as unknown as { handler: (e: SQSEvent, c: Context) => Promise<SQSBatchResponse> };
    const real = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', endpoint: stack.dynamoEndpoint, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }), { marshallOptions: { removeUndefinedValues: true } });
    const mock = mockClient(documents);
    const injected = { throttled: 0, unprocessed: 0 };
    // Throttles at chosen moments (each fails its delivery, which SQS retries); partial batches throughout.
    const throttleReadsAt = new Set([3, 7]);
    const throttleWritesAt = new Set([50, 200]);
    const seen = { reads: 0, writes: 0 };
    let batchWrites = 0;
    const commands = [BatchGetCommand, BatchWriteCommand, PutCommand, UpdateCommand, GetCommand, QueryCommand, DeleteCommand] as const;
    for (const Command of commands) {
      mock.on(Command as never).callsFake(async (input: Record<string, unknown>) => {
        const reads = Command === GetCommand || Command === QueryCommand || Command === BatchGetCommand;
        const n = reads ? ++seen.reads : ++seen.writes;
        if ((reads ? throttleReadsAt : throttleWritesAt).has(n)) {
          injected.throttled++;
          throw reads
            ? new ThrottlingException({ message: 'Rate of requests exceeds the allowed throughput.', $metadata: {} })
            : new ProvisionedThroughputExceededException({ message: 'The level of configured provisioned throughput for the table was exceeded.', $metadata: {} });
        }
        if (Command === BatchWriteCommand && ++batchWrites % 3 === 0) {
          // Half the batch written, the rest handed back as UnprocessedItems.
          const [[table, requests]] = Object.entries((input as { RequestItems: Record<string, unknown[]> }).RequestItems) as [[string, unknown[]]];
          const half = Math.ceil(requests.length / 2);
          await real.send(new BatchWriteCommand({ RequestItems: { [table]: requests.slice(0, half) } } as never));
          if (requests.length > half) injected.unprocessed++;
          return { UnprocessedItems: requests.length > half ? { [table]: requests.slice(half) } : {} };
        }
        return real.send(new (Command as unknown as new (i: unknown) => never)(input));
      });
    }
    try {
      const queue = stack.queue.queue;
      let deliveries = 0;
      for (; deliveries < 20 && queue.list().length > 0; deliveries++) {
        const batch = queue.receive(5);
        const out = await handler({ Records: batch.map((m) => sqsRecord(m, queue.arn)) }, lambdaContext('eccentric-ingest', 300_000));
        const failed = new Set(out.batchItemFailures.map((f) => f.itemIdentifier));
        queue.delete(batch.filter((m) => !failed.has(m.id)).map((m) => m.id));
        for (const m of batch) if (failed.has(m.id)) queue.release(m.id);
      }
      expect(queue.list()).toEqual([]);
      expect(deliveries).toBeGreaterThan(1); // some deliveries failed on a throttle and were retried
    } finally {
      mock.restore();
      real.destroy();
      s3.destroy();
    }
    expect(injected.throttled).toBeGreaterThanOrEqual(3);
    expect(injected.unprocessed).toBeGreaterThan(0);
    const [throttled, control] = await Promise.all([storedState(stack.dynamoEndpoint, 'throttled'), storedState(stack.dynamoEndpoint, 'control')]);
    expect(control.tests.length).toBeGreaterThan(650);
    expect(throttled.tests).toEqual(control.tests);
    expect(throttled.athletes).toEqual(control.athletes);
    expect(throttled.uploads).toEqual([expect.objectContaining({ status: 'done', storedTests: control.uploads[0]!.storedTests })]);
  }, 240_000);
});
