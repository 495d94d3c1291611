/**
 * `eccentric redrive --local [--data DIR] [--queue ingest|ingest-parts|recompute]`: moves the local stack's dead letters
 * back to their queue. With the stack running on the folder, through its SQS endpoint
 * (StartMessageMoveTask, as on AWS), so it delivers them at once; with it stopped, in the queue files
 * themselves (under the folder's lock), delivered on the next `npm start`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { lockHolder, releaseLock, takeLock } from '../infra/local/data-lock.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../infra/local/durable-queue.ts';
import { deadLetterName, LocalQueues, QUEUES } from '../infra/local/local-queues.ts';
import { QueueLog, type StoredMessage } from '../infra/local/queue-log.ts';
import { parseArgs, stringFlag } from './args.ts';

const arnOf = (name: string) => `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`;

export async function runRedriveLocal(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const args = parseArgs(argv, ['data', 'queue']);
  const dataDir = resolve(stringFlag(args, 'data') ?? '.eccentric');
  const queue = stringFlag(args, 'queue');
  // The flag names a queue as its name says it (eccentric-ingest-parts: ingest-parts).
  const byFlag = new Map(Object.values(QUEUES).map((name) => [name.replace(/^eccentric-/, ''), name]));
  if (queue !== undefined && !byFlag.has(queue)) throw new Error(`--queue must be ${[...byFlag.keys()].join(', ')}, not "${queue}"`);
  if (!existsSync(join(dataDir, 'queues'))) throw new Error(`${dataDir} holds no local queues: is it a data folder of npm start? (--data DIR)`);
  const names = queue ? [byFlag.get(queue)!] : Object.values(QUEUES);

  // What waits, read without writing: the running stack owns the files.
  const waiting = new Map<string, StoredMessage[]>(names.map((name) => [name, [...QueueLog.read(join(dataDir, 'queues', deadLetterName(name), 'messages.log')).values()]]));
  for (const [name, letters] of waiting) {
    out(`${deadLetterName(name)}: ${letters.length} dead letter${letters.length === 1 ? '' : 's'}\n`);
    for (const m of letters) out(`  ${m.id}  ${m.count} deliveries  ${(m.reason ?? '').slice(0, 200)}\n`);
  }
  const toMove = names.filter((name) => waiting.get(name)!.length > 0);
  if (toMove.length === 0) return 0;

  const holder = lockHolder(dataDir);
  if (holder) {
    const local = JSON.parse(readFileSync(join(dataDir, 'local.json'), 'utf8')) as { sqsEndpoint?: string };
    if (!local.sqsEndpoint) throw new Error(`the stack running on ${dataDir} (pid ${holder.pid}) has no SQS endpoint: restart it with this version`);
    const sqs = new SQSClient({ region: LOCAL_REGION, endpoint: local.sqsEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      for (const name of toMove) {
        await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(deadLetterName(name)), DestinationArn: arnOf(name) }));
        out(`moved ${waiting.get(name)!.length} back to ${name}; the running stack delivers them now\n`);
      }
    } finally {
      sqs.destroy();
    }
    return 0;
  }

  const lock = takeLock(dataDir);
  if (!lock.ok) throw new Error(`${dataDir} is being started right now; run redrive again once it is up`);
  const queues = new LocalQueues(dataDir);
  try {
    for (const name of toMove) {
      const moved = await queues.redrive(queues.get(deadLetterName(name))!, queues.get(name)!);
      out(`moved ${moved} back to ${name}; delivered on the next npm start\n`);
    }
  } finally {
    queues.close();
    releaseLock(dataDir);
  }
  return 0;
}
