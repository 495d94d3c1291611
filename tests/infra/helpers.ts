import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { repoRoot } from '../../infra/constructs/node-function.ts';
import { defaultHandlerEntries, type HandlerEntries } from '../../infra/constructs/handlers.ts';
import { EccentricStack } from '../../infra/eccentric-stack.ts';
import { readStageConfig, type Stage } from '../../infra/stage-config.ts';

export const realEntries: HandlerEntries = {
  ingest: path.join(repoRoot, defaultHandlerEntries.ingest),
  api: path.join(repoRoot, defaultHandlerEntries.api),
  recompute: path.join(repoRoot, defaultHandlerEntries.recompute),
};
export const handlersExist = Object.values(realEntries).every((file) => existsSync(file));

const stubEntry = path.join(repoRoot, 'tests/infra/stub-handler.ts');

/**
 * Unit-test entries: the real handler files when present, otherwise a stub, because NodejsFunction
 * requires an existing entry file even when bundling is skipped.
 */
export const unitTestEntries: HandlerEntries = {
  ingest: existsSync(realEntries.ingest) ? realEntries.ingest : stubEntry,
  api: existsSync(realEntries.api) ? realEntries.api : stubEntry,
  recompute: existsSync(realEntries.recompute) ? realEntries.recompute : stubEntry,
};

/**
 * A stand-in dashboard build (index.html plus one hashed asset), so the stack's tests never depend on
 * `npm run build` having run. Its content is fixed, so its asset hash is too.
 */
export const fakeDashboardDir = (() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'eccentric-dashboard-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Eccentric</title><script type="module" src="/assets/app-0123abcd.js"></script>\n');
  writeFileSync(path.join(dir, 'assets', 'app-0123abcd.js'), 'console.log("dashboard");\n');
  return dir;
})();

export interface BuildOptions {
  readonly stage?: Stage;
  /**
   * Run aws-cdk-lib's built-in CloudFormation schema validation on synth, as `cdk synth` does.
   * Off by default: its engine takes ~10 s to start in each test process.
   */
  readonly cfnValidation?: boolean;
  /** Run esbuild (slow). Default false: `aws:cdk:bundling-stacks: []` skips bundling. */
  readonly bundle?: boolean;
  readonly context?: Record<string, unknown>;
  readonly outdir?: string;
}

export function buildStack(options: BuildOptions = {}): { app: App; stack: EccentricStack } {
  const { app, stacks } = buildStacks([options.stage ?? 'dev'], options);
  return { app, stack: stacks[0]! };
}

/** One app holding a stack per stage (as two `cdk synth -c stage=…` runs would give). */
export function buildStacks(stages: readonly Stage[], options: Omit<BuildOptions, 'stage'> = {}): { app: App; stacks: EccentricStack[] } {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    builtinCloudFormationValidation: options.cfnValidation ?? false,
    context: {
      'eccentric:dashboardDir': fakeDashboardDir,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  const stacks = stages.map((stage) => {
    const config = readStageConfig((key) => (key === 'stage' ? stage : app.node.tryGetContext(key)));
    return new EccentricStack(app, config.stackName, {
      config,
      handlerEntries: options.bundle ? realEntries : unitTestEntries,
    });
  });
  return { app, stacks };
}
