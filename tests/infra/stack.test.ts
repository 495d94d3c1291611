import { Token } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../infra/constructs/api.ts';
import { ingestTimeout, recomputeTimeout, tableReadWriteActions } from '../../infra/constructs/handlers.ts';
import type { EccentricStack } from '../../infra/eccentric-stack.ts';
import { localIndexes, tableSchema } from '../../infra/table-schema.ts';
import { apiRouteList } from '../../functions/api/route-list.ts';
import { buildStack } from './helpers.ts';
import { flatten, StackView } from './template-tools.ts';

/** The upload pipeline, the table, the functions and their permissions (bundling skipped). */
describe.each(['dev', 'prod'] as const)('EccentricStack pipeline (%s)', (stage) => {
  let stack: EccentricStack;
  let view: StackView;
  const fns = () => ({ ingest: stack.handlers.ingestFunction, recompute: stack.handlers.recomputeFunction, api: stack.handlers.apiFunction });

  beforeAll(() => {
    ({ stack } = buildStack({ stage }));
    view = new StackView(stack);
  });

  it('names the stack after the stage', () => {
    expect(stack.stackName).toBe(`Eccentric-${stage}`);
  });

  it('wires each queue to its function with partial batch failures and a concurrency cap', () => {
    const mappings = view.ofType('AWS::Lambda::EventSourceMapping').map(([, r]) => r.Properties);
    expect(mappings).toHaveLength(3);
    view.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: view.id(stack.handlers.ingestFunction) },
      EventSourceArn: { 'Fn::GetAtt': [view.id(stack.ingest.queue), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 5,
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    // A large upload's chunks, one an invocation, from a queue of their own.
    view.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: view.id(stack.handlers.ingestFunction) },
      EventSourceArn: { 'Fn::GetAtt': [view.id(stack.ingestParts.queue), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 1,
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    view.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: view.id(stack.handlers.recomputeFunction) },
      EventSourceArn: { 'Fn::GetAtt': [view.id(stack.recompute.queue), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('gives every queue a 14-day DLQ after 5 receives, SSE-SQS, TLS-only, visibility >= 6x the consumer timeout', () => {
    expect(view.ofType('AWS::SQS::Queue')).toHaveLength(6);
    for (const [work, timeout] of [[stack.ingest, ingestTimeout], [stack.ingestParts, ingestTimeout], [stack.recompute, recomputeTimeout]] as const) {
      const queue = view.resource(work.queue).Properties;
      const dlq = view.resource(work.deadLetterQueue).Properties;
      expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [view.id(work.deadLetterQueue), 'Arn'] }, maxReceiveCount: 5 });
      expect(dlq.MessageRetentionPeriod).toBe(14 * 24 * 3600);
      expect(dlq.RedrivePolicy).toBeUndefined();
      expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout.toSeconds());
      for (const q of [queue, dlq]) expect(q.SqsManagedSseEnabled).toBe(true);
      for (const q of [work.queue, work.deadLetterQueue]) {
        view.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: view.id(q) }],
          PolicyDocument: {
            Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
          },
        });
      }
    }
    const fnTimeout = (fn: typeof stack.handlers.ingestFunction) => view.resource(fn).Properties.Timeout as number;
    expect(fnTimeout(stack.handlers.ingestFunction)).toBe(ingestTimeout.toSeconds());
    expect(fnTimeout(stack.handlers.recomputeFunction)).toBe(recomputeTimeout.toSeconds());
  });

  it('notifies the ingest queue for ObjectCreated under uploads/ only', () => {
    view.template.resourceCountIs('Custom::S3BucketNotifications', 1);
    view.template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: view.id(stack.data.bucket) },
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
            QueueArn: { 'Fn::GetAtt': [view.id(stack.ingest.queue), 'Arn'] },
          },
        ],
      },
    });
  });

  it('keeps the raw bucket versioned, private, SSE-S3 encrypted, access-logged, TLS-only and retained', () => {
    const bucket = view.template.findResources('AWS::S3::Bucket')[view.id(stack.data.bucket)]!;
    expect(bucket.DeletionPolicy).toBe('Retain');
    const props = bucket.Properties;
    expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(props.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(props.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    expect(props.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: view.id(stack.data.accessLogsBucket) }, LogFilePrefix: 'data-bucket/' });
    expect(flatten(props.BucketName)).toBe(`eccentric-${stage}-data-<AWS::AccountId>-<AWS::Region>`);
    view.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: view.id(stack.data.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('moves raw uploads to Standard-IA after 90 days, expires chunk plans after 14 and noncurrent versions', () => {
    const rules = view.resource(stack.data.bucket).Properties.LifecycleConfiguration.Rules as Array<Record<string, unknown>>;
    expect(rules).toEqual([
      { Id: 'raw-uploads-to-infrequent-access', Prefix: 'uploads/', Status: 'Enabled', Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }] },
      { Id: 'expire-chunk-plans', Prefix: 'chunks/', Status: 'Enabled', ExpirationInDays: 14 },
      { Id: 'expire-noncurrent-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: stage === 'prod' ? 90 : 30 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
    ]);
  });

  it('creates the table from the tableSchema constants: on-demand, PITR, TTL; deletion protection and retention in prod only', () => {
    const [[, table]] = view.ofType('AWS::DynamoDB::GlobalTable') as [[string, Record<string, any>]];
    const props = table.Properties;
    expect(props.KeySchema).toEqual([
      { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' },
    ]);
    expect(props.LocalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName)).toEqual(localIndexes.map((i) => i.indexName));
    for (const index of props.LocalSecondaryIndexes) expect(index.Projection).toEqual({ ProjectionType: 'ALL' });
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
    expect(props.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(props.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(props.Replicas[0].DeletionProtectionEnabled).toBe(stage === 'prod');
    expect(table.DeletionPolicy).toBe(stage === 'prod' ? 'Retain' : 'Delete');
  });

  it('runs the three functions on nodejs24.x / arm64 with X-Ray, their own log group, and the same environment', () => {
    const memory = { ingest: 1024, recompute: 1024, api: 512 };
    for (const [name, fn] of Object.entries(fns())) {
      const props = view.resource(fn).Properties;
      expect(props.Runtime).toBe('nodejs24.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.Handler).toBe('index.handler');
      expect(props.MemorySize).toBe(memory[name as keyof typeof memory]);
      expect(props.TracingConfig).toEqual({ Mode: 'Active' });
      expect(props.Environment.Variables).toEqual({
        NODE_OPTIONS: '--enable-source-maps',
        TABLE_NAME: { Ref: view.id(stack.data.table) },
        BUCKET_NAME: { Ref: view.id(stack.data.bucket) },
        INGEST_QUEUE_URL: { Ref: view.id(stack.ingest.queue) },
        INGEST_PARTS_QUEUE_URL: { Ref: view.id(stack.ingestParts.queue) },
        INGEST_CHUNK_BYTES: String(4 * 1024 * 1024),
        RECOMPUTE_QUEUE_URL: { Ref: view.id(stack.recompute.queue) },
        RECOMPUTE_TEAM_DELAY_SECONDS: '30',
        POWERTOOLS_SERVICE_NAME: `eccentric-${name}`,
        POWERTOOLS_METRICS_NAMESPACE: `Eccentric/${stage}`,
        POWERTOOLS_LOG_LEVEL: stage === 'prod' ? 'INFO' : 'DEBUG',
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
      });
      expect(props.LoggingConfig).toEqual({ LogGroup: { Ref: view.id(fn.functionLogGroup) } });
      expect(view.resource(fn.functionLogGroup).Properties.RetentionInDays).toBe(stage === 'prod' ? 90 : 14);
    }
    // Ours are the only traced ones (the others are aws-cdk-lib's deploy-time handlers).
    const ours = view.ofType('AWS::Lambda::Function').filter(([, r]) => r.Properties.TracingConfig !== undefined);
    expect(ours.map(([id]) => id).sort()).toEqual(Object.values(fns()).map((fn) => view.id(fn)).sort());
  });

  it('grants the ingest role exactly: uploads/* read, reports/* and traces/* write, chunks/* read and write, the table, send to recompute and to its queues', () => {
    const bucket = `<${view.id(stack.data.bucket)}.Arn>`;
    const grants = view.grants(stack.handlers.ingestFunction.executionRole);
    const recompute = `<${view.id(stack.recompute.queue)}.Arn>`;
    const ingest = `<${view.id(stack.ingest.queue)}.Arn>`;
    const parts = `<${view.id(stack.ingestParts.queue)}.Arn>`;
    expect(s3(grants)).toEqual({
      's3:GetObject': [`${bucket}/chunks/*`, `${bucket}/uploads/*`],
      's3:GetObjectVersion': [`${bucket}/uploads/*`],
      's3:PutObject': [`${bucket}/chunks/*`, `${bucket}/reports/*`, `${bucket}/traces/*`],
      // Listing, on the bucket only: a GetObject of a missing sidecar answers 404 instead of 403.
      's3:ListBucket': [bucket],
    });
    expect(sqs(grants)).toEqual({
      // Consuming its own queues (added by the event sources) …
      'sqs:ChangeMessageVisibility': [ingest, parts].sort(),
      'sqs:DeleteMessage': [ingest, parts].sort(),
      'sqs:ReceiveMessage': [ingest, parts].sort(),
      'sqs:GetQueueAttributes': [ingest, parts, recompute].sort(),
      'sqs:GetQueueUrl': [ingest, parts, recompute].sort(),
      // … sending to recompute, to itself (a file that settles the day/month order re-queues held uploads) and to
      // the ingest-parts queue (a large upload's chunks).
      'sqs:SendMessage': [ingest, parts, recompute].sort(),
    });
  });

  it('grants the recompute role the table and its own queue only', () => {
    const grants = view.grants(stack.handlers.recomputeFunction.executionRole);
    const queue = `<${view.id(stack.recompute.queue)}.Arn>`;
    expect(s3(grants)).toEqual({});
    expect(sqs(grants)).toEqual({
      'sqs:ChangeMessageVisibility': [queue],
      'sqs:DeleteMessage': [queue],
      'sqs:GetQueueAttributes': [queue],
      'sqs:GetQueueUrl': [queue],
      'sqs:ReceiveMessage': [queue],
    });
  });

  it('grants the API role exactly: presign PUT uploads/*, read reports/* traces/* uploads/*, the table, send to both queues', () => {
    const bucket = `<${view.id(stack.data.bucket)}.Arn>`;
    const grants = view.grants(stack.handlers.apiFunction.executionRole);
    const both = [`<${view.id(stack.ingest.queue)}.Arn>`, `<${view.id(stack.recompute.queue)}.Arn>`].sort();
    expect(s3(grants)).toEqual({
      's3:GetObject': [`${bucket}/reports/*`, `${bucket}/traces/*`, `${bucket}/uploads/*`],
      's3:PutObject': [`${bucket}/uploads/*`],
    });
    expect(sqs(grants)).toEqual({ 'sqs:GetQueueAttributes': both, 'sqs:GetQueueUrl': both, 'sqs:SendMessage': both });
  });

  it('gives every role item-level table access, logs to its own group, X-Ray, and nothing else', () => {
    const table = `<${view.id(stack.data.table)}.Arn>`;
    const tableResources = [table, ...localIndexes.map((index) => `${table}/index/${index.indexName}`)].sort();
    for (const fn of Object.values(fns())) {
      const role = fn.executionRole;
      expect(view.resource(role).Properties.ManagedPolicyArns).toBeUndefined();
      const grants = view.grants(role);
      for (const action of tableReadWriteActions) expect(grants[action], action).toEqual(tableResources);
      const services = new Set(Object.keys(grants).map((a) => a.split(':')[0]));
      expect([...services].sort()).toEqual(fn === stack.handlers.recomputeFunction ? ['dynamodb', 'logs', 'sqs', 'xray'] : ['dynamodb', 'logs', 's3', 'sqs', 'xray']);
      const logs = Object.entries(grants).filter(([a]) => a.startsWith('logs:'));
      for (const [, resources] of logs) expect(resources).toEqual([`<${view.id(fn.functionLogGroup)}.Arn>`]);
      expect(grants['xray:PutTraceSegments']).toEqual(['*']);
      // The only "*" resources are X-Ray's, which has no resource-level permissions.
      const stars = Object.entries(grants).filter(([, r]) => r.includes('*')).map(([a]) => a).sort();
      expect(stars).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    }
  });

  it('exposes exactly the API function routes, each behind the one JWT authorizer', () => {
    const routes = view.ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(apiRouteList.map((r) => `${r.method} ${r.path}`).sort());
    expect(apiRoutes).toHaveLength(apiRouteList.length);
    const authorizers = view.ofType('AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    for (const route of routes) {
      expect(route.AuthorizationType).toBe('JWT');
      expect(route.AuthorizerId).toEqual({ Ref: authorizers[0]![0] });
    }
    for (const [, integration] of view.ofType('AWS::ApiGatewayV2::Integration')) {
      expect(flatten(integration.Properties.IntegrationUri)).toBe(`<${view.id(stack.handlers.apiFunction)}.Arn>`);
    }
  });

  it('logs access on the throttled $default stage', () => {
    view.template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    view.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] }, Format: Match.stringLikeRegexp('\\$context\\.requestId') },
    });
  });

  it('outputs what a user and the CLI need', () => {
    const outputs = view.json.Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs).sort()).toEqual(
      ['AlarmTopicArn', 'ApiUrl', 'BucketName', 'CognitoDomain', 'DashboardUrl', 'IngestDlqArn', 'IngestPartsDlqArn', 'IngestQueueUrl', 'RecomputeDlqArn', 'RecomputeQueueUrl', 'SignInUrl', 'TableName', 'UserPoolClientId', 'UserPoolId'],
    );
    expect(outputs.UserPoolId!.Value).toEqual({ Ref: view.id(stack.auth.userPool) });
    expect(outputs.UserPoolClientId!.Value).toEqual({ Ref: view.id(stack.auth.client) });
    expect(outputs.IngestDlqArn!.Value).toEqual({ 'Fn::GetAtt': [view.id(stack.ingest.deadLetterQueue), 'Arn'] });
    expect(outputs.IngestPartsDlqArn!.Value).toEqual({ 'Fn::GetAtt': [view.id(stack.ingestParts.deadLetterQueue), 'Arn'] });
    expect(outputs.RecomputeDlqArn!.Value).toEqual({ 'Fn::GetAtt': [view.id(stack.recompute.deadLetterQueue), 'Arn'] });
    expect(flatten(outputs.DashboardUrl!.Value)).toBe(`https://<${view.id(stack.hosting.distribution)}.DomainName>/`);
    expect(flatten(outputs.ApiUrl!.Value)).toBe(`https://<${view.id(stack.api.httpApi)}>.execute-api.<AWS::Region>.<AWS::URLSuffix>/`);
    expect(flatten(outputs.SignInUrl!.Value)).toBe(
      `https://eccentric-${stage}-<AWS::AccountId>.auth.<AWS::Region>.amazoncognito.com/login?client_id=<${view.id(stack.auth.client)}>` +
        `&response_type=code&scope=openid+email+profile&redirect_uri=https://<${view.id(stack.hosting.distribution)}.DomainName>/`,
    );
  });

  it('is environment-agnostic (synthesizes without account, region or lookups)', () => {
    expect(Token.isUnresolved(stack.account)).toBe(true);
    expect(Token.isUnresolved(stack.region)).toBe(true);
  });
});

describe('stage-dependent options', () => {
  it('uses a customer-managed KMS key for the raw bucket when eccentric:kms=true, granted to the two functions that touch objects', () => {
    const { stack } = buildStack({ stage: 'prod', context: { 'eccentric:kms': 'true' } });
    const view = new StackView(stack);
    const key = stack.data.key!;
    expect(view.resource(key).Properties.EnableKeyRotation).toBe(true);
    expect(view.resource(stack.data.bucket).Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [view.id(key), 'Arn'] } } },
      ],
    });
    const keyArn = `<${view.id(key)}.Arn>`;
    for (const fn of [stack.handlers.ingestFunction, stack.handlers.apiFunction]) {
      const kms = Object.fromEntries(Object.entries(view.grants(fn.executionRole)).filter(([a]) => a.startsWith('kms:')));
      expect(kms).toEqual({ 'kms:Decrypt': [keyArn], 'kms:GenerateDataKey': [keyArn] });
    }
    expect(Object.keys(view.grants(stack.handlers.recomputeFunction.executionRole)).filter((a) => a.startsWith('kms:'))).toEqual([]);
  });

  it('takes the event-source concurrency caps, lifecycle days and log retention from context', () => {
    const { stack } = buildStack({
      context: {
        'eccentric:ingestConcurrency': '4',
        'eccentric:recomputeConcurrency': 3,
        'eccentric:ingestPartsConcurrency': '5',
        'eccentric:rawToInfrequentAccessDays': '45',
        'eccentric:noncurrentVersionDays': '7',
        'eccentric:logRetentionDays': '30',
      },
    });
    const view = new StackView(stack);
    const concurrency = view.ofType('AWS::Lambda::EventSourceMapping').map(([, r]) => r.Properties.ScalingConfig.MaximumConcurrency).sort();
    expect(concurrency).toEqual([3, 4, 5]);
    const rules = view.resource(stack.data.bucket).Properties.LifecycleConfiguration.Rules;
    expect(rules[0].Transitions).toEqual([{ StorageClass: 'STANDARD_IA', TransitionInDays: 45 }]);
    expect(rules[2].NoncurrentVersionExpiration).toEqual({ NoncurrentDays: 7 });
    expect(view.resource(stack.handlers.ingestFunction.functionLogGroup).Properties.RetentionInDays).toBe(30);
  });
});

function s3(grants: Record<string, string[]>) {
  return Object.fromEntries(Object.entries(grants).filter(([a]) => a.startsWith('s3:')));
}
function sqs(grants: Record<string, string[]>) {
  return Object.fromEntries(Object.entries(grants).filter(([a]) => a.startsWith('sqs:')).map(([a, r]) => [a, [...new Set(r)].sort()]));
}

