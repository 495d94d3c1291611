import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { EccentricStack } from './eccentric-stack.ts';
import { readStageConfig } from './stage-config.ts';

/**
 * CDK app entry (`cdk.json`: `node infra/app.ts`, run by Node 24 with type stripping). One stack per
 * stage (`-c stage=dev|prod`, default dev). Environment-agnostic (no `env`, no lookups), so
 * `npm run synth` works offline without AWS credentials; `cdk deploy` takes account and region from
 * the caller's credentials.
 */
const app = new App();
const config = readStageConfig((key) => app.node.tryGetContext(key));

new EccentricStack(app, config.stackName, {
  config,
  description: `Eccentric (${config.stage}): hamstring strength analytics - sign-in, dashboard, API, upload pipeline, alarms`,
  tags: { application: 'eccentric', stage: config.stage },
});

// cdk-nag v3: both packs run as policy-validation plugins during synthesis; unfixable findings are
// acknowledged per finding id in infra/nag-acknowledgements.ts.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true }));

app.synth();
