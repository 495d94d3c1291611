/**
 * A deployed stage's outputs (user pool, queues, URLs), read from CloudFormation with the caller's AWS
 * credentials, so `eccentric admin` and `eccentric redrive` need only `--stage`.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { stages, type Stage } from '../infra/stage-config.ts';
import { stringFlag, type ParsedArgs } from './args.ts';

export interface AwsTarget {
  /** undefined → the SDK's own chain (AWS_REGION, the profile). */
  readonly region: string | undefined;
  readonly stackName: string;
}

/** `--stack NAME`, else `Eccentric-<--stage>`; `--region`. */
export function awsTarget(args: ParsedArgs, what: string): AwsTarget {
  const region = stringFlag(args, 'region');
  const explicit = stringFlag(args, 'stack');
  if (explicit) return { region, stackName: explicit };
  const stage = stringFlag(args, 'stage');
  if (stage === undefined) throw new Error(`${what} needs --stage ${stages.join('|')} (or --stack NAME)`);
  if (!(stages as readonly string[]).includes(stage)) throw new Error(`--stage must be ${stages.join(' or ')}, got "${stage}"`);
  return { region, stackName: `Eccentric-${stage as Stage}` };
}

export async function stackOutputs(target: AwsTarget, client = new CloudFormationClient({ region: target.region })): Promise<Record<string, string>> {
  try {
    const out = await client.send(new DescribeStacksCommand({ StackName: target.stackName }));
    const stack = out.Stacks?.[0];
    if (!stack) throw new Error(`stack ${target.stackName} not found`);
    return Object.fromEntries((stack.Outputs ?? []).filter((o) => o.OutputKey && o.OutputValue).map((o) => [o.OutputKey!, o.OutputValue!]));
  } catch (error) {
    const e = error as Error;
    if (e.name === 'ValidationError' && /does not exist/.test(e.message)) {
      throw new Error(`no stack ${target.stackName} in ${await regionName(client)}: deploy it first (README "Deploy to AWS") or pass --region / --stack`);
    }
    if (/Region is missing/i.test(e.message)) throw new Error('no AWS region: pass --region REGION or set AWS_REGION (the region you deployed to)');
    if (/Could not load credentials/i.test(e.message)) throw new Error('no AWS credentials: run `aws configure` (or `aws sso login`), or set AWS_PROFILE');
    throw error;
  }
}

/** The named output, or an error saying which stack lacks it. */
export function requireOutput(outputs: Record<string, string>, name: string, target: AwsTarget): string {
  const value = outputs[name];
  if (!value) throw new Error(`stack ${target.stackName} has no output ${name}: redeploy it with this version (npx cdk deploy)`);
  return value;
}

async function regionName(client: CloudFormationClient): Promise<string> {
  try {
    return await client.config.region();
  } catch {
    return 'the configured region';
  }
}
