import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EventType } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import { Alarms } from './constructs/alarms.ts';
import { Api } from './constructs/api.ts';
import { Auth, cognitoDomainUrl } from './constructs/auth.ts';
import { Data, dataBucketName, uploadsPrefix } from './constructs/data.ts';
import { defaultHandlerEntries, Handlers, ingestTimeout, recomputeTimeout, type HandlerEntries } from './constructs/handlers.ts';
import { bucketOrigins, Hosting, resolveDashboardDir } from './constructs/hosting.ts';
import { acknowledgeFindings } from './nag-acknowledgements.ts';
import { WorkQueue } from './constructs/queues.ts';
import type { StageConfig } from './stage-config.ts';
import { outputNames } from './stack-output-names.ts';
import { apiPrefix } from './hosting/edge-functions.ts';

export interface EccentricStackProps extends StackProps {
  readonly config: StageConfig;
  /**
   * Override the handler entry files (relative to the repository root, or absolute).
   * @default defaultHandlerEntries
   */
  readonly handlerEntries?: HandlerEntries;
}

export { outputNames } from './stack-output-names.ts';

/**
 * One stage of Eccentric: sign-in (Cognito), the dashboard (CloudFront + S3), the HTTP API, the
 * upload pipeline (S3 uploads/ → SQS → ingest → DynamoDB; recompute queue → recompute), alarms and a
 * health dashboard. Environment-agnostic (no `env`, no lookups): `cdk synth` works offline.
 */
export class EccentricStack extends Stack {
  readonly config: StageConfig;
  readonly data: Data;
  readonly ingest: WorkQueue;
  readonly ingestParts: WorkQueue;
  readonly recompute: WorkQueue;
  readonly handlers: Handlers;
  readonly api: Api;
  readonly auth: Auth;
  readonly hosting: Hosting;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: EccentricStackProps) {
    super(scope, id, props);
    // Server access logs are delivered through a bucket policy (logging.s3.amazonaws.com) instead of
    // the legacy LogDeliveryWrite ACL, so the log bucket can keep ACLs disabled. Must be set before
    // any child construct is created.
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const config = (this.config = props.config);
    // Checked first, so a missing build fails before anything is bundled.
    const dashboardDir = resolveDashboardDir(config.dashboardDir);
    const logRetention = config.logRetentionDays as RetentionDays;

    this.ingest = new WorkQueue(this, 'Ingest', { consumerTimeout: ingestTimeout });
    // A large upload's chunks: a queue of their own, so uploads that arrive meanwhile never wait behind them.
    this.ingestParts = new WorkQueue(this, 'IngestParts', { consumerTimeout: ingestTimeout });
    this.recompute = new WorkQueue(this, 'Recompute', { consumerTimeout: recomputeTimeout });
    this.data = new Data(this, 'Data', { config });
    const { table, bucket } = this.data;
    // Only uploads/ notifies: reports/ and traces/, which ingest writes, can never trigger it again.
    bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.ingest.queue), { prefix: uploadsPrefix });

    this.handlers = new Handlers(this, 'Handlers', {
      config,
      entries: props.handlerEntries ?? defaultHandlerEntries,
      table,
      bucket,
      bucketKey: this.data.key,
      ingest: this.ingest,
      ingestParts: this.ingestParts,
      recompute: this.recompute,
      logRetention,
    });

    // The deployed dashboard reaches the API through its own origin; CORS only for dev origins.
    this.api = new Api(this, 'Api', { apiFunction: this.handlers.apiFunction, corsOrigins: config.devOrigins, logRetention });
    this.hosting = new Hosting(this, 'Hosting', {
      config,
      dashboardDir,
      accessLogsBucket: this.data.accessLogsBucket,
      logRetention,
      cognitoDomainUrl: cognitoDomainUrl(config),
      bucketOrigins: bucketOrigins(dataBucketName(config.stage)),
      apiDomain: this.api.domainName,
    });
    const dashboardUrl = this.hosting.url;
    this.auth = new Auth(this, 'Auth', { config, dashboardUrl });
    const idp = config.externalIdp ?? { issuer: this.auth.issuer, audience: [this.auth.client.userPoolClientId] };
    this.api.addRoutes(idp.issuer, idp.audience);
    this.data.allowBrowserOrigins([dashboardUrl, ...config.devOrigins]);
    this.hosting.deploy({
      apiUrl: `${dashboardUrl}${apiPrefix}`,
      stage: config.stage,
      auth: {
        mode: 'cognito',
        domain: this.auth.domainUrl,
        clientId: this.auth.client.userPoolClientId,
        region: Aws.REGION,
        redirectUri: `${dashboardUrl}/`,
      },
    });

    this.alarms = new Alarms(this, 'Alarms', {
      config,
      functions: { ingest: this.handlers.ingestFunction, recompute: this.handlers.recomputeFunction, api: this.handlers.apiFunction },
      queues: { ingest: this.ingest, ingestParts: this.ingestParts, recompute: this.recompute },
      httpApi: this.api.httpApi,
      table,
      key: this.data.key,
    });

    acknowledgeFindings(this);

    const output = (name: string, value: string, description: string) => new CfnOutput(this, name, { value, description });
    output(outputNames.dashboardUrl, `${dashboardUrl}/`, 'The dashboard: sign in here');
    output(outputNames.signInUrl, this.auth.signInUrl(`${dashboardUrl}/`), 'Hosted UI sign-in page (first sign-in: set your password)');
    output(outputNames.apiUrl, this.api.stage.url, 'HTTP API base URL (the dashboard uses <DashboardUrl>api, the same API)');
    output(outputNames.bucketName, bucket.bucketName, 'Raw bucket: upload exports under uploads/<teamId>/');
    output(outputNames.tableName, table.tableName, 'DynamoDB table');
    output(outputNames.userPoolId, this.auth.userPool.userPoolId, 'Cognito user pool (eccentric admin finds it here)');
    output(outputNames.userPoolClientId, this.auth.client.userPoolClientId, 'Dashboard app client (public, PKCE)');
    output(outputNames.cognitoDomain, this.auth.domainUrl, 'Hosted UI base URL');
    output(outputNames.ingestQueueUrl, this.ingest.queue.queueUrl, 'Ingest queue');
    output(outputNames.ingestDlqArn, this.ingest.deadLetterQueue.queueArn, 'Ingest dead-letter queue (eccentric redrive)');
    output(outputNames.ingestPartsDlqArn, this.ingestParts.deadLetterQueue.queueArn, 'Dead-letter queue of large uploads\' chunks (eccentric redrive --queue ingest-parts)');
    output(outputNames.recomputeQueueUrl, this.recompute.queue.queueUrl, 'Recompute queue');
    output(outputNames.recomputeDlqArn, this.recompute.deadLetterQueue.queueArn, 'Recompute dead-letter queue (eccentric redrive)');
    output(outputNames.alarmTopicArn, this.alarms.topic.topicArn, 'SNS topic of the alarms (subscribe more endpoints here)');
  }
}
