import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** Repository root (this file lives in infra/constructs/). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Banner that gives ESM bundles a working `require` for CommonJS dependencies bundled by esbuild. */
export const esmRequireBanner =
  "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

export interface NodeFunctionProps {
  /** Handler file, relative to the repository root (e.g. `functions/ingest.ts`) or absolute. */
  readonly entry: string;
  /** Exported handler name. @default 'handler' */
  readonly handler?: string;
  readonly description?: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment?: Record<string, string>;
  /** Retention of the function's own log group. */
  readonly logRetention: RetentionDays;
}

/**
 * NodejsFunction with the project's defaults: Node.js 24 on arm64, ESM bundle built by the local
 * esbuild (no Docker), minified with source maps, active X-Ray tracing, an explicit log group with retention, and an execution role
 * that may write only to that log group (no AWSLambdaBasicExecutionRole managed policy; callers add
 * least-privilege statements with `addToRolePolicy`).
 *
 * The log group and role are created next to the function (ids `<id>LogGroup`, `<id>Role`) because
 * they must exist before `super()` runs.
 */
export class NodeFunction extends NodejsFunction {
  readonly functionLogGroup: LogGroup;
  /** The execution role (a sibling construct: acknowledge IAM findings on it, not on the function). */
  readonly executionRole: Role;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: props.logRetention,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${id} function`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry: path.resolve(repoRoot, props.entry),
      handler: props.handler ?? 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role,
      logGroup,
      // X-Ray: Lambda records each invocation; Powertools Tracer (when a handler uses it) adds the SDK
      // calls as subsegments. CDK adds the two X-Ray write actions to the role.
      tracing: Tracing.ACTIVE,
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: esmRequireBanner,
        sourceMap: true,
        minify: true,
        // Bundle the AWS SDK too: the deployed code then runs the exact SDK versions that the tests
        // ran (presigner checksum behaviour depends on the SDK version, see engineering notes §2.7).
        externalModules: [],
      },
    });

    this.functionLogGroup = logGroup;
    this.executionRole = role;
  }
}
