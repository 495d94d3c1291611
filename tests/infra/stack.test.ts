import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, EccentricStack, ingestTimeout } from '../../infra/eccentric-stack.ts';
import { localIndexes, tableSchema } from '../../infra/table-schema.ts';
import { buildStack, cdkJsonContext, handlersExist, realEntries } from './helpers.ts';

type Json = Record<string, any>;

/** Flattens a CloudFormation ARN expression (Fn::Join / Fn::GetAtt / Ref) into a readable string. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Json;
  if (v['Fn::Join']) {
    const [delimiter, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(delimiter);
  }
  if (v['Fn::GetAtt']) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  if (v['Ref']) return `<${v['Ref'] as string}>`;
  return JSON.stringify(value);
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('EccentricStack (bundling skipped)', () => {
  let stack: EccentricStack;
  let template: Template;
  let resources: Record<string, Json>;
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stack.resolve((construct.node.defaultChild as CfnFunction).logicalId) as string;

  beforeAll(() => {
    ({ stack } = buildStack());
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources as Record<string, Json>;
  });

  /** All statements of the IAM policies attached to a role. */
  function roleStatements(roleLogicalId: string): Json[] {
    return Object.values(resources)
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          (r.Properties.Roles as Json[]).some((ref) => ref.Ref === roleLogicalId),
      )
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Json[]);
  }

  /** action → flattened resources, for S3 actions in the role's policies. */
  function s3Grants(roleLogicalId: string): Map<string, string[]> {
    const grants = new Map<string, string[]>();
    for (const statement of roleStatements(roleLogicalId)) {
      expect(statement.Effect).toBe('Allow');
      for (const action of asArray<string>(statement.Action)) {
        if (!action.startsWith('s3:')) continue;
        const list = grants.get(action) ?? [];
        list.push(...asArray(statement.Resource).map(flatten));
        grants.set(action, list.sort());
      }
    }
    return grants;
  }

  it('wires SQS to the ingest function with partial batch failures, batch size 5, max concurrency 5', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(stack.ingestFunction) },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.queue), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 5,
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('redrives to a 14-day DLQ after 5 receives; both queues SSL-only and SQS-SSE encrypted', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(stack.deadLetterQueue), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 14 * 24 * 3600,
      RedrivePolicy: Match.absent(),
    });
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(2);
    for (const queue of Object.values(queues)) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    }
    for (const queue of [stack.queue, stack.deadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalId(queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('gives the queue a visibility timeout of at least 6x the ingest function timeout', () => {
    const ingest = resources[logicalId(stack.ingestFunction)]!;
    const queue = resources[logicalId(stack.queue)]!;
    const timeout = ingest.Properties.Timeout as number;
    expect(timeout).toBe(ingestTimeout.toSeconds());
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
  });

  it('notifies the queue for ObjectCreated under uploads/ only', () => {
    template.resourceCountIs('Custom::S3BucketNotifications', 1);
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: logicalId(stack.bucket) },
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
            QueueArn: { 'Fn::GetAtt': [logicalId(stack.queue), 'Arn'] },
          },
        ],
      },
    });
  });

  it('makes the data bucket versioned, private, encrypted, access-logged and SSL-only, and retains it', () => {
    const bucketId = logicalId(stack.bucket);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      }),
    });
    expect(resources[bucketId]!.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('creates the table from the tableSchema constants, with the LSI, on-demand, PITR, retained', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    const table = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'))[0]!;
    expect(table.DeletionPolicy).toBe('Retain');
    const props = table.Properties;
    expect(props.KeySchema).toEqual([
      { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' },
    ]);
    expect(props.LocalSecondaryIndexes).toEqual(
      localIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    expect(props.LocalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName)).toEqual(['lsi1', 'byTestId']);
    expect(props.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: tableSchema.partitionKey, AttributeType: 'S' },
        { AttributeName: tableSchema.sortKey, AttributeType: 'S' },
        { AttributeName: tableSchema.lsi1.sortKey, AttributeType: 'S' },
        { AttributeName: tableSchema.byTestId.sortKey, AttributeType: 'S' },
      ]),
    );
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
    expect(props.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(props.Replicas[0].DeletionProtectionEnabled).toBe(true);
  });

  it('runs both functions on nodejs24.x / arm64 with the specified memory, timeout, env and log group', () => {
    const expected = [
      {
        fn: stack.ingestFunction,
        memory: 1024,
        timeout: 300,
        env: {
          POWERTOOLS_SERVICE_NAME: 'eccentric-ingest',
          POWERTOOLS_METRICS_NAMESPACE: 'Eccentric',
        },
      },
      { fn: stack.apiFunction, memory: 512, timeout: 29, env: { POWERTOOLS_SERVICE_NAME: 'eccentric-api' } },
    ];
    for (const { fn, memory, timeout, env } of expected) {
      const props = resources[logicalId(fn)]!.Properties;
      expect(props.Runtime).toBe('nodejs24.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.Handler).toBe('index.handler');
      expect(props.MemorySize).toBe(memory);
      expect(props.Timeout).toBe(timeout);
      expect(props.Environment.Variables).toEqual({
        NODE_OPTIONS: '--enable-source-maps',
        TABLE_NAME: { Ref: logicalId(stack.table) },
        BUCKET_NAME: { Ref: logicalId(stack.bucket) },
        ...env,
      });
      expect(props.LoggingConfig).toEqual({ LogGroup: { Ref: logicalId(fn.functionLogGroup) } });
      expect(resources[logicalId(fn.functionLogGroup)]!.Properties.RetentionInDays).toBeGreaterThan(0);
    }
    // Our two functions are the only Node.js functions (the other one is CDK's notifications handler).
    const nodeFunctions = Object.values(template.findResources('AWS::Lambda::Function')).filter((r) =>
      String(r.Properties.Runtime).startsWith('nodejs'),
    );
    expect(nodeFunctions).toHaveLength(2);
  });

  it('exposes exactly the API function routes on the HTTP API, each behind the JWT authorizer from context', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(
      [
        'GET /teams/{teamId}/squad',
        'GET /teams/{teamId}/athletes/{athleteId}',
        'GET /teams/{teamId}/athletes/{athleteId}/tests',
        'GET /teams/{teamId}/athletes/{athleteId}/tests/{testId}',
        'GET /teams/{teamId}/athletes/{athleteId}/tests/{testId}/trace',
        'POST /teams/{teamId}/uploads',
        'GET /teams/{teamId}/uploads',
        'GET /teams/{teamId}/uploads/{uploadId}',
        'GET /teams/{teamId}/settings',
        'PUT /teams/{teamId}/settings',
        'POST /teams/{teamId}/uploads/{uploadId}/date-order',
      ].sort(),
    );
    expect(apiRoutes).toHaveLength(11);
    const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer');
    expect(Object.keys(authorizers)).toHaveLength(1);
    const [authorizerId, authorizer] = Object.entries(authorizers)[0]!;
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(authorizer.Properties.JwtConfiguration).toEqual({
      Issuer: cdkJsonContext['eccentric:jwtIssuer'],
      Audience: [cdkJsonContext['eccentric:jwtAudience']],
    });
    for (const route of routes) {
      expect(route.Properties.AuthorizationType).toBe('JWT');
      expect(route.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
    }
    // All routes integrate with the API function.
    for (const integration of Object.values(template.findResources('AWS::ApiGatewayV2::Integration'))) {
      expect(flatten(integration.Properties.IntegrationUri)).toBe(`<${logicalId(stack.apiFunction)}.Arn>`);
    }
  });

  it('takes the JWT issuer and audience from CDK context (-c overrides cdk.json)', () => {
    const { stack: other } = buildStack({
      context: { 'eccentric:jwtIssuer': 'https://issuer.test/pool', 'eccentric:jwtAudience': 'client-123' },
    });
    Template.fromStack(other).hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: 'https://issuer.test/pool', Audience: ['client-123'] },
    });
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(() => new EccentricStack(app, 'NoContext')).toThrow(/eccentric:jwtIssuer/);
  });

  it('logs access on the $default stage of the HTTP API', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
    });
  });

  it('limits the ingest role to GetObject(Version) on uploads/* and PutObject on reports/*', () => {
    const bucket = `<${logicalId(stack.bucket)}.Arn>`;
    const grants = s3Grants(logicalId(stack.ingestFunction.executionRole));
    expect(Object.fromEntries(grants)).toEqual({
      's3:GetObject': [`${bucket}/uploads/*`],
      's3:GetObjectVersion': [`${bucket}/uploads/*`],
      's3:PutObject': [`${bucket}/reports/*`, `${bucket}/traces/*`],
    });
    expect([...grants.values()].flat()).not.toContain(`${bucket}/*`);
  });

  it('limits the API role to PutObject on uploads/* and GetObject on reports/* and uploads/*', () => {
    const bucket = `<${logicalId(stack.bucket)}.Arn>`;
    const grants = s3Grants(logicalId(stack.apiFunction.executionRole));
    expect(Object.fromEntries(grants)).toEqual({
      's3:GetObject': [`${bucket}/reports/*`, `${bucket}/traces/*`, `${bucket}/uploads/*`],
      's3:PutObject': [`${bucket}/uploads/*`],
    });
  });

  it('grants both roles item-level read/write on the table and its LSI, and log writes to their own log group only', () => {
    const table = `<${logicalId(stack.table)}.Arn>`;
    for (const fn of [stack.ingestFunction, stack.apiFunction]) {
      const roleId = logicalId(fn.executionRole);
      expect(resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
      const statements = roleStatements(roleId);
      const dynamo = statements.filter((s) => asArray<string>(s.Action).some((a) => a.startsWith('dynamodb:')));
      expect(dynamo).toHaveLength(1);
      expect(asArray(dynamo[0]!.Resource).map(flatten).sort()).toEqual(
        [table, ...localIndexes.map((index) => `${table}/index/${index.indexName}`)].sort(),
      );
      expect(dynamo[0]!.Action).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:BatchWriteItem']),
      );
      const logs = statements.filter((s) => asArray<string>(s.Action).some((a) => a.startsWith('logs:')));
      expect(logs.map((s) => flatten(s.Resource))).toEqual([`<${logicalId(fn.functionLogGroup)}.Arn>`]);
    }
  });

  it('outputs ApiUrl, BucketName, TableName, QueueUrl and DlqUrl', () => {
    const outputs = template.toJSON().Outputs as Record<string, Json>;
    expect(Object.keys(outputs).sort()).toEqual(['ApiUrl', 'BucketName', 'DlqUrl', 'QueueUrl', 'TableName']);
    expect(outputs.BucketName!.Value).toEqual({ Ref: logicalId(stack.bucket) });
    expect(outputs.TableName!.Value).toEqual({ Ref: logicalId(stack.table) });
    expect(outputs.QueueUrl!.Value).toEqual({ Ref: logicalId(stack.queue) });
    expect(outputs.DlqUrl!.Value).toEqual({ Ref: logicalId(stack.deadLetterQueue) });
    expect(flatten(outputs.ApiUrl!.Value)).toBe(
      `https://<${logicalId(stack.httpApi)}>.execute-api.<AWS::Region>.<AWS::URLSuffix>/`,
    );
  });

  it('is environment-agnostic (synthesizes without account/region or lookups)', () => {
    expect(Token.isUnresolved(stack.account)).toBe(true);
    expect(Token.isUnresolved(stack.region)).toBe(true);
    expect(stack.environment).toBe('aws://unknown-account/unknown-region');
  });
});

describe('EccentricStack with bundling', () => {
  let outdir: string | undefined;
  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  // Bundling needs the real handlers (written separately in functions/); the check is at run time so
  // the test starts bundling automatically once both files exist.
  it('bundles both handlers locally with esbuild into ESM assets with source maps', (ctx) => {
    if (!handlersExist) {
      ctx.skip(`handler files missing: ${[realEntries.ingest, realEntries.api].filter((f) => !existsSync(f)).join(', ')}`);
    }
    outdir = mkdtempSync(path.join(tmpdir(), 'eccentric-cdk-'));
    const { app, stack } = buildStack({ bundle: true, outdir });
    const assembly = app.synth();
    const template = assembly.getStackByName(stack.stackName).template as Json;
    for (const fn of [stack.ingestFunction, stack.apiFunction]) {
      const id = stack.resolve((fn.node.defaultChild as CfnFunction).logicalId) as string;
      const key = template.Resources[id].Properties.Code.S3Key as string;
      const hash = key.replace(/\.zip$/, '');
      const assetDir = path.join(assembly.directory, `asset.${hash}`);
      expect(readdirSync(assetDir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    }
  }, 60_000);
});
