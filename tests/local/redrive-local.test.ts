import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { runRedriveLocal } from '../../cli/redrive-local.ts';
import { localS3Client } from '#infra/local/demo.ts';
import { LocalQueues } from '#infra/local/local-queues.ts';
import { notificationBody } from '#infra/local/s3-bridge.ts';
import { startLocalStack } from '#infra/local/stack.ts';
import { repoRoot } from '../support/paths.ts';

const cli = join(repoRoot, 'bin/eccentric.mjs');

describe('eccentric redrive --local', () => {
  it('lists the dead letters with their reasons and moves them back through the running stack, which delivers them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eccentric-redrive-'));
    const stack = await startLocalStack({ dataDir: dir, retryDelayMs: 20, teamId: 'real' });
    const s3 = localS3Client(stack);
    try {
      // A notification that arrives before its object: five failed deliveries, then the dead-letter queue.
      const key = 'uploads/real/late.csv';
      const body = notificationBody({ Records: [{ eventName: 'ObjectCreated:Put', eventTime: new Date().toISOString(), s3: { bucket: { name: stack.bucket }, object: { key, eTag: 'early', size: 1 } } } as never] })!;
      await stack.queue.send(body);
      await stack.whenIdle();
      expect(stack.queue.deadLetters).toHaveLength(1);
      expect(stack.queue.deadLetters[0]!.reason).toMatch(/does not exist|NoSuchKey/);
      await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: 'athleteId,name\nr-1,Late Athlete\n' }));
      await stack.whenIdle();

      // As npm start leaves them: the lock of a live process and the connection file.
      writeFileSync(join(dir, 'lock.json'), JSON.stringify({ pid: process.pid }));
      writeFileSync(join(dir, 'local.json'), JSON.stringify({ sqsEndpoint: stack.sqsEndpoint }));
      let out = '';
      const before = stack.queue.invocations;
      expect(await runRedriveLocal(['--data', dir, '--queue', 'ingest'], (s) => void (out += s))).toBe(0);
      expect(out).toMatch(/^eccentric-ingest-dlq: 1 dead letter\n {2}\S+ {2}5 deliveries {2}.*(does not exist|NoSuchKey)/);
      expect(out).toMatch(/moved 1 back to eccentric-ingest; the running stack delivers them now/);
      await stack.whenIdle();
      expect(stack.queue.invocations).toBe(before + 1); // delivered once, and it succeeded
      expect(stack.queue.deadLetters).toEqual([]);
    } finally {
      s3.destroy();
      await stack.stop();
      rmSync(join(dir, 'lock.json'), { force: true });
    }
  });

  it('moves them back in the queue files when the stack is stopped, for its next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eccentric-redrive-'));
    const queues = new LocalQueues(dir);
    const ingest = queues.get('eccentric-ingest')!;
    const [m] = await ingest.send([{ body: '{"Records":[]}' }]);
    ingest.receive(1);
    await ingest.moveTo(queues.get('eccentric-ingest-dlq')!, m!.id, { reason: 'Error: boom', source: 'eccentric-ingest' });
    queues.close();

    const run = spawnSync(process.execPath, [cli, 'redrive', '--local', '--data', dir], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`eccentric-ingest-dlq: 1 dead letter\n  ${m!.id}  1 deliveries  Error: boom\neccentric-ingest-parts-dlq: 0 dead letters\neccentric-recompute-dlq: 0 dead letters\nmoved 1 back to eccentric-ingest; delivered on the next npm start\n`);
    const after = new LocalQueues(dir);
    expect(after.get('eccentric-ingest')!.list().map((x) => [x.id, x.count, x.reason])).toEqual([[m!.id, 0, undefined]]);
    expect(after.get('eccentric-ingest-dlq')!.list()).toEqual([]);
    after.close();
  });

  it('refuses a folder that is not a data folder, and an unknown queue', () => {
    const empty = mkdtempSync(join(tmpdir(), 'eccentric-redrive-'));
    const run = spawnSync(process.execPath, [cli, 'redrive', '--local', '--data', empty], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/holds no local queues/);
    const bad = spawnSync(process.execPath, [cli, 'redrive', '--local', '--data', empty, '--queue', 'nope'], { encoding: 'utf8' });
    expect(bad.stderr).toMatch(/--queue must be ingest, ingest-parts, recompute, not "nope"/);
  });
});
