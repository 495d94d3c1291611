import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DurableQueue } from '#infra/local/durable-queue.ts';
import { EventSourceMapping, type MappingOptions } from '#infra/local/event-source.ts';
import { FunctionPool, type FunctionConfig } from '#infra/local/function-pool.ts';
import { repoRoot } from '../support/paths.ts';

const markers = mkdtempSync(join(tmpdir(), 'eccentric-markers-'));
const mappings: EventSourceMapping[] = [];
afterEach(async () => {
  for (const m of mappings.splice(0)) await m.stop();
});

function mapping(exportName: string, options: Partial<MappingOptions> = {}, fn: Partial<FunctionConfig> = {}, dir = mkdtempSync(join(tmpdir(), 'eccentric-esm-'))) {
  const module = join(repoRoot, exportName === 'batch' ? 'tests/fixtures/local/batch-handler.ts' : 'tests/fixtures/local/handlers.ts');
  const pool = new FunctionPool({ name: `esm-${exportName}`, module, exportName: exportName === 'batch' ? 'handler' : exportName, timeoutMs: 5000, memoryMb: 256, env: { MARKER_DIR: markers }, ...fn });
  const queue = DurableQueue.open(dir, 'q');
  const m = new EventSourceMapping(queue, DurableQueue.open(dir, 'q-dlq'), pool, { batchSize: 5, maxConcurrency: 4, maxReceiveCount: 3, retryDelayMs: 10, ...options });
  mappings.push(m);
  return { m, queue, pool, dir };
}
const doneMarkers = () => new Set(readdirSync(markers).map((f) => f.replace(/\.done$/, '')));

describe('the event source mapping (SQS → Lambda, locally)', () => {
  it('deletes what succeeded, redelivers only the reported failures and dead-letters them after maxReceiveCount', async () => {
    const { m, queue } = mapping('records');
    const [a, b, c] = await queue.send([{ body: 'a' }, { body: 'fail-b' }, { body: 'c' }]);
    await m.whenIdle();
    expect(queue.list()).toEqual([]);
    expect(m.invocations).toBe(3); // one batch of three, then b alone twice
    expect(m.deadLetters.map((d) => [d.record.messageId, d.record.body, d.record.attributes.ApproximateReceiveCount, d.reason])).toEqual([[b!.id, 'fail-b', '3', 'reported as a batch item failure']]);
    expect([a, c].every((x) => !m.deadLetters.some((d) => d.record.messageId === x!.id))).toBe(true);
  });

  it('redelivers a failed batch as one batch: its messages come back at the same instant', async () => {
    const { m, queue } = mapping('records', { maxReceiveCount: 5 });
    await queue.send([{ body: 'fail-x' }, { body: 'fail-y' }]);
    await m.whenIdle();
    expect(m.invocations).toBe(5); // a batch of two, five times (their retries once fell a millisecond apart: two timers, two batches)
    expect(m.deadLetters.map((d) => [d.record.body, d.record.attributes.ApproximateReceiveCount])).toEqual([
      ['fail-x', '5'],
      ['fail-y', '5'],
    ]);
  });

  it('returns the whole batch when the handler throws, with the error as the reason', async () => {
    const { m } = mapping('records');
    await m.send('throw');
    await m.whenIdle();
    expect(m.deadLetters.map((d) => d.reason)).toEqual(['Error: the whole batch failed']);
  });

  it("records a Powertools batch processor's error for each failed record as its dead letter's reason", async () => {
    const { m } = mapping('batch');
    await m.send('fine');
    const poison = await m.send('poison');
    await m.whenIdle();
    expect(m.deadLetters.map((d) => d.reason)).toEqual([`cannot read ${poison}: not an S3 notification`]);
  });

  it('fails the whole batch when batchItemFailures names an identifier that is not in it', async () => {
    const { m, queue } = mapping('invalidFailures', { maxReceiveCount: 1 });
    await queue.send([{ body: 'x' }, { body: 'y' }]);
    await m.whenIdle();
    expect(m.deadLetters.map((d) => d.reason)).toEqual(['the function reported an invalid batchItemFailures entry', 'the function reported an invalid batchItemFailures entry']);
  });

  it('runs batches side by side: a small message sent after a long one is done while the long one runs', async () => {
    const { m, queue } = mapping('records', { maxConcurrency: 2 }, { timeoutMs: 20_000 });
    const [long] = await queue.send([{ body: '6000' }]);
    await new Promise((r) => setTimeout(r, 300));
    const [small] = await queue.send([{ body: '5' }]);
    const deadline = Date.now() + 4000;
    while (!doneMarkers().has(small!.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(doneMarkers().has(small!.id)).toBe(true);
    expect(doneMarkers().has(long!.id)).toBe(false);
    expect(m.busy).toBe(1);
    await m.whenIdle();
    expect(doneMarkers().has(long!.id)).toBe(true);
  }, 30_000);

  it('times out a batch mid-way: the work stops, the whole batch comes back, and the message that always times out is dead-lettered', async () => {
    const { m, queue } = mapping('records', { maxReceiveCount: 2 }, { timeoutMs: 400 });
    const [quick, slow] = await queue.send([{ body: '5' }, { body: '2500' }]);
    await m.whenIdle();
    expect(m.deadLetters.map((d) => [d.record.messageId, d.reason])).toEqual([
      [quick!.id, 'Task timed out after 0.40 seconds'],
      [slow!.id, 'Task timed out after 0.40 seconds'],
    ]);
    expect(doneMarkers().has(quick!.id)).toBe(true); // it ran before its batch-mate timed out; a handler must be idempotent
    await new Promise((r) => setTimeout(r, 2500));
    expect(doneMarkers().has(slow!.id)).toBe(false);
  }, 20_000);

  it('on stop, hands the messages in progress back uncounted; a new mapping on the same folder delivers them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eccentric-esm-'));
    const first = mapping('records', {}, { timeoutMs: 20_000 }, dir);
    const [cut] = await first.queue.send([{ body: '5000' }]);
    await new Promise((r) => setTimeout(r, 500));
    expect(first.queue.counts().inFlight).toBe(1);
    const stopping = Date.now();
    await first.m.stop();
    expect(Date.now() - stopping).toBeLessThan(1000);
    expect(first.queue.list().map((x) => [x.id, x.count, x.inFlight])).toEqual([[cut!.id, 0, false]]);
    first.queue.close();
    first.m.deadLetterQueue.close();
    mappings.splice(mappings.indexOf(first.m), 1);
    expect(existsSync(join(markers, `${cut!.id}.done`))).toBe(false);

    const second = mapping('records', {}, { timeoutMs: 20_000 }, dir);
    await second.m.whenIdle();
    expect(existsSync(join(markers, `${cut!.id}.done`))).toBe(true);
    expect(second.m.deadLetters).toEqual([]);
  }, 30_000);
});
