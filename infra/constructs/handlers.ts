import { Duration } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage-config.ts';
import { localIndexes } from '../table-schema.ts';
import { chunksPrefix, reportsPrefix, tracesPrefix, uploadsPrefix } from './data.ts';
import { NodeFunction } from './node-function.ts';
import type { WorkQueue } from './queues.ts';

/** Handler files, relative to the repository root. */
export const defaultHandlerEntries = {
  ingest: 'functions/ingest.ts',
  api: 'functions/api.ts',
  recompute: 'functions/recompute.ts',
} as const;
export type HandlerEntries = { readonly [K in keyof typeof defaultHandlerEntries]: string };

export const ingestTimeout = Duration.minutes(5);
export const recomputeTimeout = Duration.minutes(5);
export const apiTimeout = Duration.seconds(29);

/** SQS batch sizes: ingest's is the shared decision (5 objects); recompute messages are small. */
export const ingestBatchSize = 5;
export const recomputeBatchSize = 10;
/** A large upload's chunks: one an invocation (each is up to ~30,000 rows of writes). */
export const ingestPartsBatchSize = 1;
export const ingestChunkBytes = 4 * 1024 * 1024;

/** Item-level DynamoDB actions the functions need (no stream or control-plane actions). */
export const tableReadWriteActions = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
];

export interface HandlersProps {
  readonly config: StageConfig;
  readonly entries: HandlerEntries;
  readonly table: TableV2;
  readonly bucket: Bucket;
  readonly bucketKey: Key | undefined;
  readonly ingest: WorkQueue;
  readonly ingestParts: WorkQueue;
  readonly recompute: WorkQueue;
  readonly logRetention: RetentionDays;
}

/**
 * The three Lambda functions and exactly what each may do:
 * - ingest: read uploads/*, write reports/* and traces/*, read and write chunks/*, table read/write, send to
 *   recompute, to its own queue (held uploads read again) and to the ingest-parts queue (a large upload's chunks);
 * - recompute: table read/write;
 * - api: table read/write, presign PUTs to uploads/*, read reports/* traces/* uploads/*, send to ingest
 *   (held uploads) and recompute (settings changes).
 * Every function gets the same environment, as the local runtime gives every handler the same one.
 */
export class Handlers extends Construct {
  readonly ingestFunction: NodeFunction;
  readonly recomputeFunction: NodeFunction;
  readonly apiFunction: NodeFunction;

  constructor(scope: Construct, id: string, props: HandlersProps) {
    super(scope, id);
    const { config, table, bucket } = props;
    const environment = (service: string): Record<string, string> => ({
      TABLE_NAME: table.tableName,
      BUCKET_NAME: bucket.bucketName,
      INGEST_QUEUE_URL: props.ingest.queue.queueUrl,
      INGEST_PARTS_QUEUE_URL: props.ingestParts.queue.queueUrl,
      // Bytes per chunk of a large upload (~30,000 compact rows: minutes inside the 5-minute timeout, at 1 GB).
      INGEST_CHUNK_BYTES: String(ingestChunkBytes),
      RECOMPUTE_QUEUE_URL: props.recompute.queue.queueUrl,
      // A whole-team recompute waits this long when the team means move, so a bulk upload's batches share one.
      RECOMPUTE_TEAM_DELAY_SECONDS: '30',
      POWERTOOLS_SERVICE_NAME: service,
      // One namespace per stage; metric dimensions stay low-cardinality (service, never team or athlete).
      POWERTOOLS_METRICS_NAMESPACE: `Eccentric/${config.stage}`,
      POWERTOOLS_LOG_LEVEL: config.stage === 'prod' ? 'INFO' : 'DEBUG',
      POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
    });

    this.ingestFunction = new NodeFunction(this, 'IngestFunction', {
      entry: props.entries.ingest,
      description: 'Parses uploaded exports from S3 (via SQS) and writes test metrics to DynamoDB',
      memorySize: 1024,
      timeout: ingestTimeout,
      environment: environment('eccentric-ingest'),
      logRetention: props.logRetention,
    });
    this.recomputeFunction = new NodeFunction(this, 'RecomputeFunction', {
      entry: props.entries.recompute,
      description: 'Recomputes athlete and team summaries (trends, flags) after new data or settings',
      memorySize: 1024,
      timeout: recomputeTimeout,
      environment: environment('eccentric-recompute'),
      logRetention: props.logRetention,
    });
    this.apiFunction = new NodeFunction(this, 'ApiFunction', {
      entry: props.entries.api,
      description: 'Serves the dashboard HTTP API and presigns upload URLs',
      memorySize: 512,
      timeout: apiTimeout,
      environment: environment('eccentric-api'),
      logRetention: props.logRetention,
    });

    // Maximum concurrency caps how many invocations one queue may run at once, so a season's bulk
    // upload neither takes the account's concurrency nor outruns the on-demand table (README
    // "Deploy to AWS": throughput).
    this.ingestFunction.addEventSource(
      new SqsEventSource(props.ingest.queue, {
        batchSize: ingestBatchSize,
        maxConcurrency: config.ingestConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    this.ingestFunction.addEventSource(
      new SqsEventSource(props.ingestParts.queue, {
        batchSize: ingestPartsBatchSize,
        maxConcurrency: config.ingestPartsConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    this.recomputeFunction.addEventSource(
      new SqsEventSource(props.recompute.queue, {
        batchSize: recomputeBatchSize,
        maxConcurrency: config.recomputeConcurrency,
        reportBatchItemFailures: true,
      }),
    );

    const objects = (...prefixes: string[]) => prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`));
    const tableStatement = new PolicyStatement({
      sid: 'TableReadWrite',
      actions: tableReadWriteActions,
      resources: [table.tableArn, ...localIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`)],
    });

    this.ingestFunction.addToRolePolicy(
      new PolicyStatement({ sid: 'ReadUploads', actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: objects(uploadsPrefix) }),
    );
    this.ingestFunction.addToRolePolicy(
      new PolicyStatement({ sid: 'WriteReportsAndTraces', actions: ['s3:PutObject'], resources: objects(reportsPrefix, tracesPrefix) }),
    );
    // A large upload's plan and chunk results (functions/ingest/chunks/), written and read by ingest alone.
    this.ingestFunction.addToRolePolicy(
      new PolicyStatement({ sid: 'ChunkPlans', actions: ['s3:GetObject', 's3:PutObject'], resources: objects(chunksPrefix) }),
    );
    // Without ListBucket, S3 answers a GetObject of a missing object 403, not 404: a trace uploaded without its
    // sidecar (`<key>.meta.json`, optional) would fail as access denied instead of being read without one.
    this.ingestFunction.addToRolePolicy(new PolicyStatement({ sid: 'MissingObjectsAre404', actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    this.ingestFunction.addToRolePolicy(tableStatement);
    props.recompute.queue.grantSendMessages(this.ingestFunction);
    // A file that settles the team's day/month order sends the team's held uploads back to be read again.
    props.ingest.queue.grantSendMessages(this.ingestFunction);
    props.ingestParts.queue.grantSendMessages(this.ingestFunction);

    this.recomputeFunction.addToRolePolicy(tableStatement);

    this.apiFunction.addToRolePolicy(
      new PolicyStatement({ sid: 'PresignUploads', actions: ['s3:PutObject'], resources: objects(uploadsPrefix) }),
    );
    this.apiFunction.addToRolePolicy(
      new PolicyStatement({ sid: 'ReadReportsUploadsTraces', actions: ['s3:GetObject'], resources: objects(reportsPrefix, uploadsPrefix, tracesPrefix) }),
    );
    this.apiFunction.addToRolePolicy(tableStatement);
    props.ingest.queue.grantSendMessages(this.apiFunction);
    props.recompute.queue.grantSendMessages(this.apiFunction);

    if (props.bucketKey) {
      // SSE-KMS: reading needs Decrypt, writing (and a presigned PUT, signed with the API's role)
      // needs GenerateDataKey; nothing else.
      for (const fn of [this.ingestFunction, this.apiFunction]) {
        fn.addToRolePolicy(
          new PolicyStatement({ sid: 'DataKey', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.bucketKey.keyArn] }),
        );
      }
    }
  }
}
