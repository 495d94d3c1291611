import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runRedrive } from '../../cli/redrive.ts';
import { repoRoot } from '../support/paths.ts';

const sqs = mockClient(SQSClient);
const ingestDlq = 'arn:aws:sqs:eu-west-1:123456789012:Eccentric-prod-IngestDlq-AbC';
const recomputeDlq = 'arn:aws:sqs:eu-west-1:123456789012:Eccentric-prod-RecomputeDlq-XyZ';
const partsDlq = 'arn:aws:sqs:eu-west-1:123456789012:Eccentric-prod-IngestPartsDlq-Def';
const outputs = async () => ({ IngestDlqArn: ingestDlq, IngestPartsDlqArn: partsDlq, RecomputeDlqArn: recomputeDlq });

async function redrive(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runRedrive(argv, { out: (t) => (out += t), outputs, sleep: async () => {}, pollMs: 0 });
  return { code, out };
}

function deadLetters(counts: Record<string, number>): void {
  for (const [arn, count] of Object.entries(counts)) {
    const name = arn.split(':')[5]!;
    const url = `https://sqs.eu-west-1.amazonaws.com/123456789012/${name}`;
    sqs.on(GetQueueUrlCommand, { QueueName: name, QueueOwnerAWSAccountId: '123456789012' }).resolves({ QueueUrl: url });
    sqs.on(GetQueueAttributesCommand, { QueueUrl: url }).resolves({ Attributes: { ApproximateNumberOfMessages: String(count) } });
  }
}

beforeEach(() => sqs.reset());

describe('eccentric redrive --stage', () => {
  it('starts an SQS message move task from each DLQ that holds messages, back to the original queue', async () => {
    deadLetters({ [ingestDlq]: 3, [partsDlq]: 0, [recomputeDlq]: 0 });
    sqs.on(ListMessageMoveTasksCommand).resolves({ Results: [] });
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
    const { code, out } = await redrive('--stage', 'prod');
    expect(code).toBe(0);
    expect(out).toBe('ingest: moving 3 dead letters back to the ingest queue (task task-1)\ningest-parts: no dead letters\nrecompute: no dead letters\n');
    // No DestinationArn: SQS returns each message to the queue it was dead-lettered from.
    expect(sqs.commandCalls(StartMessageMoveTaskCommand).map((c) => c.args[0].input)).toEqual([{ SourceArn: ingestDlq }]);
  });

  it('--queue picks one queue; a move already running is reported, not doubled', async () => {
    deadLetters({ [recomputeDlq]: 7 });
    sqs.on(ListMessageMoveTasksCommand).resolves({ Results: [{ Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 2 }] });
    const { code, out } = await redrive('--stage', 'prod', '--queue', 'recompute');
    expect({ code, out }).toEqual({ code: 0, out: 'recompute: a move is already running (2 moved so far)\n' });
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)).toHaveLength(0);
    expect(sqs.commandCalls(GetQueueUrlCommand).map((c) => c.args[0].input.QueueName)).toEqual(['Eccentric-prod-RecomputeDlq-XyZ']);
  });

  it('--wait follows the task until SQS reports it finished; a failed move exits 1 with the reason', async () => {
    deadLetters({ [ingestDlq]: 1 });
    sqs
      .on(ListMessageMoveTasksCommand)
      .resolvesOnce({ Results: [] })
      .resolvesOnce({ Results: [{ Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 0 }] })
      .resolvesOnce({ Results: [{ Status: 'FAILED', ApproximateNumberOfMessagesMoved: 0, FailureReason: 'AccessDenied' }] });
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-2' });
    const { code, out } = await redrive('--stage', 'prod', '--queue', 'ingest', '--wait');
    expect(code).toBe(1);
    expect(out).toBe('ingest: moving 1 dead letter back to the ingest queue (task task-2)\ningest: failed, 0 moved (AccessDenied)\n');
    expect(sqs.commandCalls(ListMessageMoveTasksCommand)).toHaveLength(3);
  });

  it('refuses an unknown queue and a missing stage', async () => {
    await expect(redrive('--stage', 'prod', '--queue', 'uploads')).rejects.toThrow('--queue must be ingest, ingest-parts or recompute, got "uploads"');
    await expect(redrive()).rejects.toThrow('redrive needs --stage dev|prod (or --stack NAME)');
    expect(sqs.calls()).toHaveLength(0);
  });
});

describe('eccentric redrive --local (dispatch)', () => {
  it('goes to cli/redrive-local.ts when it exists, and says so plainly when it does not', () => {
    const out = spawnSync(process.execPath, [join(repoRoot, 'bin/eccentric.mjs'), 'redrive', '--local', '--help'], { encoding: 'utf8' });
    if (existsSync(join(repoRoot, 'cli/redrive-local.ts'))) {
      expect(out.stderr).not.toContain('not available in this version');
    } else {
      expect(out.status).toBe(1);
      expect(out.stderr).toBe('eccentric: redrive --local is not available in this version\n');
    }
  });
});
