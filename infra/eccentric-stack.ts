import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, LogGroupLogDestination, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, Billing, ProjectionType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, CfnBucket, EventType } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type { Construct, IConstruct } from 'constructs';
import { NodeFunction } from './constructs/node-function.ts';
import { localIndexes, tableSchema } from './table-schema.ts';
import { apiRouteList } from '../functions/api/route-list.ts';

/** Object key prefixes in the data bucket (see engineering notes §2.5, §2.6). */
export const uploadsPrefix = 'uploads/';
export const reportsPrefix = 'reports/';
/** Raw trace samples per test (written by ingest, read by the trace chart endpoint). */
export const tracesPrefix = 'traces/';

/** Handler files, relative to the repository root. */
export const defaultHandlerEntries = {
  ingest: 'functions/ingest.ts',
  api: 'functions/api.ts',
} as const;

/** CDK context keys for the JWT authorizer. */
export const jwtIssuerContextKey = 'eccentric:jwtIssuer';
export const jwtAudienceContextKey = 'eccentric:jwtAudience';

export const ingestTimeout = Duration.minutes(5);
export const apiTimeout = Duration.seconds(29);

/** HTTP API routes served by the API function (all behind the JWT authorizer). */
export const apiRoutes: ReadonlyArray<{ method: HttpMethod; path: string }> = apiRouteList.map(({ method, path }) => ({
  method: HttpMethod[method],
  path,
}));

/** Item-level DynamoDB actions the functions need (no stream or control-plane actions). */
const tableReadWriteActions = [
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

export interface EccentricStackProps extends StackProps {
  /**
   * Override the handler entry files (relative to the repository root, or absolute).
   * @default defaultHandlerEntries
   */
  readonly handlerEntries?: { readonly ingest: string; readonly api: string };
}

/**
 * S3 (uploads/) → SQS (+DLQ) → ingest Lambda → DynamoDB, plus an HTTP API (JWT) served by the API Lambda.
 * Environment-agnostic: no `env`, no lookups, so `cdk synth` works offline without credentials.
 */
export class EccentricStack extends Stack {
  readonly bucket: Bucket;
  readonly table: TableV2;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly ingestFunction: NodeFunction;
  readonly apiFunction: NodeFunction;
  readonly httpApi: HttpApi;
  readonly apiStage: HttpStage;

  constructor(scope: Construct, id: string, props: EccentricStackProps = {}) {
    super(scope, id, props);
    // Server access logs are delivered through a bucket policy (logging.s3.amazonaws.com) instead of
    // the legacy LogDeliveryWrite ACL, so the log bucket can keep ACLs disabled. Must be set before
    // any child construct is created.
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    const entries = props.handlerEntries ?? defaultHandlerEntries;
    const jwtIssuer = requireContextString(this, jwtIssuerContextKey);
    const jwtAudience = requireContextString(this, jwtAudienceContextKey);

    // ---------- storage ----------
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: tableSchema.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableSchema.sortKey, type: AttributeType.STRING },
      localSecondaryIndexes: localIndexes.map((index) => ({
        indexName: index.indexName,
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      })),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // TTL is configured here only: the app never calls UpdateTimeToLive (engineering notes §0.5).
      timeToLiveAttribute: 'expiresAt',
    });

    const accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // Server access log delivery only supports SSE-S3 on the target bucket.
      encryption: BucketEncryption.S3_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
    });
    // No AwsSolutions-S1 acknowledgement needed: cdk-nag treats a bucket that receives another bucket's
    // server access logs as compliant.

    this.bucket = new Bucket(this, 'DataBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // Ingest idempotency is keyed on the object version (engineering notes §2.3).
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: accessLogsBucket,
      serverAccessLogsPrefix: 'data-bucket/',
      lifecycleRules: [
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });

    // ---------- queueing ----------
    this.deadLetterQueue = new Queue(this, 'IngestDlq', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
    });
    this.queue = new Queue(this, 'IngestQueue', {
      // Lambda requires visibility timeout >= function timeout; AWS recommends 6x (engineering notes §2.2).
      visibilityTimeout: Duration.seconds(ingestTimeout.toSeconds() * 6),
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });

    this.bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.queue), {
      prefix: uploadsPrefix,
    });

    // ---------- ingest function ----------
    this.ingestFunction = new NodeFunction(this, 'IngestFunction', {
      entry: entries.ingest,
      description: 'Parses uploaded exports from S3 (via SQS) and writes test metrics to DynamoDB',
      memorySize: 1024,
      timeout: ingestTimeout,
      environment: {
        TABLE_NAME: this.table.tableName,
        BUCKET_NAME: this.bucket.bucketName,
        POWERTOOLS_SERVICE_NAME: 'eccentric-ingest',
        POWERTOOLS_METRICS_NAMESPACE: 'Eccentric',
      },
    });
    this.ingestFunction.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 5,
        maxConcurrency: 5,
        reportBatchItemFailures: true,
      }),
    );
    this.ingestFunction.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadUploads',
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [this.bucket.arnForObjects(`${uploadsPrefix}*`)],
      }),
    );
    this.ingestFunction.addToRolePolicy(
      new PolicyStatement({
        sid: 'WriteReportsAndTraces',
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${reportsPrefix}*`), this.bucket.arnForObjects(`${tracesPrefix}*`)],
      }),
    );
    this.ingestFunction.addToRolePolicy(this.tableReadWriteStatement());

    // ---------- API function + HTTP API ----------
    this.apiFunction = new NodeFunction(this, 'ApiFunction', {
      entry: entries.api,
      description: 'Serves the dashboard HTTP API and presigns upload URLs',
      memorySize: 512,
      timeout: apiTimeout,
      environment: {
        TABLE_NAME: this.table.tableName,
        BUCKET_NAME: this.bucket.bucketName,
        POWERTOOLS_SERVICE_NAME: 'eccentric-api',
      },
    });
    this.apiFunction.addToRolePolicy(
      new PolicyStatement({
        sid: 'PresignUploads',
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${uploadsPrefix}*`)],
      }),
    );
    this.apiFunction.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadReportsUploadsTraces',
        actions: ['s3:GetObject'],
        resources: [
          this.bucket.arnForObjects(`${reportsPrefix}*`),
          this.bucket.arnForObjects(`${uploadsPrefix}*`),
          this.bucket.arnForObjects(`${tracesPrefix}*`),
        ],
      }),
    );
    this.apiFunction.addToRolePolicy(this.tableReadWriteStatement());

    // Issuer and audience come from CDK context. cdk.json holds placeholders only; real deployments
    // override them on the command line, e.g.
    //   npx cdk deploy -c eccentric:jwtIssuer=https://cognito-idp.<region>.amazonaws.com/<poolId> \
    //                  -c eccentric:jwtAudience=<appClientId>
    const authorizer = new HttpJwtAuthorizer('JwtAuthorizer', jwtIssuer, {
      jwtAudience: [jwtAudience],
    });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Eccentric dashboard API',
      defaultAuthorizer: authorizer,
      // The $default stage is created below so that it can carry access-log settings (AwsSolutions-APIG1).
      createDefaultStage: false,
    });
    const accessLogGroup = new LogGroup(this, 'HttpApiAccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
    });
    this.apiStage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogGroup),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            httpMethod: '$context.httpMethod',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    const integration = new HttpLambdaIntegration('ApiIntegration', this.apiFunction);
    for (const route of apiRoutes) {
      this.httpApi.addRoutes({ path: route.path, methods: [route.method], integration, authorizer });
    }

    // ---------- cdk-nag acknowledgements for what cannot be fixed ----------
    this.acknowledgeUnfixableFindings();

    // ---------- outputs ----------
    new CfnOutput(this, 'ApiUrl', { value: this.apiStage.url, description: 'HTTP API base URL' });
    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'QueueUrl', { value: this.queue.queueUrl });
    new CfnOutput(this, 'DlqUrl', { value: this.deadLetterQueue.queueUrl });
  }

  /** Item-level read/write on the table and its (named) local secondary index, no wildcard. */
  private tableReadWriteStatement(): PolicyStatement {
    return new PolicyStatement({
      sid: 'TableReadWrite',
      actions: tableReadWriteActions,
      resources: [this.table.tableArn, ...localIndexes.map((index) => `${this.table.tableArn}/index/${index.indexName}`)],
    });
  }

  private acknowledgeUnfixableFindings(): void {
    // Object-prefix wildcards: S3 object ARNs can only be scoped to a key prefix with '*'. The finding id
    // embeds the data bucket's logical id, so compute it rather than hard-coding it.
    const bucketLogicalId = this.resolve((this.bucket.node.defaultChild as CfnBucket).logicalId) as string;
    const uploadsResource = `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${uploadsPrefix}*]`;
    const reportsResource = `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${reportsPrefix}*]`;
    const tracesResource = `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${tracesPrefix}*]`;
    Validations.of(this.ingestFunction.executionRole).acknowledge({
      id: tracesResource,
      reason: `Ingest writes raw trace samples (PutObject only) under the ${tracesPrefix} prefix, keyed by team, athlete and test.`,
    });
    Validations.of(this.apiFunction.executionRole).acknowledge({
      id: tracesResource,
      reason: `The API reads trace samples (GetObject only) under the ${tracesPrefix} prefix for the caller's own team.`,
    });
    Validations.of(this.ingestFunction.executionRole).acknowledge({
      id: uploadsResource,
      reason:
        `Ingest reads (GetObject/GetObjectVersion) any uploaded object; the wildcard is confined to the ` +
        `${uploadsPrefix} prefix, whose keys are generated server-side per team and upload.`,
    });
    Validations.of(this.ingestFunction.executionRole).acknowledge({
      id: reportsResource,
      reason: `Ingest writes derived reports (PutObject only) under the ${reportsPrefix} prefix; the wildcard is confined to that prefix.`,
    });
    Validations.of(this.apiFunction.executionRole).acknowledge({
      id: uploadsResource,
      reason:
        `The API presigns PutObject URLs and reads raw uploads only under the ${uploadsPrefix} prefix; ` +
        'the key below the prefix is built server-side from the caller\'s team and a generated upload id.',
    });
    Validations.of(this.apiFunction.executionRole).acknowledge({
      id: reportsResource,
      reason: `The API reads derived reports (GetObject only) under the ${reportsPrefix} prefix; the wildcard is confined to that prefix.`,
    });

    // CDK's singleton BucketNotificationsHandler (deploy-time custom resource that configures the
    // S3 → SQS notification) is created by aws-cdk-lib with a role we cannot change from the L2 API.
    const notificationsHandler = findChild(this, (c) => c.node.id.startsWith('BucketNotificationsHandler'));
    Validations.of(notificationsHandler).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'CDK-managed BucketNotificationsHandler custom resource: aws-cdk-lib attaches AWSLambdaBasicExecutionRole ' +
        'to its role (CloudWatch Logs only) and exposes no option to replace it.',
    });
    // (Its s3:PutBucketNotification statement is scoped to the data bucket ARN by aws-cdk-lib, so no IAM5.)
  }
}

function requireContextString(scope: IConstruct, key: string): string {
  const value: unknown = scope.node.tryGetContext(key);
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error(`Missing CDK context "${key}": set it in cdk.json or pass -c ${key}=...`);
  }
  return value;
}

function findChild(scope: IConstruct, predicate: (c: IConstruct) => boolean): IConstruct {
  const found = scope.node.children.find(predicate);
  if (!found) throw new Error(`No child of ${scope.node.path} matched`);
  return found;
}
