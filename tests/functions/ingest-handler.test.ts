import type { Context, SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { sqsRecord, s3Notification } from '../support/builders.ts';

process.env.TABLE_NAME = 'eccentric-test';
process.env.BUCKET_NAME = 'eccentric-data';
process.env.AWS_REGION = 'eu-west-1';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

let handler: (event: SQSEvent, context: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
beforeAll(async () => {
  handler = (await import('#functions/ingest.ts')).handler as never;
});

const context = { getRemainingTimeInMillis: () => 60_000, functionName: 'ingest', awsRequestId: 'r' } as unknown as Context;

describe('ingest handler (Powertools BatchProcessor)', () => {
  it('reports only the failed message of a batch; test events and foreign keys succeed without work', async () => {
    const event: SQSEvent = {
      Records: [
        sqsRecord({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'eccentric-data' }, 'test-event'),
        sqsRecord('{"truncated', 'malformed'),
        sqsRecord(s3Notification('reports/team-a/r.json'), 'foreign-key'),
      ],
    };
    const out = await handler(event, context);
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'malformed' }]);
  });
});
