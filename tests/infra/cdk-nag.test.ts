import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { buildStack, buildStacks, type BuildOptions } from './helpers.ts';

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

const packs = (): NagPack[] => [new AwsSolutionsChecks(), new ServerlessChecks()];

/** Every `Validations.of(x).acknowledge(...)` recorded in the construct tree. */
function acknowledgements(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([key, reason]) => ({
          path: c.node.path,
          id: key.replace(/^annotation::/i, ''),
          reason: String(reason),
        })),
      ),
  );
}

/** `rule @ construct path` for every finding the packs report. */
function findings(root: IConstruct, honourAcknowledgements: boolean): string[] {
  return packs().flatMap((pack) => {
    // isAcknowledged is NagPack's private hook; turned off, the pack reports what was acknowledged too.
    if (!honourAcknowledgements) Object.defineProperty(pack, 'isAcknowledged', { value: () => false });
    return pack.validateScope(root).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`));
  });
}

const variants: Array<[string, BuildOptions]> = [
  ['dev', { stage: 'dev' }],
  ['prod', { stage: 'prod' }],
  ['prod + KMS + alarm e-mail', { stage: 'prod', context: { 'eccentric:kms': true, 'eccentric:alarmEmail': 'ops@riverside.example' } }],
  [
    'dev + required MFA, threat protection, WAF, custom domain, external IdP',
    {
      stage: 'dev',
      context: {
        'eccentric:mfa': 'required',
        'eccentric:threatProtection': 'enforced',
        'eccentric:webAclArn': 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/eccentric/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab',
        'eccentric:domainName': 'strength.riverside.example',
        'eccentric:certificateArn': 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab',
        'eccentric:jwtIssuer': 'https://login.riverside.example/realms/club',
        'eccentric:jwtAudience': 'eccentric',
      },
    },
  ],
];

describe.each(variants)('cdk-nag AwsSolutions + Serverless: %s', (_name, options) => {
  const { app } = buildStack(options);

  it('reports no unacknowledged finding (a new finding fails here)', () => {
    expect(findings(app, true)).toEqual([]);
  });

  it('acknowledges only findings that occur, each by exact id, on the construct that raises it, with a written reason', () => {
    const raw = findings(app, false);
    const acks = acknowledgements(app);
    expect(raw.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id).toMatch(/^(AwsSolutions-[A-Z]+\d+|Serverless-[A-Za-z]+)(\[.+\])?$/);
      expect(ack.reason.length, ack.id).toBeGreaterThan(60);
      const matches = raw.filter((f) => f.startsWith(`${ack.id} @ `) && `${f.split(' @ ')[1]}/`.startsWith(`${ack.path}/`));
      expect(matches, `stale acknowledgement ${ack.id} on ${ack.path}`).not.toEqual([]);
    }
    // One reason per kind of finding: the same text is never reused for a different rule.
    const byReason = new Map<string, Set<string>>();
    for (const ack of acks) byReason.set(ack.reason, (byReason.get(ack.reason) ?? new Set()).add(ack.id.split('[')[0]!));
    for (const [reason, ids] of byReason) expect([...ids], reason).toHaveLength(1);
  });
});

describe('cdk-nag acknowledgements', () => {
  it('are exactly these in the prod stage', () => {
    const { app } = buildStack({ stage: 'prod' });
    expect(acknowledgements(app).map((a) => `${a.id} @ ${a.path.replace(/^Eccentric-prod\//, '')}`).sort()).toMatchInlineSnapshot(`
      [
        "AwsSolutions-CFR1 @ Hosting/Distribution",
        "AwsSolutions-CFR2 @ Hosting/Distribution",
        "AwsSolutions-CFR4 @ Hosting/Distribution",
        "AwsSolutions-COG2 @ Auth/UserPool",
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole] @ BucketNotificationsHandler050a0587b7544547bf325f094a3db834",
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole] @ Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB/ServiceRole",
        "AwsSolutions-IAM5[Action::s3:Abort*] @ Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB/ServiceRole",
        "AwsSolutions-IAM5[Action::s3:DeleteObject*] @ Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB/ServiceRole",
        "AwsSolutions-IAM5[Action::s3:GetBucket*] @ Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB/ServiceRole",
        "AwsSolutions-IAM5[Action::s3:GetObject*] @ Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB/ServiceRole",
        "AwsSolutions-IAM5[Action::s3:List*] @ Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB/ServiceRole",
        "AwsSolutions-IAM5[Resource::*] @ Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB/ServiceRole",
        "AwsSolutions-IAM5[Resource::*] @ Handlers/ApiFunctionRole",
        "AwsSolutions-IAM5[Resource::*] @ Handlers/IngestFunctionRole",
        "AwsSolutions-IAM5[Resource::*] @ Handlers/RecomputeFunctionRole",
        "AwsSolutions-IAM5[Resource::<DataDataBucketA7E8509A.Arn>/chunks/*] @ Handlers/IngestFunctionRole",
        "AwsSolutions-IAM5[Resource::<DataDataBucketA7E8509A.Arn>/reports/*] @ Handlers/ApiFunctionRole",
        "AwsSolutions-IAM5[Resource::<DataDataBucketA7E8509A.Arn>/reports/*] @ Handlers/IngestFunctionRole",
        "AwsSolutions-IAM5[Resource::<DataDataBucketA7E8509A.Arn>/traces/*] @ Handlers/ApiFunctionRole",
        "AwsSolutions-IAM5[Resource::<DataDataBucketA7E8509A.Arn>/traces/*] @ Handlers/IngestFunctionRole",
        "AwsSolutions-IAM5[Resource::<DataDataBucketA7E8509A.Arn>/uploads/*] @ Handlers/ApiFunctionRole",
        "AwsSolutions-IAM5[Resource::<DataDataBucketA7E8509A.Arn>/uploads/*] @ Handlers/IngestFunctionRole",
        "AwsSolutions-IAM5[Resource::<HostingSiteBucket3431FC18.Arn>/*] @ Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB/ServiceRole",
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*] @ Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB/ServiceRole",
        "AwsSolutions-L1 @ Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB",
        "Serverless-LambdaDLQ @ Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB",
        "Serverless-LambdaDLQ @ Handlers/ApiFunction",
        "Serverless-LambdaDLQ @ Handlers/IngestFunction",
        "Serverless-LambdaDLQ @ Handlers/RecomputeFunction",
        "Serverless-LambdaEventSourceMappingDestination @ Handlers/IngestFunction/SqsEventSource:EccentricprodIngestPartsQueueEE412381",
        "Serverless-LambdaEventSourceMappingDestination @ Handlers/IngestFunction/SqsEventSource:EccentricprodIngestQueueE9819705",
        "Serverless-LambdaEventSourceMappingDestination @ Handlers/RecomputeFunction/SqsEventSource:EccentricprodRecomputeQueueFF187EB4",
        "Serverless-LambdaLatestVersion @ Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB",
        "Serverless-LambdaTracing @ Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB",
        "Serverless-SQSRedrivePolicy @ Ingest/Dlq",
        "Serverless-SQSRedrivePolicy @ IngestParts/Dlq",
        "Serverless-SQSRedrivePolicy @ Recompute/Dlq",
      ]
    `);
  });

  it('do not hide a new finding: a queue without DLQ, TLS or encryption added to the stack is reported', () => {
    const { app, stack } = buildStack({ stage: 'prod' });
    new Queue(stack, 'Careless', { enforceSSL: false });
    const reported = findings(app, true).filter((f) => f.includes('/Careless/'));
    expect(reported).toEqual(
      expect.arrayContaining([
        'AwsSolutions-SQS3 @ Eccentric-prod/Careless/Resource',
        'AwsSolutions-SQS4 @ Eccentric-prod/Careless/Resource',
        'Serverless-SQSRedrivePolicy @ Eccentric-prod/Careless/Resource',
      ]),
    );
  });
});

describe('synthesis as `cdk synth` runs it', () => {
  it('passes both cdk-nag packs and aws-cdk-lib\'s CloudFormation schema validation, in both stages', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'eccentric-nag-'));
    try {
      const { app } = buildStacks(['dev', 'prod'], { outdir, cfnValidation: true });
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
      const assembly = app.synth();
      expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['Eccentric-dev', 'Eccentric-prod']);
      const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: unknown[] };
      expect(report.pluginReports).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);

  it('makes synthesis fail on a new finding', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'eccentric-nag-'));
    try {
      const { app, stack } = buildStack({ stage: 'dev', outdir });
      new Queue(stack, 'Careless', { enforceSSL: false });
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
      expect(() => app.synth()).toThrow(/AwsSolutions-SQS3/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
