import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export interface LocalQueueOptions {
  /** Messages per handler call (the event source mapping's batchSize). */
  batchSize: number;
  /** Deliveries before a message moves to the dead-letter list (the redrive maxReceiveCount). */
  maxReceiveCount: number;
  /** Delay before a failed message is visible again. */
  retryDelayMs: number;
  consumer: (event: SQSEvent) => Promise<SQSBatchResponse | void>;
  onDeadLetter?: (record: SQSRecord, reason: string) => void;
  onError?: (error: unknown) => void;
}

interface Message {
  record: SQSRecord;
  receiveCount: number;
}

/**
 * An in-process queue with the SQS semantics ingest relies on: batches, partial batch failures
 * (only the failed messages come back), redelivery after a delay, and a dead-letter list after
 * maxReceiveCount deliveries. One consumer at a time, like a mapping with maxConcurrency 1.
 */
export class LocalQueue {
  private readonly ready: Message[] = [];
  private delayed = 0;
  private running = false;
  private idleWaiters: (() => void)[] = [];
  readonly deadLetters: { record: SQSRecord; reason: string }[] = [];
  private readonly options: LocalQueueOptions;
  private stopped = false;

  constructor(options: LocalQueueOptions) {
    this.options = options;
  }

  send(body: string): string {
    const messageId = randomUUID();
    this.ready.push({
      receiveCount: 0,
      record: {
        messageId,
        receiptHandle: messageId,
        body,
        attributes: {
          ApproximateReceiveCount: '0',
          SentTimestamp: String(Date.now()),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: '0',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:local:000000000000:eccentric-ingest',
        awsRegion: 'local',
      },
    });
    // Like the event source mapping's batching window: messages sent together are delivered together.
    setImmediate(() => void this.pump());
    return messageId;
  }

  /** Resolves when nothing is queued, delayed or being processed. */
  async whenIdle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.isIdle()) return;
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get depth(): number {
    return this.ready.length + this.delayed + (this.running ? 1 : 0);
  }

  stop(): void {
    this.stopped = true;
  }

  private isIdle(): boolean {
    return this.ready.length === 0 && this.delayed === 0 && !this.running;
  }

  private async pump(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      while (this.ready.length > 0 && !this.stopped) {
        const batch = this.ready.splice(0, this.options.batchSize);
        for (const m of batch) {
          m.receiveCount++;
          m.record.attributes.ApproximateReceiveCount = String(m.receiveCount);
        }
        let failed: Set<string>;
        let reason = 'reported as a batch item failure';
        try {
          const response = await this.options.consumer({ Records: batch.map((m) => m.record) });
          failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        } catch (error) {
          // A thrown handler error returns the whole batch, as Lambda does.
          failed = new Set(batch.map((m) => m.record.messageId));
          reason = (error as Error).message;
          this.options.onError?.(error);
        }
        for (const m of batch) if (failed.has(m.record.messageId)) this.retry(m, reason);
      }
    } finally {
      this.running = false;
      if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private retry(m: Message, reason: string): void {
    if (m.receiveCount >= this.options.maxReceiveCount) {
      this.deadLetters.push({ record: m.record, reason });
      this.options.onDeadLetter?.(m.record, reason);
      return;
    }
    this.delayed++;
    setTimeout(() => {
      this.delayed--;
      this.ready.push(m);
      void this.pump();
    }, this.options.retryDelayMs).unref();
  }
}
