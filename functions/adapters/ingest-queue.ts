/**
 * Sends an uploaded object to the ingest queue again (a held upload once its day/month order is known), as
 * the S3 notification real S3 sends, so ingest keeps one code path. The record carries `eccentric.reingest`,
 * a token of this request: the ingest's idempotency key includes it, or the earlier ingest of the same object
 * version would be replayed from the idempotency store instead of read again.
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { config } from './clients.ts';
import { tracer } from './powertools.ts';

const endpoint = process.env.AWS_ENDPOINT_URL_SQS;
export const sqs = tracer.captureAWSv3Client(new SQSClient({ region: process.env.AWS_REGION ?? 'us-east-1', ...(endpoint ? { endpoint } : {}) }));

/** The queue's URL from the environment (the stack and the local runtime set it). */
function queueUrl(): string {
  const url = process.env.INGEST_QUEUE_URL;
  if (!url) throw new Error('environment variable INGEST_QUEUE_URL is not set');
  return url;
}

export interface IngestTarget {
  key: string;
  versionId?: string | undefined;
}

/** What record-handler.ts reads beside the S3 fields. */
export const ReingestFieldSchema = z.object({ reingest: z.string().min(1).max(100), reason: z.string().max(200).optional() });

/** Keys as S3 encodes them in notifications: each segment URL-encoded, spaces as `+` (s3-event.ts decodes). */
export const encodeNotificationKey = (key: string) =>
  key
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/%20/g, '+'))
    .join('/');

export function reingestBody(target: IngestTarget, token: string, reason: string, now = new Date()): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        eventTime: now.toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: config.bucketName }, object: { key: encodeNotificationKey(target.key), ...(target.versionId ? { versionId: target.versionId } : {}) } },
        eccentric: { reingest: token, reason },
      },
    ],
  });
}

/** Queues the objects for ingest again, ten to a SendMessageBatch; throws when any message was refused. */
export async function requestIngest(targets: IngestTarget[], reason: string): Promise<void> {
  const token = randomUUID();
  for (let i = 0; i < targets.length; i += 10) {
    const entries = targets.slice(i, i + 10).map((t, j) => ({ Id: `m${i + j}`, MessageBody: reingestBody(t, token, reason) }));
    const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl(), Entries: entries }));
    if (out.Failed && out.Failed.length > 0) {
      throw new Error(`the ingest queue refused ${out.Failed.length} message(s): ${out.Failed.map((f) => f.Message ?? f.Code).join('; ')}`);
    }
  }
}
