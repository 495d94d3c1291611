import { SendMessageBatchCommand, SQSClient, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { tracer } from './powertools.ts';

/**
 * One SQS client per process. Locally `AWS_ENDPOINT_URL_SQS` points it at the local runtime's queue
 * endpoint (the SDK reads that variable itself); on AWS it is unset.
 */
export const sqs = tracer.captureAWSv3Client(new SQSClient({ region: process.env.AWS_REGION ?? 'us-east-1' }));

export interface QueueMessage {
  body: string;
  delaySeconds?: number;
}

/**
 * Sends messages 10 at a time (SendMessageBatch's limit), resending the entries SQS reports as failed
 * with backoff; throws when some still fail, so the caller's own message is retried (sends are
 * idempotent for the consumers: a recompute twice gives the same summary).
 */
export async function sendMessages(queueUrl: string, messages: QueueMessage[], attempts = 5): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    let entries: SendMessageBatchRequestEntry[] = messages.slice(i, i + 10).map((m, n) => ({
      Id: String(n),
      MessageBody: m.body,
      ...(m.delaySeconds ? { DelaySeconds: m.delaySeconds } : {}),
    }));
    for (let attempt = 1; entries.length > 0; attempt++) {
      const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      const failed = new Set((out.Failed ?? []).map((f) => f.Id));
      entries = entries.filter((e) => failed.has(e.Id));
      if (entries.length === 0) break;
      if (attempt >= attempts) throw new Error(`the queue refused ${entries.length} messages after ${attempt} attempts: ${out.Failed?.[0]?.Message ?? 'no reason given'}`);
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}
