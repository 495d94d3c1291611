import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { EccentricStack } from './eccentric-stack.ts';
import { MissingDashboardBuild } from './constructs/hosting.ts';
import { readStageConfig, StageConfigError } from './stage-config.ts';

/**
 * CDK app entry (`cdk.json`: `node infra/app.ts`, run by Node 24 with type stripping). One stack per
 * stage (`-c stage=dev|prod`, default dev). Environment-agnostic (no `env`, no lookups), so
 * `npm run synth` works offline without AWS credentials; `cdk deploy` takes account and region from
 * the caller's credentials.
 */
const app = new App();
try {
  const config = readStageConfig((key) => app.node.tryGetContext(key));
  new EccentricStack(app, config.stackName, {
    config,
    description: `Eccentric (${config.stage}): hamstring strength analytics - sign-in, dashboard, API, upload pipeline, alarms`,
    tags: { application: 'eccentric', stage: config.stage },
  });
} catch (error) {
  // A wrong context value or a missing dashboard build: the message says what to do, a stack trace would not.
  if (error instanceof StageConfigError || error instanceof MissingDashboardBuild) {
    process.stderr.write(`eccentric: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

// cdk-nag v3: both packs run as policy-validation plugins during synthesis; unfixable findings are
// acknowledged per finding id in infra/nag-acknowledgements.ts.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true }));

app.synth();
