/**
 * Ingest Lambda: S3 upload → SQS → here. Each message is processed on its own (Powertools Batch
 * partial-failure reporting); each object once per version (Powertools Idempotency, keyed on the
 * object, not the SQS message, since S3 may notify twice). A large export's chunks come back here from the
 * ingest-parts queue (ingest/chunks/: each has its own done marker, so no idempotency record).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { config, dynamo } from './adapters/clients.ts';
import { IDEMPOTENCY_PARTITION } from './adapters/keys.ts';
import { logger, metrics, tracer } from './adapters/powertools.ts';
import { ingestObject } from './ingest/ingest-object.ts';
import { handleRecord } from './ingest/record-handler.ts';
import { ingestChunk } from './ingest/chunks/ingest-chunk.ts';
import { reportUsage, startUsage } from './adapters/usage-report.ts';

export const processor = new BatchProcessor(EventType.SQS);

const idempotencyConfig = new IdempotencyConfig({ eventKeyJmesPath: 'objectId', expiresAfterSeconds: 7 * 24 * 3600 });
const ingestOnce = makeIdempotent(ingestObject, {
  persistenceStore: new DynamoDBPersistenceLayer({
    tableName: config.tableName,
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    staticPkValue: IDEMPOTENCY_PARTITION,
    expiryAttr: 'expiresAt',
    awsSdkV3Client: dynamo,
  }),
  config: idempotencyConfig,
});

const recordHandler = async (record: SQSRecord) => {
  try {
    return await handleRecord(record, (request) => ingestOnce(request), (chunk, messageId) => ingestChunk(chunk, messageId));
  } catch (error) {
    logger.error('message failed; SQS will redeliver it', { messageId: record.messageId, error: error as Error });
    throw error;
  }
};

async function ingestBatch(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  idempotencyConfig.registerLambdaContext(context);
  const before = startUsage();
  try {
    return await processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
  } finally {
    reportUsage('ingest', before);
  }
}

export const handler = middy(ingestBatch)
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
