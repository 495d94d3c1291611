import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Receives before a message moves to the dead-letter queue (shared decision: 5). */
export const maxReceiveCount = 5;
/** SQS's longest retention: dead letters wait two weeks for a fix and `eccentric redrive`. */
export const deadLetterRetention = Duration.days(14);

export interface WorkQueueProps {
  /** Timeout of the function that consumes the queue. */
  readonly consumerTimeout: Duration;
}

/**
 * A work queue and its dead-letter queue: SSE-SQS, TLS-only, visibility 6 × the consumer's timeout
 * (Lambda's guidance for SQS event sources, engineering notes §2.2), dead letters after 5 receives.
 */
export class WorkQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'Dlq', {
      retentionPeriod: deadLetterRetention,
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
    });
    this.queue = new Queue(this, 'Queue', {
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      // Messages wait as long as dead letters do: a stalled consumer loses nothing for two weeks.
      retentionPeriod: deadLetterRetention,
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
    });
  }
}
