/**
 * Lambda's SQS event source mapping, in-process: reads a durable queue in batches and runs up to
 * `maxConcurrency` batches at once in the function's sandboxes (function-pool.ts). As on AWS: with
 * ReportBatchItemFailures only the failed messages come back; a thrown error, a timeout or a crash
 * returns the whole batch; a failed message is visible again after the retry delay (the queue's
 * visibility timeout) and moves to the dead-letter queue when it has been received `maxReceiveCount`
 * times. Messages the runtime itself cuts short (shutdown) go back uncounted.
 */
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { DurableQueue, QueueMessage } from './durable-queue.ts';
import { LOCAL_REGION } from './durable-queue.ts';
import type { FunctionPool, InvokeResult } from './function-pool.ts';
import { md5OfBody } from './sqs-md5.ts';

export interface MappingOptions {
  batchSize: number;
  maxConcurrency: number;
  maxReceiveCount: number;
  /** Delay before a failed message is visible again. */
  retryDelayMs: number;
  log?: (line: string) => void;
  /** Called after each delivery. */
  onDelivered?: () => void;
}

export interface DeadLetter {
  record: SQSRecord;
  reason: string;
}

export class EventSourceMapping {
  readonly queue: DurableQueue;
  readonly deadLetterQueue: DurableQueue;
  private readonly pool: FunctionPool;
  private readonly options: MappingOptions;
  private running = 0;
  private scheduled = false;
  private stopped = false;
  private readonly deliveries = new Set<Promise<void>>();
  private idleWaiters: (() => void)[] = [];
  private readonly unsubscribe: () => void;
  /** Invocations so far, for the stack's statistics. */
  invocations = 0;

  constructor(queue: DurableQueue, deadLetterQueue: DurableQueue, pool: FunctionPool, options: MappingOptions) {
    this.queue = queue;
    this.deadLetterQueue = deadLetterQueue;
    this.pool = pool;
    this.options = options;
    this.unsubscribe = queue.onAvailable(() => this.schedule());
    this.schedule(); // what the queue already holds (a restart)
  }

  /** Sends a message body to the mapping's queue (tests, the S3 bridge). */
  async send(body: string): Promise<string> {
    const [m] = await this.queue.send([{ body }]);
    return m!.id;
  }

  get deadLetters(): DeadLetter[] {
    return this.deadLetterQueue.list().map((m) => ({ record: sqsRecord(m, this.queue.arn), reason: m.reason ?? '' }));
  }

  get busy(): number {
    return this.running;
  }

  /** Resolves when nothing is waiting, delayed or being processed. */
  async whenIdle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.isIdle()) return;
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops taking batches and ends the ones in progress; their messages stay queued, uncounted. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    await this.pool.stop();
    await Promise.all(this.deliveries);
  }

  private isIdle(): boolean {
    const c = this.queue.counts();
    return this.running === 0 && c.visible + c.inFlight + c.delayed === 0;
  }

  /** Like the mapping's batching window: messages sent together are delivered together. */
  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (!this.stopped && this.running < this.options.maxConcurrency) {
      const batch = this.queue.receive(this.options.batchSize);
      if (batch.length === 0) break;
      this.running++;
      const delivery = this.deliver(batch).finally(() => {
        this.deliveries.delete(delivery);
        this.running--;
        this.options.onDelivered?.();
        this.pump();
        if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
      this.deliveries.add(delivery);
    }
  }

  private async deliver(batch: QueueMessage[]): Promise<void> {
    this.invocations++;
    const event: SQSEvent = { Records: batch.map((m) => sqsRecord(m, this.queue.arn)) };
    const result = await this.pool.invoke(event);
    if (!result.ok && result.kind === 'shutdown') {
      for (const m of batch) this.queue.release(m.id);
      return;
    }
    const failed = failures(batch, result);
    this.queue.delete(batch.filter((m) => !failed.has(m.id)).map((m) => m.id));
    // One time for the whole batch: a millisecond between two messages' retries put them in two timers,
    // and under load in two batches.
    const failedAt = Date.now();
    for (const m of batch) {
      const reason = failed.get(m.id);
      if (reason === undefined) continue;
      if (m.count >= this.options.maxReceiveCount) {
        await this.queue.moveTo(this.deadLetterQueue, m.id, { reason, source: this.queue.name });
        this.options.log?.(`dead-letter: message ${m.id} moved to ${this.deadLetterQueue.name} after ${m.count} deliveries: ${reason}`);
      } else this.queue.retry(m.id, this.options.retryDelayMs, failedAt);
    }
    if (!result.ok) this.options.log?.(`${this.pool.config.name} ${result.kind}: ${result.error}`);
  }
}

/** The messages a result fails, each with its reason. */
function failures(batch: QueueMessage[], result: InvokeResult): Map<string, string> {
  if (!result.ok) return new Map(batch.map((m) => [m.id, result.error]));
  const reported = (result.result as { batchItemFailures?: { itemIdentifier?: unknown }[] } | undefined)?.batchItemFailures ?? [];
  const ids = new Set(batch.map((m) => m.id));
  // Lambda fails the whole batch when a reported identifier is empty or not one of the batch's.
  if (!Array.isArray(reported) || reported.some((f) => typeof f?.itemIdentifier !== 'string' || !ids.has(f.itemIdentifier))) {
    return new Map(batch.map((m) => [m.id, 'the function reported an invalid batchItemFailures entry']));
  }
  return new Map(reported.map((f) => [f.itemIdentifier as string, result.recordErrors[f.itemIdentifier as string] ?? 'reported as a batch item failure']));
}

export function sqsRecord(m: QueueMessage, queueArn: string): SQSRecord {
  return {
    messageId: m.id,
    receiptHandle: `${m.id}#${m.count}`,
    body: m.body,
    attributes: {
      ApproximateReceiveCount: String(m.count),
      SentTimestamp: String(m.sentAt),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? 0),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(m.attributes ?? {}).map(([name, a]) => [
        name,
        { dataType: a.DataType, ...(a.StringValue !== undefined ? { stringValue: a.StringValue } : {}), ...(a.BinaryValue !== undefined ? { binaryValue: a.BinaryValue } : {}), stringListValues: [], binaryListValues: [] },
      ]),
    ),
    md5OfBody: md5OfBody(m.body),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: LOCAL_REGION,
  };
}
