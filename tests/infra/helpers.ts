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
  /** Run esbuild (slow). Default false: `aws:cdk:bundling-stacks: []` skips bundling. */
  readonly bundle?: boolean;
  readonly context?: Record<string, unknown>;
  readonly outdir?: string;
}

export function buildStack(options: BuildOptions = {}): { app: App; stack: EccentricStack } {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    context: {
      stage: options.stage ?? 'dev',
      'eccentric:dashboardDir': fakeDashboardDir,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  const config = readStageConfig((key) => app.node.tryGetContext(key));
  const stack = new EccentricStack(app, config.stackName, {
    config,
    handlerEntries: options.bundle ? realEntries : unitTestEntries,
  });
  return { app, stack };
}
