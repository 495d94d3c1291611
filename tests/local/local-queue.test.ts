import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { LocalQueue } from '#infra/local/local-queue.ts';

describe('LocalQueue (SQS semantics for npm start)', () => {
  it('delivers in batches and redelivers only the messages the consumer reported as failed', async () => {
    const seen: string[][] = [];
    const failOnce = new Set(['b']);
    const queue = new LocalQueue({
      batchSize: 2,
      maxReceiveCount: 5,
      retryDelayMs: 1,
      consumer: async (event: SQSEvent) => {
        seen.push(event.Records.map((r) => r.body));
        const failed = event.Records.filter((r) => failOnce.delete(r.body));
        return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.messageId })) };
      },
    });
    for (const body of ['a', 'b', 'c']) queue.send(body);
    await new Promise((r) => setTimeout(r, 5));
    await queue.whenIdle();
    expect(seen.flat().sort()).toEqual(['a', 'b', 'b', 'c']);
    expect(seen[0]).toHaveLength(2);
    expect(queue.deadLetters).toEqual([]);
  });

  it('returns the whole batch when the consumer throws, and dead-letters after maxReceiveCount deliveries', async () => {
    let deliveries = 0;
    const queue = new LocalQueue({
      batchSize: 5,
      maxReceiveCount: 3,
      retryDelayMs: 1,
      consumer: async () => {
        deliveries++;
        throw new Error('boom');
      },
    });
    queue.send('x');
    await new Promise((r) => setTimeout(r, 20));
    await queue.whenIdle();
    expect(deliveries).toBe(3);
    expect(queue.deadLetters).toHaveLength(1);
    expect(queue.deadLetters[0]!.reason).toBe('boom');
    expect(queue.deadLetters[0]!.record.attributes.ApproximateReceiveCount).toBe('3');
  });
});
