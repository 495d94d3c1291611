import { Aws, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage-config.ts';
import { localIndexes, tableSchema } from '../table-schema.ts';

/** Object key prefixes in the data bucket (engineering notes §2.5, §2.6). */
export const uploadsPrefix = 'uploads/';
export const reportsPrefix = 'reports/';
/** Raw trace samples per test (written by ingest, read by the trace chart endpoint). */
export const tracesPrefix = 'traces/';
/** A large upload's chunk plan and results while ingest stores it (functions/ingest/chunks/); expired after a while. */
export const chunksPrefix = 'chunks/';
/** Days a chunked upload's plan and results are kept (a redelivered chunk after that is dropped: its plan is gone). */
export const chunksExpireDays = 14;

export interface DataProps {
  readonly config: StageConfig;
}

/**
 * The state: the single table, the raw bucket every upload lands in, and the bucket that receives the
 * other buckets' server access logs. Nothing here is deleted with the stack in prod.
 */
export class Data extends Construct {
  readonly table: TableV2;
  readonly bucket: Bucket;
  readonly accessLogsBucket: Bucket;
  /** The raw bucket's customer-managed key, when the stage asks for one (`eccentric:kms`). */
  readonly key: Key | undefined;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    const { config } = props;
    const prod = config.stage === 'prod';

    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: tableSchema.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableSchema.sortKey, type: AttributeType.STRING },
      localSecondaryIndexes: localIndexes.map((index) => ({
        indexName: index.indexName,
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      })),
      billing: Billing.onDemand(),
      // PITR in both stages (AwsSolutions-DDB3; ~$0.20/GB-month); only prod refuses deletion.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: prod,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      // TTL is configured here only: the app never calls UpdateTimeToLive (engineering notes §0.5).
      timeToLiveAttribute: 'expiresAt',
    });

    this.accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // Server access log delivery only supports SSE-S3 on the target bucket.
      encryption: BucketEncryption.S3_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(prod ? 365 : 90) }],
    });

    this.key = config.kms
      ? new Key(this, 'DataKey', {
          description: `Eccentric ${config.stage}: raw uploads, reports and traces`,
          enableKeyRotation: true,
          removalPolicy: RemovalPolicy.RETAIN,
        })
      : undefined;

    this.bucket = new Bucket(this, 'DataBucket', {
      // A name computed from the account and region, not from a resource: the dashboard's CSP must name
      // this bucket's origin, and the bucket's CORS names the dashboard, so a generated name would make
      // the two resources depend on each other.
      bucketName: dataBucketName(config.stage),
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      ...(this.key
        ? { encryption: BucketEncryption.KMS, encryptionKey: this.key, bucketKeyEnabled: true }
        : { encryption: BucketEncryption.S3_MANAGED }),
      // Ingest idempotency is keyed on the object version (engineering notes §2.3).
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'data-bucket/',
      lifecycleRules: [
        {
          id: 'raw-uploads-to-infrequent-access',
          prefix: uploadsPrefix,
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(config.rawToInfrequentAccessDays) }],
        },
        { id: 'expire-chunk-plans', prefix: chunksPrefix, expiration: Duration.days(chunksExpireDays) },
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(config.noncurrentVersionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
  }

  /** CORS for the browser origins that PUT presigned uploads and GET presigned reports. */
  allowBrowserOrigins(origins: readonly string[]): void {
    this.bucket.addCorsRule({
      id: 'dashboard-presigned',
      allowedOrigins: [...origins],
      // PUT: presigned uploads; GET/HEAD: presigned report downloads.
      allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
      // The only header the API signs into an upload URL (functions/api/routes.ts).
      allowedHeaders: ['content-type'],
      exposedHeaders: ['ETag'],
      maxAge: 3000,
    });
  }
}

/** `eccentric-<stage>-data-<account>-<region>`: at most 49 characters, unique per account, region and stage. */
export function dataBucketName(stage: string): string {
  return Fn.join('-', ['eccentric', stage, 'data', Aws.ACCOUNT_ID, Aws.REGION]);
}
