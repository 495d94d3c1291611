import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { buildStack } from './helpers.ts';

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

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

/** AwsSolutions findings as if nothing had been acknowledged (isAcknowledged is a private hook of NagPack). */
function unacknowledgedFindings(root: IConstruct): string[] {
  const pack = new AwsSolutionsChecks();
  Object.defineProperty(pack, 'isAcknowledged', { value: () => false });
  return pack
    .validateScope(root)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`));
}

describe('cdk-nag AwsSolutions', () => {
  it('reports no violations for the stack', () => {
    const { app } = buildStack();
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges only findings that actually occur, each by exact id with a written reason', () => {
    const { app } = buildStack();
    const raw = unacknowledgedFindings(app);
    const acks = acknowledgements(app);
    // Sanity: without acknowledgements the pack does find something (so the hook above works).
    expect(raw.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(ack.reason.length).toBeGreaterThan(40);
      // Each acknowledgement matches a raw finding on that construct or below it (no stale entries).
      const matches = raw.filter(
        (f) => f.startsWith(`${ack.id} @ `) && `${f.split(' @ ')[1]}/`.startsWith(`${ack.path}/`),
      );
      expect(matches, `stale acknowledgement ${ack.id} on ${ack.path}`).not.toEqual([]);
    }
    expect(acks.map((a) => `${a.id} @ ${a.path}`).sort()).toMatchInlineSnapshot(`
      [
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole] @ Eccentric/BucketNotificationsHandler050a0587b7544547bf325f094a3db834",
        "AwsSolutions-IAM5[Resource::<DataBucketE3889A50.Arn>/reports/*] @ Eccentric/ApiFunctionRole",
        "AwsSolutions-IAM5[Resource::<DataBucketE3889A50.Arn>/reports/*] @ Eccentric/IngestFunctionRole",
        "AwsSolutions-IAM5[Resource::<DataBucketE3889A50.Arn>/traces/*] @ Eccentric/ApiFunctionRole",
        "AwsSolutions-IAM5[Resource::<DataBucketE3889A50.Arn>/traces/*] @ Eccentric/IngestFunctionRole",
        "AwsSolutions-IAM5[Resource::<DataBucketE3889A50.Arn>/uploads/*] @ Eccentric/ApiFunctionRole",
        "AwsSolutions-IAM5[Resource::<DataBucketE3889A50.Arn>/uploads/*] @ Eccentric/IngestFunctionRole",
      ]
    `);
  });

  it('passes the validation plugin during synthesis, as registered by infra/app.ts', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'eccentric-nag-'));
    try {
      const { app } = buildStack({ outdir });
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      expect(() => app.synth()).not.toThrow();
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
