import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
  TooManyEntriesInBatchRequest,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalQueues } from '#infra/local/local-queues.ts';
import { startSqsEndpoint, type SqsEndpoint } from '#infra/local/sqs-endpoint.ts';

let queues: LocalQueues;
let endpoint: SqsEndpoint;
let sqs: SQSClient;

beforeAll(async () => {
  queues = new LocalQueues(mkdtempSync(join(tmpdir(), 'eccentric-sqs-')));
  endpoint = await startSqsEndpoint(queues);
  // As a handler's client is configured on the stack: only the endpoint from the environment, nothing local-specific.
  sqs = new SQSClient({ region: 'us-east-1', endpoint: endpoint.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});
afterAll(async () => {
  sqs.destroy();
  await endpoint.close();
  queues.close();
});

const attributes = async (name: string) =>
  (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: endpoint.queueUrl(name), AttributeNames: ['All'] }))).Attributes!;

describe('the local SQS endpoint, through the real SDK client', () => {
  it('names its queues by URL and refuses an unknown one with QueueDoesNotExist', async () => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'eccentric-recompute' }));
    expect(QueueUrl).toBe(`${endpoint.url}/000000000000/eccentric-recompute`);
    expect((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'eccentric-ingest' }))).QueueUrls).toEqual(['eccentric-ingest', 'eccentric-ingest-dlq', 'eccentric-ingest-parts', 'eccentric-ingest-parts-dlq'].map((q) => endpoint.queueUrl(q)));
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' }))).rejects.toBeInstanceOf(QueueDoesNotExist);
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: endpoint.queueUrl('nope'), MessageBody: 'x' }))).rejects.toBeInstanceOf(QueueDoesNotExist);
  });

  it('stores a sent message and answers the digests the SDK checks (body and attributes)', async () => {
    const out = await sqs.send(
      new SendMessageCommand({
        QueueUrl: endpoint.queueUrl('eccentric-recompute'),
        MessageBody: JSON.stringify({ type: 'team', teamId: 'demo' }),
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'team' }, blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) } },
      }),
    );
    expect(out.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    // The SDK verifies MD5OfMessageBody itself; the attributes' digest is the documented one for these values.
    expect(out.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
    const stored = queues.get('eccentric-recompute')!.list();
    expect(stored.map((m) => m.body)).toEqual(['{"type":"team","teamId":"demo"}']);
    expect(stored[0]!.attributes!.kind).toEqual({ DataType: 'String', StringValue: 'team' });
    expect(await attributes('eccentric-recompute')).toMatchObject({ ApproximateNumberOfMessages: '1', ApproximateNumberOfMessagesNotVisible: '0' });
  });

  it('digests attributes as SQS does (the SDK documentation example)', async () => {
    const { md5OfAttributes } = await import('#infra/local/sqs-md5.ts');
    // One String attribute: name "a", type "String", value "b" — digest computed by hand from the documented layout.
    const bytes = Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from('a'), Buffer.from([0, 0, 0, 6]), Buffer.from('String'), Buffer.from([1]), Buffer.from([0, 0, 0, 1]), Buffer.from('b')]);
    const { createHash } = await import('node:crypto');
    expect(md5OfAttributes({ a: { DataType: 'String', StringValue: 'b' } })).toBe(createHash('md5').update(bytes).digest('hex'));
  });

  it('sends batches of up to 10, failing only the entries that are invalid', async () => {
    const QueueUrl = endpoint.queueUrl('eccentric-ingest');
    const out = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'one' },
          { Id: 'b', MessageBody: 'bad \u0000 byte' },
          { Id: 'c', MessageBody: 'three', DelaySeconds: 60 },
        ],
      }),
    );
    expect(out.Successful!.map((s) => s.Id)).toEqual(['a', 'c']);
    expect(out.Failed).toEqual([expect.objectContaining({ Id: 'b', Code: 'InvalidMessageContents', SenderFault: true })]);
    expect(await attributes('eccentric-ingest')).toMatchObject({ ApproximateNumberOfMessages: '1', ApproximateNumberOfMessagesNotVisible: '1' });
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' }));
    await expect(sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: eleven }))).rejects.toBeInstanceOf(TooManyEntriesInBatchRequest);
    await expect(sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'x', MessageBody: 'a' }, { Id: 'x', MessageBody: 'b' }] }))).rejects.toThrow(/same Id/);
    await expect(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x'.repeat(1024 * 1024 + 1) }))).rejects.toThrow(/shorter than 1048576 bytes/);
  });

  it('says the redrive policy of a source queue, and redrives its dead letters with StartMessageMoveTask', async () => {
    const ingest = await attributes('eccentric-ingest');
    expect(JSON.parse(ingest.RedrivePolicy!)).toEqual({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:eccentric-ingest-dlq', maxReceiveCount: 5 });
    const source = queues.get('eccentric-ingest')!;
    const dlq = queues.get('eccentric-ingest-dlq')!;
    const [poison] = await source.send([{ body: 'poison' }]);
    source.receive(10);
    await source.moveTo(dlq, poison!.id, { reason: 'boom', source: source.name });
    expect((await attributes('eccentric-ingest-dlq')).ApproximateNumberOfMessages).toBe('1');
    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn }));
    expect((await attributes('eccentric-ingest-dlq')).ApproximateNumberOfMessages).toBe('0');
    const back = source.list().find((m) => m.id === poison!.id)!;
    expect(back).toMatchObject({ body: 'poison', count: 0, inFlight: false });
    expect(back.reason).toBeUndefined();
    await expect(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: source.arn }))).rejects.toThrow(/not a dead-letter queue/);
  });

  it('answers an action it does not implement with UnknownOperationException, naming the ones it does', async () => {
    const error = await sqs.send(new ReceiveMessageCommand({ QueueUrl: endpoint.queueUrl('eccentric-ingest') })).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('UnknownOperationException');
    expect((error as Error).message).toMatch(/AmazonSQS\.ReceiveMessage is not an operation of the local SQS .*SendMessage, SendMessageBatch/);
    const raw = await fetch(endpoint.url, { method: 'POST', headers: { 'x-amz-target': 'AmazonSQS.SendMessage', 'content-type': 'application/x-amz-json-1.0' }, body: '{not json' });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ __type: 'com.amazonaws.sqs#InvalidParameterValue' });
  });
});
