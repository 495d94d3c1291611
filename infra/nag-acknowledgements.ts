import { DefaultStackSynthesizer, Stack, Validations } from 'aws-cdk-lib';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { chunksPrefix, reportsPrefix, tracesPrefix, uploadsPrefix } from './constructs/data.ts';
import type { EccentricStack } from './eccentric-stack.ts';

/**
 * cdk-nag (AwsSolutions and Serverless packs) findings that cannot or should not be fixed, each
 * acknowledged by its exact finding id on the construct that raises it, with the reason. A finding
 * that is not listed here fails synthesis; an acknowledgement whose finding no longer occurs fails a
 * test (tests/infra/cdk-nag.test.ts).
 */
export function acknowledgeFindings(stack: EccentricStack): void {
  const { config } = stack;
  const ack = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });
  const { ingestFunction, recomputeFunction, apiFunction } = stack.handlers;

  // ---- our functions ----
  const bucketId = stack.resolve((stack.data.bucket.node.defaultChild as CfnBucket).logicalId) as string;
  const objects = (prefix: string) => `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`;
  ack(ingestFunction.executionRole, objects(uploadsPrefix),
    `Ingest reads (GetObject/GetObjectVersion) any uploaded object; the wildcard is confined to the ${uploadsPrefix} prefix, whose keys are built server-side per team and upload.`);
  ack(ingestFunction.executionRole, objects(reportsPrefix),
    `Ingest writes derived reports (PutObject only) under ${reportsPrefix}<team>/; S3 object ARNs can be narrowed only to a key prefix.`);
  ack(ingestFunction.executionRole, objects(tracesPrefix),
    `Ingest writes raw trace samples (PutObject only) under ${tracesPrefix}<team>/<athlete>/; S3 object ARNs can be narrowed only to a key prefix.`);
  ack(ingestFunction.executionRole, objects(chunksPrefix),
    `Ingest writes and reads a large upload's chunk plan and results (GetObject, PutObject) under ${chunksPrefix}<team>/<upload>/; S3 object ARNs can be narrowed only to a key prefix.`);
  ack(apiFunction.executionRole, objects(uploadsPrefix),
    `The API presigns PutObject URLs and reads raw uploads only under ${uploadsPrefix}; the key below the prefix is built server-side from the caller's team and a generated upload id.`);
  ack(apiFunction.executionRole, objects(reportsPrefix),
    `The API reads derived reports (GetObject only) under ${reportsPrefix} for the caller's own team.`);
  ack(apiFunction.executionRole, objects(tracesPrefix),
    `The API reads trace samples (GetObject only) under ${tracesPrefix} for the caller's own team.`);
  for (const fn of [ingestFunction, recomputeFunction, apiFunction]) {
    ack(fn.executionRole, 'AwsSolutions-IAM5[Resource::*]',
      'xray:PutTraceSegments and xray:PutTelemetryRecords (added by Tracing.ACTIVE) do not support resource-level permissions; they are the only actions on "*".');
    ack(fn, 'Serverless-LambdaDLQ',
      fn === apiFunction
        ? 'The API function is invoked synchronously by API Gateway: the caller gets the error, there is no asynchronous event to dead-letter.'
        : 'Invoked only by its SQS event source: failed messages go to the queue\'s own dead-letter queue after 5 receives (a Lambda DLQ applies to asynchronous invocations only).');
  }
  for (const [fn, queue, count] of [[ingestFunction, 'ingest and ingest-parts', 2], [recomputeFunction, 'recompute', 1]] as const) {
    const mappings = fn.node.children.filter((c) => c.node.id.startsWith('SqsEventSource'));
    if (mappings.length !== count) throw new Error(`expected ${count} event source(s) on the ${queue} function, found ${mappings.length}`);
    for (const mapping of mappings) {
      ack(mapping, 'Serverless-LambdaEventSourceMappingDestination',
        `SQS event sources take no on-failure destination (that is for streams and Kafka): the ${queue} queues' redrive policy moves a message to its DLQ after 5 receives.`);
    }
  }
  for (const work of [stack.ingest, stack.ingestParts, stack.recompute]) {
    ack(work.deadLetterQueue, 'Serverless-SQSRedrivePolicy',
      'This is the dead-letter queue: its messages stay 14 days for inspection and are moved back by `eccentric redrive`; a DLQ of a DLQ would only hide them.');
  }

  // ---- sign-in ----
  if (config.mfa !== 'required') {
    ack(stack.auth.userPool, 'AwsSolutions-COG2',
      `MFA is "${config.mfa}" in this stage (eccentric:mfa): staff enrol an authenticator app themselves; set -c eccentric:mfa=required to enforce it for every user.`);
  }
  if (config.threatProtection === 'off') {
    ack(stack.auth.userPool, 'AwsSolutions-COG8',
      'Threat protection is off in this stage (eccentric:threatProtection), so the pool stays on the Essentials plan; the Plus plan costs $0.02 per monthly active user and is the prod default.');
  }

  // ---- dashboard hosting ----
  const distribution = stack.hosting.distribution;
  ack(distribution, 'AwsSolutions-CFR1',
    'No geo restriction: teams train and travel worldwide; the data is behind sign-in and the API\'s JWT authorizer, not behind a country list.');
  if (!config.webAclArn) {
    ack(distribution, 'AwsSolutions-CFR2',
      'No WAF by default: a web ACL costs at least $5/month plus $1 per rule, more than a squad\'s whole stack; the API has a JWT authorizer and stage throttling. Attach one with -c eccentric:webAclArn=ARN.');
  }
  if (!config.customDomain) {
    ack(distribution, 'AwsSolutions-CFR4',
      'The default *.cloudfront.net certificate cannot set a minimum TLS version; with -c eccentric:domainName and eccentric:certificateArn the distribution requires TLSv1.2_2021.');
  }
  if (config.alarmEmail) {
    const subscription = stack.alarms.topic.node.children.find((c) => c.node.id === config.alarmEmail);
    ack(must(subscription, 'alarm e-mail subscription'), 'Serverless-SNSRedrivePolicy',
      'An e-mail subscription: SNS retries e-mail delivery itself, and an undelivered alarm still shows in CloudWatch and on the dashboard; a DLQ would hold messages nobody reads.');
  }

  // ---- constructs aws-cdk-lib creates for deploy-time work, whose roles and runtimes it fixes ----
  const deployment = findSingleton(stack, 'Custom::CDKBucketDeployment');
  const deploymentRole = must(deployment.node.tryFindChild('ServiceRole'), 'bucket deployment role');
  ack(deploymentRole, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'aws-cdk-lib\'s BucketDeployment handler (copies the dashboard build at deploy time) attaches AWSLambdaBasicExecutionRole to its role; the L2 offers no way to replace it.');
  const qualifier = (stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const siteBucketId = stack.resolve((stack.hosting.siteBucket.node.defaultChild as CfnBucket).logicalId) as string;
  for (const [id, reason] of [
    ['AwsSolutions-IAM5[Action::s3:GetObject*]', 'reads the dashboard build from the CDK assets bucket (grantRead of aws-cdk-lib\'s BucketDeployment).'],
    ['AwsSolutions-IAM5[Action::s3:GetBucket*]', 'reads the CDK assets bucket and the site bucket (grantRead/grantReadWrite of aws-cdk-lib\'s BucketDeployment).'],
    ['AwsSolutions-IAM5[Action::s3:List*]', 'lists the site bucket to sync the build (aws-cdk-lib\'s BucketDeployment).'],
    ['AwsSolutions-IAM5[Action::s3:DeleteObject*]', 'replaces files in the site bucket only (aws-cdk-lib\'s BucketDeployment).'],
    ['AwsSolutions-IAM5[Action::s3:Abort*]', 'aborts its own multipart uploads to the site bucket (aws-cdk-lib\'s BucketDeployment).'],
    [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-<AWS::Region>/*]`, 'reads the zipped build from the bootstrap assets bucket, whose object keys are content hashes.'],
    [`AwsSolutions-IAM5[Resource::<${siteBucketId}.Arn>/*]`, 'writes every file of the dashboard build into the site bucket, which holds nothing else.'],
    ['AwsSolutions-IAM5[Resource::*]', 'cloudfront:CreateInvalidation/GetInvalidation after a deploy; aws-cdk-lib grants them on "*".'],
  ] as const) {
    ack(deploymentRole, id, `The deploy-time copy of the dashboard ${reason}`);
  }
  ack(deployment, 'AwsSolutions-L1',
    'aws-cdk-lib pins the BucketDeployment handler\'s Python runtime (it bundles the AWS CLI layer for it); it runs only during cdk deploy, never on a request path.');
  ack(deployment, 'Serverless-LambdaLatestVersion',
    'aws-cdk-lib pins the BucketDeployment handler\'s Python runtime; it runs only during cdk deploy.');
  ack(deployment, 'Serverless-LambdaTracing',
    'aws-cdk-lib\'s BucketDeployment handler offers no tracing option; it runs once per deploy, and its log group keeps its output.');
  ack(deployment, 'Serverless-LambdaDLQ',
    'aws-cdk-lib\'s BucketDeployment handler is a CloudFormation custom resource: CloudFormation reports its failure and rolls the deploy back.');

  const notifications = findSingleton(stack, 'BucketNotificationsHandler');
  ack(notifications, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'CDK-managed BucketNotificationsHandler custom resource (configures the S3 → SQS notification at deploy time): aws-cdk-lib attaches AWSLambdaBasicExecutionRole to its role and exposes no option to replace it.');
}

/** A stack-level singleton aws-cdk-lib creates (its id starts with `prefix`). */
function findSingleton(stack: Stack, prefix: string): IConstruct {
  return must(stack.node.children.find((c) => c.node.id.startsWith(prefix)), `${prefix} singleton`);
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`cdk-nag acknowledgements: no ${what} found in the stack`);
  return value;
}
