import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EccentricStack } from './eccentric-stack.ts';

/**
 * CDK app entry (`cdk.json`: `node infra/app.ts`, run by Node 24 with type stripping).
 * The stack is environment-agnostic (no `env`, no lookups) so `npm run synth` works offline
 * without AWS credentials. JWT issuer/audience come from CDK context (see EccentricStack).
 */
const app = new App();

new EccentricStack(app, 'Eccentric', {
  description: 'Eccentric: S3 uploads -> SQS -> ingest Lambda -> DynamoDB, plus the dashboard HTTP API',
});

// cdk-nag v3: AwsSolutions rules run as a policy-validation plugin during synthesis;
// unfixable findings are acknowledged per finding id in the stack.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

app.synth();
