import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localS3Client } from '#infra/local/demo.ts';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '#infra/local/stack.ts';
import { hubExportCsv } from '../../shared/synthetic/hub-export.ts';
import { storedState } from '../support/stored-state.ts';
import { randomPortBase } from '../support/ports.ts';

/**
 * A handler timeout in the middle of a batch, on the real local servers: a large and a small upload are
 * delivered in one batch to a function whose timeout the large one cannot meet. Every try is cut off
 * (the sandbox terminated), the whole batch returns, and after 5 both are dead letters with the reason.
 * Redriven to a function with time enough, both finish, storing what undisturbed uploads store.
 */
const large = hubExportCsv({ template: 'compact', tests: 8000, athletes: 150, seed: 3, startDate: new Date('2024-01-02') });
const small = hubExportCsv({ template: 'compact', tests: 20, athletes: 5, seed: 4, startDate: new Date('2024-01-02') });
let stack: LocalStack | undefined;
afterAll(async () => {
  await stack?.stop();
});

describe('a handler timeout mid-batch', () => {
  it('stops the work, dead-letters the batch after 5 tries with the reason, and a redrive completes both uploads exactly', async () => {
    const base = randomPortBase();
    // The same folder and ports for every start (the API handler of this process keeps its clients).
    const options: LocalStackOptions = { dataDir: mkdtempSync(join(tmpdir(), 'eccentric-timeout-')), persistDynamo: true, s3Port: base + 1, dynamoPort: base + 2, sqsPort: base + 3, retryDelayMs: 20 };
    const state = (team: string) => storedState(`http://127.0.0.1:${base + 2}`, team);
    stack = await startLocalStack(options);
    const s3 = localS3Client(stack);
    const put = (team: string, body: string) => s3.send(new PutObjectCommand({ Bucket: stack!.bucket, Key: `uploads/${team}/season.csv`, Body: body }));
    await put('control-large', large);
    await put('control-small', small);
    await new Promise((r) => setTimeout(r, 20));
    await stack.whenIdle();
    // Queue the two uploads without consuming them, so the next start delivers them as one batch.
    await stack.queue.stop();
    await put('cut-large', large);
    await put('cut-small', small);
    await new Promise((r) => setTimeout(r, 100));
    expect(stack.queue.queue.list()).toHaveLength(2);
    s3.destroy();
    await stack.stop();

    stack = await startLocalStack({ ...options, ingest: { timeoutMs: 1500 } });
    await stack.whenIdle();
    expect(stack.queue.deadLetters.map((d) => [d.record.attributes.ApproximateReceiveCount, d.reason])).toEqual([
      ['5', 'Task timed out after 1.50 seconds'],
      ['5', 'Task timed out after 1.50 seconds'],
    ]);
    expect(stack.queue.invocations).toBe(5); // one batch of two, five times
    const cut = await state('cut-large');
    expect(cut.uploads.map((u) => u.status)).toEqual(['processing']); // cut off each time, never finished
    expect(cut.tests.length).toBeLessThan((await state('control-large')).tests.length);
    await stack.stop();

    stack = await startLocalStack(options);
    await stack.queues.redrive(stack.queue.deadLetterQueue);
    await stack.whenIdle();
    expect(stack.queue.deadLetters).toEqual([]);
    for (const size of ['large', 'small']) {
      const [resumed, control] = await Promise.all([state(`cut-${size}`), state(`control-${size}`)]);
      expect(resumed.tests.length).toBeGreaterThan(0);
      expect(resumed.tests, size).toEqual(control.tests);
      expect(resumed.athletes, size).toEqual(control.athletes);
      expect(resumed.uploads.map((u) => [u.status, u.storedTests])).toEqual(control.uploads.map((u) => [u.status, u.storedTests]));
    }
  }, 300_000);
});
