import type { SQSRecord } from 'aws-lambda';
import { logger } from '../adapters/powertools.ts';
import { decodeS3Key, parseUploadKey, S3NotificationSchema, S3TestEventSchema } from './s3-event.ts';
import type { IngestOutcome, IngestRequest } from './ingest-outcome.ts';
import { SIDECAR_SUFFIX } from './sidecar.ts';
import { ReingestFieldSchema } from '../adapters/ingest-queue.ts';
import { ChunkMessageSchema, type ChunkMessage } from './chunks/chunk-store.ts';
import type { ChunkOutcome } from './chunks/ingest-chunk.ts';

export type IngestOnce = (request: IngestRequest) => Promise<IngestOutcome>;
export type IngestChunk = (message: ChunkMessage, messageId: string) => Promise<ChunkOutcome>;

/**
 * One SQS message: an S3 notification (possibly several records), or one chunk of a large upload planned by
 * an earlier message (chunks/, from the ingest-parts queue). Test events and keys outside
 * `uploads/<team>/` are acknowledged and logged, never retried; a malformed message is an error the
 * batch reports as a failure, so SQS retries it and finally parks it in the DLQ.
 */
export async function handleRecord(record: SQSRecord, ingest: IngestOnce, ingestChunk?: IngestChunk): Promise<(IngestOutcome | ChunkOutcome)[]> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new Error(`message ${record.messageId}: body is not JSON`);
  }
  if (body !== null && typeof body === 'object' && 'eccentricChunk' in body) {
    const chunk = ChunkMessageSchema.safeParse(body);
    if (!chunk.success) {
      const issue = chunk.error.issues[0]!;
      throw new Error(`message ${record.messageId}: not a chunk message (${issue.path.join('.')}: ${issue.message})`);
    }
    if (!ingestChunk) throw new Error(`message ${record.messageId}: a chunk message where none is read`);
    return [await ingestChunk(chunk.data.eccentricChunk, record.messageId)];
  }
  if (S3TestEventSchema.safeParse(body).success) {
    logger.info('S3 test event ignored', { messageId: record.messageId });
    return [];
  }
  const parsed = S3NotificationSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`message ${record.messageId}: not an S3 notification (${issue.path.join('.')}: ${issue.message})`);
  }
  const outcomes: (IngestOutcome | ChunkOutcome)[] = [];
  for (const [index, s3Record] of parsed.data.Records.entries()) {
    if (!s3Record.eventName.startsWith('ObjectCreated:')) continue;
    const key = decodeS3Key(s3Record.s3.object.key);
    if (key.endsWith(SIDECAR_SUFFIX)) {
      logger.info('trace sidecar stored; it is read with its trace', { key });
      continue;
    }
    const target = parseUploadKey(key);
    if (!target.ok) {
      logger.warn('object outside uploads/<team>/ ignored', { key, reason: target.reason });
      continue;
    }
    const { bucket, object } = s3Record.s3;
    // A re-read that was asked for (a held upload, ingest-queue.ts) is a new ingest of the same object version.
    const reingest = ReingestFieldSchema.safeParse((body as { Records: { eccentric?: unknown }[] }).Records[index]?.eccentric);
    outcomes.push(
      await ingest({
        objectId: `${bucket.name}/${key}@${object.versionId ?? object.eTag ?? object.sequencer ?? ''}${reingest.success ? `#reingest:${reingest.data.reingest}` : ''}`,
        uploadTime: s3Record.eventTime,
        key,
        versionId: object.versionId,
        teamId: target.teamId,
        fileName: target.fileName,
      }),
    );
  }
  return outcomes;
}
