import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sqsRecord } from '../support/builders.ts';

process.env.TABLE_NAME = 'eccentric-test';
process.env.BUCKET_NAME = 'eccentric-data';
process.env.AWS_REGION = 'eu-west-1';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.INGEST_QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/eccentric-ingest';

const sqs = mockClient(SQSClient);
const ddb = mockClient(DynamoDBDocumentClient);
afterAll(() => {
  sqs.restore();
  ddb.restore();
});
beforeEach(() => {
  sqs.reset();
  ddb.reset();
});

let queue: typeof import('#functions/adapters/ingest-queue.ts');
let held: typeof import('#functions/ingest/held-date-order.ts');
let handleRecord: typeof import('#functions/ingest/record-handler.ts').handleRecord;
let failureMessage: typeof import('#functions/ingest/failure-message.ts').failureMessage;
let boundedUpload: typeof import('#functions/ingest/bounded-upload.ts').boundedUpload;
beforeAll(async () => {
  queue = await import('#functions/adapters/ingest-queue.ts');
  held = await import('#functions/ingest/held-date-order.ts');
  handleRecord = (await import('#functions/ingest/record-handler.ts')).handleRecord;
  failureMessage = (await import('#functions/ingest/failure-message.ts')).failureMessage;
  boundedUpload = (await import('#functions/ingest/bounded-upload.ts')).boundedUpload;
});

describe('the ingest queue adapter', () => {
  it('sends S3-shaped notifications to INGEST_QUEUE_URL, ten to a batch, keys encoded as S3 does', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const targets = Array.from({ length: 12 }, (_, i) => ({ key: `uploads/team-a/2026 season/a+b ${i}.csv`, ...(i === 0 ? { versionId: 'v1' } : {}) }));
    await queue.requestIngest(targets, 'date-order');
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls.map((c) => c.args[0].input.Entries!.length)).toEqual([10, 2]);
    expect(calls[0]!.args[0].input.QueueUrl).toBe(process.env.INGEST_QUEUE_URL);
    const body = JSON.parse(calls[0]!.args[0].input.Entries![0]!.MessageBody!);
    expect(body.Records[0]).toMatchObject({
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: 'eccentric-data' }, object: { key: 'uploads/team-a/2026+season/a%2Bb+0.csv', versionId: 'v1' } },
      eccentric: { reingest: expect.any(String), reason: 'date-order' },
    });
  });

  it('throws naming the refused messages', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [{ Id: 'm0', Code: 'InvalidMessageContents', Message: 'bad body', SenderFault: true }] });
    await expect(queue.requestIngest([{ key: 'uploads/team-a/x.csv' }], 'date-order')).rejects.toThrow(/refused 1 message\(s\): bad body/);
  });

  it('what it sends is ingested as a new read of the same object (the idempotency key carries the token) with its key decoded', async () => {
    const body = queue.reingestBody({ key: 'uploads/team-a/2026 season/a+b.csv', versionId: 'v7' }, 'tok-1', 'date-order');
    const ingest = vi.fn(async () => ({ uploadId: 'u1', status: 'done' as const, storedTests: 1, rejected: 0 }));
    await handleRecord(sqsRecord(body), ingest);
    expect(ingest).toHaveBeenCalledWith(expect.objectContaining({
      objectId: 'eccentric-data/uploads/team-a/2026 season/a+b.csv@v7#reingest:tok-1',
      key: 'uploads/team-a/2026 season/a+b.csv',
      teamId: 'team-a',
      fileName: 'a+b.csv',
    }));
  });
});

describe('held uploads', () => {
  const marker = { pk: 'TEAM#team-a', sk: 'HELD#u1', type: 'held-upload', uploadId: 'u1', key: 'uploads/team-a/x.csv', fileName: 'x.csv', heldAt: '2026-12-01T00:00:00.000Z' };

  it('are marked queued before their messages go, and held again when the queue refuses them', async () => {
    ddb.on(QueryCommand).resolves({ Items: [marker] });
    ddb.on(UpdateCommand).resolves({});
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: 'm0', MessageId: '1', MD5OfMessageBody: '' }], Failed: [] });
    expect(await held.reingestHeld('team-a')).toEqual(['u1']);
    expect(ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input.ExpressionAttributeValues?.[':status'])).toEqual(['queued']);

    ddb.resetHistory();
    sqs.on(SendMessageBatchCommand).rejects(new Error('queue gone'));
    await expect(held.reingestHeld('team-a')).rejects.toThrow('queue gone');
    expect(ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input.ExpressionAttributeValues?.[':status'])).toEqual(['queued', 'held']);
  });

  it('an answer becomes the team order only when it had none (conditional write), and then releases every held upload', async () => {
    ddb.on(QueryCommand).resolves({ Items: [marker, { ...marker, sk: 'HELD#u2', uploadId: 'u2', key: 'uploads/team-a/y.csv' }] });
    ddb.on(UpdateCommand).resolves({});
    ddb.on(GetCommand).resolves({ Item: { pk: 'TEAM#team-a', sk: 'SETTINGS' } });
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const upload = { uploadId: 'u1', teamId: 'team-a', key: marker.key, fileName: 'x.csv', status: 'held' as const, createdAt: '', updatedAt: '' };
    expect(await held.answerDateOrder('team-a', upload, 'MDY')).toEqual({ uploadId: 'u1', dateOrder: 'MDY', teamDateOrder: 'MDY', reingested: ['u1', 'u2'] });
    const learn = ddb.commandCalls(UpdateCommand).find((c) => c.args[0].input.ConditionExpression === 'attribute_not_exists(dateOrder)');
    expect(learn?.args[0].input.ExpressionAttributeValues).toMatchObject({ ':order': 'MDY', ':learned': { uploadId: 'u1', evidence: 'answered for upload u1' } });

    ddb.on(GetCommand).resolves({ Item: { pk: 'TEAM#team-a', sk: 'SETTINGS', dateOrder: 'DMY' } });
    expect(await held.answerDateOrder('team-a', upload, 'MDY')).toMatchObject({ teamDateOrder: 'DMY', reingested: ['u1'] });
  });

  it('markers are plain items of the team partition', async () => {
    const { markHeld, unmarkHeld } = await import('#functions/adapters/held-uploads.ts');
    ddb.on(PutCommand).resolves({});
    ddb.on(DeleteCommand).resolves({});
    await markHeld('team-a', { uploadId: 'u1', key: 'k', fileName: 'x.csv', heldAt: 't' });
    await unmarkHeld('team-a', 'u1');
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input.Item).toMatchObject({ pk: 'TEAM#team-a', sk: 'HELD#u1', type: 'held-upload' });
    expect(ddb.commandCalls(DeleteCommand)[0]!.args[0].input.Key).toEqual({ pk: 'TEAM#team-a', sk: 'HELD#u1' });
  });
});

describe("upload errors in the user's language", () => {
  const sdkError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

  it('says where ingest was and what the store said, without the exception name', async () => {
    const { SourceReadError } = await import('#core/analyze/file-fault.ts');
    expect(failureMessage(sdkError('ValidationException', 'Item size has exceeded the maximum allowed size'), 'tests')).toBe(
      'the table refused a write of tests: an item was refused as invalid (Item size has exceeded the maximum allowed size)',
    );
    expect(failureMessage(sdkError('ProvisionedThroughputExceededException', 'Rate exceeded'), 'athletes')).toMatch(/^the table refused a write of athletes: the store is busy \(throttled\); the upload is retried/);
    expect(failureMessage(sdkError('NoSuchKey', 'The specified key does not exist.'), 'open')).toMatch(/^the file could not be read from storage: the file is no longer there/);
    expect(failureMessage(new SourceReadError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), 'tests')).toBe(
      'the file could not be read from storage: the connection to storage was dropped (socket hang up)',
    );
    expect(failureMessage(new Error('DynamoDB left 3 items unprocessed after 8 attempts'), 'tests')).toBe('the table refused a write of tests: DynamoDB left 3 items unprocessed after 8 attempts');
  });
});

describe('the upload item', () => {
  it('stays within DynamoDB’s item size: long lists are cut and the cut is said', () => {
    const record = {
      uploadId: 'u1', teamId: 'team-a', key: 'k', fileName: 'x.csv', status: 'done' as const,
      newAthletes: Array.from({ length: 60_000 }, (_, i) => `athlete-${i}`),
      rejected: Array.from({ length: 100 }, (_, i) => ({ file: 'x.csv', line: i + 2, column: null, code: 'not-a-number', reason: 'x'.repeat(500) })),
    };
    const bounded = boundedUpload(record);
    expect(bounded.newAthletes).toHaveLength(1000);
    expect(bounded.listsCut).toMatch(/newAthletes: first 1000 of 60000/);
    const small = { uploadId: 'u1', teamId: 'team-a', key: 'k', fileName: 'x.csv', status: 'done' as const, newAthletes: ['a'] };
    expect(boundedUpload(small)).toBe(small);
  });
});
