import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { repoRoot } from '../../infra/constructs/node-function.ts';
import { defaultHandlerEntries, EccentricStack } from '../../infra/eccentric-stack.ts';

/** The context that `cdk synth` gets from cdk.json (JWT issuer/audience placeholders). */
export const cdkJsonContext: Record<string, unknown> = JSON.parse(
  readFileSync(path.join(repoRoot, 'cdk.json'), 'utf8'),
).context;

export const realEntries = {
  ingest: path.join(repoRoot, defaultHandlerEntries.ingest),
  api: path.join(repoRoot, defaultHandlerEntries.api),
};
export const handlersExist = existsSync(realEntries.ingest) && existsSync(realEntries.api);

const stubEntry = path.join(repoRoot, 'tests/infra/stub-handler.ts');

/**
 * Unit-test entries: the real handler files when present, otherwise a stub, because NodejsFunction
 * requires an existing entry file even when bundling is skipped.
 */
export const unitTestEntries = {
  ingest: existsSync(realEntries.ingest) ? realEntries.ingest : stubEntry,
  api: existsSync(realEntries.api) ? realEntries.api : stubEntry,
};

export interface BuildOptions {
  /** Run esbuild (slow). Default false: `aws:cdk:bundling-stacks: []` skips bundling. */
  readonly bundle?: boolean;
  readonly context?: Record<string, unknown>;
  readonly outdir?: string;
}

export function buildStack(options: BuildOptions = {}): { app: App; stack: EccentricStack } {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    context: {
      ...cdkJsonContext,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  const stack = new EccentricStack(app, 'Eccentric', {
    handlerEntries: options.bundle ? realEntries : unitTestEntries,
  });
  return { app, stack };
}
