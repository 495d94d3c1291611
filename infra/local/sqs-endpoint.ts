/**
 * A minimal SQS endpoint on loopback speaking the AWS JSON 1.0 protocol the current SDK uses
 * (`X-Amz-Target: AmazonSQS.<Action>`), so handlers send with `@aws-sdk/client-sqs` exactly as on AWS.
 * Actions: SendMessage, SendMessageBatch, GetQueueUrl, GetQueueAttributes, ListQueues and
 * StartMessageMoveTask (dead-letter redrive). Consumers are not clients here: the event source mappings
 * read the queues in-process, as Lambda's pollers do. Single-user and unauthenticated, like s3rver.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DurableQueue } from './durable-queue.ts';
import { LOCAL_ACCOUNT } from './durable-queue.ts';
import { MAX_RECEIVE_COUNT, type LocalQueues } from './local-queues.ts';
import type { MessageAttribute } from './queue-log.ts';
import { md5OfAttributes, md5OfBody } from './sqs-md5.ts';

/** SQS's message size limit (raised from 256 KiB to 1 MiB in 2025), per message and per batch. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
const MAX_BATCH_ENTRIES = 10;
const MAX_DELAY_SECONDS = 900;

export interface SqsEndpoint {
  url: string;
  queueUrl(name: string): string;
  close(): Promise<void>;
}

class SqsError extends Error {
  readonly code: string;
  /** The code the SDK reads from `x-amzn-query-error` (SQS is "query compatible"). */
  readonly queryCode: string;
  readonly status: number;

  constructor(code: string, message: string, queryCode = code, status = 400) {
    super(message);
    this.code = code;
    this.queryCode = queryCode;
    this.status = status;
  }
}

type Input = Record<string, unknown>;
type Action = (input: Input) => Promise<unknown> | unknown;

export async function startSqsEndpoint(queues: LocalQueues, port = 0): Promise<SqsEndpoint> {
  let base = '';
  const queueUrl = (name: string) => `${base}/${LOCAL_ACCOUNT}/${name}`;
  const queueOf = (input: Input): DurableQueue => {
    const url = stringField(input, 'QueueUrl');
    const name = url.split('/').filter(Boolean).pop() ?? '';
    const queue = queues.get(name);
    if (!queue) throw new SqsError('QueueDoesNotExist', 'The specified queue does not exist.', 'AWS.SimpleQueueService.NonExistentQueue');
    return queue;
  };

  const actions: Record<string, Action> = {
    SendMessage: async (input) => {
      const queue = queueOf(input);
      const entry = checkedEntry(input);
      const [sent] = await queue.send([entry]);
      return { MessageId: sent!.id, MD5OfMessageBody: md5OfBody(entry.body), ...(entry.attributes ? { MD5OfMessageAttributes: md5OfAttributes(entry.attributes) } : {}) };
    },
    SendMessageBatch: async (input) => {
      const queue = queueOf(input);
      const entries = input.Entries;
      if (!Array.isArray(entries) || entries.length === 0) throw new SqsError('EmptyBatchRequest', 'There should be at least one SendMessageBatchRequestEntry in the request.', 'AWS.SimpleQueueService.EmptyBatchRequest');
      if (entries.length > MAX_BATCH_ENTRIES) throw new SqsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}. You have sent ${entries.length}.`, 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest');
      const ids = entries.map((e: Input) => String(e.Id ?? ''));
      if (new Set(ids).size !== ids.length) throw new SqsError('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.', 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct');
      const bad = ids.find((id) => !/^[\w-]{1,80}$/.test(id));
      if (bad !== undefined) throw new SqsError('InvalidBatchEntryId', `A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long. (${JSON.stringify(bad)})`, 'AWS.SimpleQueueService.InvalidBatchEntryId');
      const total = entries.reduce((n: number, e: Input) => n + Buffer.byteLength(String(e.MessageBody ?? '')), 0);
      if (total > MAX_MESSAGE_BYTES) throw new SqsError('BatchRequestTooLong', `Batch requests cannot be longer than ${MAX_MESSAGE_BYTES} bytes. You have sent ${total} bytes.`, 'AWS.SimpleQueueService.BatchRequestTooLong');
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      const accepted: { id: string; entry: ReturnType<typeof checkedEntry> }[] = [];
      for (const e of entries as Input[]) {
        try {
          accepted.push({ id: String(e.Id), entry: checkedEntry(e) });
        } catch (error) {
          const err = error as SqsError;
          Failed.push({ Id: String(e.Id), SenderFault: true, Code: err.code, Message: err.message });
        }
      }
      const sent = await queue.send(accepted.map((a) => a.entry));
      sent.forEach((m, i) => {
        const { id, entry } = accepted[i]!;
        Successful.push({ Id: id, MessageId: m.id, MD5OfMessageBody: md5OfBody(entry.body), ...(entry.attributes ? { MD5OfMessageAttributes: md5OfAttributes(entry.attributes) } : {}) });
      });
      return { Successful, Failed };
    },
    GetQueueUrl: (input) => {
      const name = stringField(input, 'QueueName');
      if (!queues.get(name)) throw new SqsError('QueueDoesNotExist', 'The specified queue does not exist.', 'AWS.SimpleQueueService.NonExistentQueue');
      return { QueueUrl: queueUrl(name) };
    },
    ListQueues: (input) => {
      const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
      return { QueueUrls: queues.all().filter((q) => q.name.startsWith(prefix)).map((q) => queueUrl(q.name)) };
    },
    GetQueueAttributes: (input) => {
      const queue = queueOf(input);
      const counts = queue.counts();
      const deadLetter = queues.deadLetterQueueOf(queue.name);
      const all: Record<string, string> = {
        QueueArn: queue.arn,
        // SQS counts a message waiting out its visibility timeout as not visible; "delayed" is DelaySeconds.
        ApproximateNumberOfMessages: String(counts.visible),
        ApproximateNumberOfMessagesNotVisible: String(counts.inFlight + counts.delayed),
        ApproximateNumberOfMessagesDelayed: '0',
        MaximumMessageSize: String(MAX_MESSAGE_BYTES),
        ...(deadLetter ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetter.arn, maxReceiveCount: MAX_RECEIVE_COUNT }) } : {}),
      };
      const names = Array.isArray(input.AttributeNames) ? (input.AttributeNames as string[]) : [];
      const wanted = names.includes('All') ? Object.keys(all) : names;
      const unknown = wanted.find((n) => !(n in all) && !KNOWN_ATTRIBUTES.has(n));
      if (unknown) throw new SqsError('InvalidAttributeName', `Unknown Attribute ${unknown}.`, 'InvalidAttributeName');
      return { Attributes: Object.fromEntries(wanted.filter((n) => n in all).map((n) => [n, all[n]!])) };
    },
    StartMessageMoveTask: async (input) => {
      const source = queues.byArn(stringField(input, 'SourceArn'));
      if (!source || !queues.sourceOf(source.name)) throw new SqsError('ResourceNotFoundException', 'The source queue is not a dead-letter queue of this stack.', 'ResourceNotFoundException');
      const destinationArn = typeof input.DestinationArn === 'string' ? input.DestinationArn : undefined;
      const destination = destinationArn === undefined ? undefined : queues.byArn(destinationArn);
      if (destinationArn !== undefined && !destination) throw new SqsError('ResourceNotFoundException', 'The destination queue does not exist.', 'ResourceNotFoundException');
      const moved = await queues.redrive(source, destination);
      return { TaskHandle: Buffer.from(JSON.stringify({ source: source.arn, moved })).toString('base64') };
    },
  };

  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': crypto.randomUUID(), 'content-length': String(Buffer.byteLength(text)), ...headers });
      res.end(text);
    };
    try {
      const target = String(req.headers['x-amz-target'] ?? '');
      const action = target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : '';
      const raw = await readBody(req, MAX_MESSAGE_BYTES * 2);
      const run = Object.hasOwn(actions, action) ? actions[action] : undefined;
      if (req.method !== 'POST' || !run) {
        throw new SqsError(
          'UnknownOperationException',
          `${target || 'a request without X-Amz-Target'} is not an operation of the local SQS (it answers ${Object.keys(actions).join(', ')}; handlers are fed by the runtime, not by ReceiveMessage)`,
        );
      }
      let input: Input;
      try {
        input = raw.length ? (JSON.parse(raw.toString('utf8')) as Input) : {};
      } catch {
        throw new SqsError('InvalidParameterValue', 'The request body is not JSON.', 'InvalidParameterValue');
      }
      reply(200, await run(input));
    } catch (error) {
      const e = error instanceof SqsError ? error : new SqsError('InternalError', (error as Error).message, 'InternalError', 500);
      const type = e.code === 'UnknownOperationException' ? 'com.amazon.coral.service#UnknownOperationException' : `com.amazonaws.sqs#${e.code}`;
      reply(e.status, { __type: type, message: e.message }, { 'x-amzn-query-error': `${e.queryCode};${e.status < 500 ? 'Sender' : 'Receiver'}` });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    queueUrl,
    close: () => closeServer(server),
  };
}

const KNOWN_ATTRIBUTES = new Set(['VisibilityTimeout', 'CreatedTimestamp', 'LastModifiedTimestamp', 'Policy', 'DelaySeconds', 'ReceiveMessageWaitTimeSeconds', 'MessageRetentionPeriod', 'RedriveAllowPolicy', 'SqsManagedSseEnabled', 'KmsMasterKeyId', 'FifoQueue', 'ContentBasedDeduplication']);

function stringField(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') throw new SqsError('MissingParameter', `The request must contain the parameter ${name}.`, 'MissingParameter');
  return value;
}

/** SQS's allowed characters: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF. */
const INVALID_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function checkedEntry(input: Input): { body: string; delaySeconds?: number; attributes?: Record<string, MessageAttribute> } {
  const body = stringField(input, 'MessageBody');
  const bytes = Buffer.byteLength(body);
  if (bytes > MAX_MESSAGE_BYTES) throw new SqsError('InvalidParameterValue', `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes.`, 'InvalidParameterValue');
  if (INVALID_CHARACTER.test(body)) throw new SqsError('InvalidMessageContents', 'Invalid characters found in the message body.', 'InvalidMessageContents');
  const delay = input.DelaySeconds;
  if (delay !== undefined && (typeof delay !== 'number' || !Number.isInteger(delay) || delay < 0 || delay > MAX_DELAY_SECONDS)) {
    throw new SqsError('InvalidParameterValue', `Value ${String(delay)} for parameter DelaySeconds is invalid. Reason: must be between 0 and ${MAX_DELAY_SECONDS}.`, 'InvalidParameterValue');
  }
  const attributes = input.MessageAttributes as Record<string, MessageAttribute> | undefined;
  return { body, ...(typeof delay === 'number' ? { delaySeconds: delay } : {}), ...(attributes && Object.keys(attributes).length ? { attributes } : {}) };
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new SqsError('InvalidParameterValue', `The request is larger than ${limit} bytes.`, 'InvalidParameterValue', 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
