/**
 * The stack's queues, as the deployed stack has them: `eccentric-ingest` (S3 notifications),
 * `eccentric-ingest-parts` (the chunks of large uploads) and `eccentric-recompute`, each with its dead-letter queue (`…-dlq`) after 5 receives. All under
 * `<data>/queues/`.
 */
import { join } from 'node:path';
import { DurableQueue } from './durable-queue.ts';

export const QUEUES = { ingest: 'eccentric-ingest', ingestParts: 'eccentric-ingest-parts', recompute: 'eccentric-recompute' } as const;
export type QueueKey = keyof typeof QUEUES;
export const MAX_RECEIVE_COUNT = 5;
export const deadLetterName = (name: string) => `${name}-dlq`;

export class LocalQueues {
  private readonly byName = new Map<string, DurableQueue>();

  constructor(dataDir: string) {
    const dir = join(dataDir, 'queues');
    for (const name of Object.values(QUEUES)) {
      this.byName.set(name, DurableQueue.open(dir, name));
      this.byName.set(deadLetterName(name), DurableQueue.open(dir, deadLetterName(name)));
    }
  }

  get(name: string): DurableQueue | undefined {
    return this.byName.get(name);
  }

  byArn(arn: string): DurableQueue | undefined {
    return [...this.byName.values()].find((q) => q.arn === arn);
  }

  all(): DurableQueue[] {
    return [...this.byName.values()];
  }

  /** The dead-letter queue of a source queue (undefined for a dead-letter queue itself). */
  deadLetterQueueOf(name: string): DurableQueue | undefined {
    return (Object.values(QUEUES) as string[]).includes(name) ? this.byName.get(deadLetterName(name)) : undefined;
  }

  /** The source queue a dead-letter queue serves. */
  sourceOf(deadLetterQueue: string): DurableQueue | undefined {
    const source = Object.values(QUEUES).find((name) => deadLetterName(name) === deadLetterQueue);
    return source ? this.byName.get(source) : undefined;
  }

  /**
   * Moves every dead letter back to the queue it came from (or `destination`), receive count reset and
   * reason dropped, as SQS's redrive (StartMessageMoveTask) does. Returns how many moved.
   */
  async redrive(deadLetterQueue: DurableQueue, destination?: DurableQueue): Promise<number> {
    let moved = 0;
    for (const m of deadLetterQueue.list()) {
      const target = destination ?? (m.source ? this.byName.get(m.source) : undefined) ?? this.sourceOf(deadLetterQueue.name);
      if (!target) continue;
      await deadLetterQueue.moveTo(target, m.id, { count: 0, firstReceivedAt: undefined, reason: undefined, source: undefined });
      moved++;
    }
    return moved;
  }

  close(): void {
    for (const q of this.byName.values()) q.close();
  }
}
