import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/constructs/node-function.ts';
import { buildStack } from './helpers.ts';
import { StackView } from './template-tools.ts';

/** Set by Lambda itself (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime). */
const lambdaProvided = /^(AWS_REGION|AWS_DEFAULT_REGION|AWS_LAMBDA_[A-Z_]+|AWS_EXECUTION_ENV|_HANDLER|_X_AMZN_TRACE_ID|LAMBDA_TASK_ROOT|TZ)$/;
/**
 * Set only by the local runtime (npm start, tests): the SDK pointed at s3rver, dynalite and the local SQS;
 * DYNAMO_USAGE_DIR, where bench/pipeline.ts collects each sandbox's DynamoDB counts (AWS has the metrics).
 */
const localOnly = /^(AWS_ENDPOINT_URL_(S3|DYNAMODB|SQS)|DYNAMO_USAGE_DIR)$/;

function sources(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Environment variable names a source file reads: `process.env.X`, `process.env['X']`, `required('X')`. */
function envReads(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const names = [...text.matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\])|\brequired\(\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\)/g)];
  return names.map((m) => m[1] ?? m[2] ?? m[3]!);
}

describe('handler configuration comes only from the environment the stack sets', () => {
  const { stack } = buildStack({ stage: 'prod' });
  const view = new StackView(stack);
  const functions = [stack.handlers.ingestFunction, stack.handlers.recomputeFunction, stack.handlers.apiFunction];
  const stackSet = functions.map((fn) => new Set(Object.keys(view.resource(fn).Properties.Environment.Variables as object)));

  it('sets the shared variables on every function', () => {
    for (const set of stackSet) {
      for (const name of ['TABLE_NAME', 'BUCKET_NAME', 'INGEST_QUEUE_URL', 'RECOMPUTE_QUEUE_URL', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE']) {
        expect(set.has(name), name).toBe(true);
      }
    }
  });

  it('gives every variable a handler reads a value on AWS (the stack or Lambda) — none is left to a default by accident', () => {
    const reads = sources('functions').flatMap((file) => envReads(file).map((name) => ({ file: path.relative(repoRoot, file), name })));
    expect(reads.map((r) => r.name)).toContain('TABLE_NAME');
    const unset = reads.filter(({ name }) => !lambdaProvided.test(name) && !localOnly.test(name) && !stackSet.every((set) => set.has(name)));
    expect(unset).toEqual([]);
  });

  it('keeps shared/ free of environment reads (the core is pure)', () => {
    const reads = sources('shared').flatMap((file) => envReads(file).map((name) => `${path.relative(repoRoot, file)}: ${name}`));
    expect(reads).toEqual([]);
  });
});
