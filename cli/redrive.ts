/**
 * `eccentric redrive --stage …`: after a fix, moves dead letters back to the queue they came from with
 * SQS's own message move task (StartMessageMoveTask: SQS moves them, in order, at its own pace; the
 * destination defaults to each message's original queue). `--local` belongs to cli/redrive-local.ts.
 */
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { outputNames } from '../infra/stack-output-names.ts';
import { parseArgs, stringFlag } from './args.ts';
import { awsTarget, requireOutput, stackOutputs } from './stack-outputs.ts';

export const redriveUsage = `  eccentric redrive --stage dev|prod [--queue ingest|ingest-parts|recompute] [--wait] [--region REGION] [--stack NAME]
      Moves the dead-letter queue's messages back to their queue after a fix (both queues by default);
      --wait follows the move until SQS reports it finished.
  eccentric redrive --local [--data DIR] [--queue ingest|ingest-parts|recompute]
      The same for npm start's local queues.
`;

const queues = { ingest: outputNames.ingestDlqArn, 'ingest-parts': outputNames.ingestPartsDlqArn, recompute: outputNames.recomputeDlqArn } as const;
type QueueName = keyof typeof queues;

export interface RedriveDeps {
  readonly out: (text: string) => void;
  readonly sqs?: (region: string | undefined) => SQSClient;
  readonly outputs?: typeof stackOutputs;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Poll interval of --wait. */
  readonly pollMs?: number;
}

export async function runRedrive(argv: string[], deps: RedriveDeps = { out: (t) => process.stdout.write(t) }): Promise<number> {
  const args = parseArgs(argv, ['stage', 'stack', 'region', 'queue', 'data']);
  if (args.flags.get('help') === true) {
    deps.out(redriveUsage);
    return 0;
  }
  const queueFlag = stringFlag(args, 'queue');
  if (queueFlag !== undefined && !(queueFlag in queues)) throw new Error(`--queue must be ingest, ingest-parts or recompute, got "${queueFlag}"`);
  const names: QueueName[] = queueFlag ? [queueFlag as QueueName] : (Object.keys(queues) as QueueName[]);
  const target = awsTarget(args, 'redrive');
  const outputs = await (deps.outputs ?? stackOutputs)(target);
  const sqs = deps.sqs?.(target.region) ?? new SQSClient({ region: target.region });
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let failed = false;
  for (const name of names) {
    if (!queueFlag && outputs[queues[name]] === undefined && name === 'ingest-parts') {
      deps.out(`${name}: not in this stack (deployed before large uploads were stored in chunks)\n`);
      continue;
    }
    const dlqArn = requireOutput(outputs, queues[name], target);
    const waiting = await deadLetters(sqs, dlqArn);
    if (waiting === 0) {
      deps.out(`${name}: no dead letters\n`);
      continue;
    }
    const running = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 1 }));
    if (running.Results?.[0]?.Status === 'RUNNING') {
      deps.out(`${name}: a move is already running (${running.Results[0].ApproximateNumberOfMessagesMoved ?? 0} moved so far)\n`);
      continue;
    }
    const task = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
    deps.out(`${name}: moving ${waiting} dead letter${waiting === 1 ? '' : 's'} back to the ${name} queue (task ${task.TaskHandle})\n`);
    if (args.flags.get('wait') !== true) continue;
    for (;;) {
      await sleep(deps.pollMs ?? 5000);
      const [latest] = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 1 }))).Results ?? [];
      if (!latest || latest.Status === 'RUNNING') continue;
      deps.out(`${name}: ${latest.Status?.toLowerCase()}, ${latest.ApproximateNumberOfMessagesMoved ?? 0} moved${latest.FailureReason ? ` (${latest.FailureReason})` : ''}\n`);
      if (latest.Status !== 'COMPLETED') failed = true;
      break;
    }
  }
  return failed ? 1 : 0;
}

/** ApproximateNumberOfMessages of the queue with this ARN (`arn:aws:sqs:<region>:<account>:<name>`). */
async function deadLetters(sqs: SQSClient, arn: string): Promise<number> {
  const [, , , , account, queueName] = arn.split(':');
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName, QueueOwnerAWSAccountId: account }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}
