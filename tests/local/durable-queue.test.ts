import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DurableQueue } from '#infra/local/durable-queue.ts';
import { repoRoot } from '../support/paths.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'eccentric-queue-'));
const bodies = (q: DurableQueue) => q.list().map((m) => m.body);

describe('a durable local queue', () => {
  it('keeps messages across a reopen: in-flight ones visible again with their receive count, deleted ones gone', async () => {
    const d = dir();
    const q = DurableQueue.open(d, 'q');
    const [a, b, c] = await q.send([{ body: 'a' }, { body: 'b' }, { body: 'c' }]);
    expect(q.receive(2).map((m) => m.body)).toEqual(['a', 'b']);
    q.delete([a!.id]);
    expect(q.counts()).toEqual({ visible: 1, inFlight: 1, delayed: 0 });
    q.close();

    const again = DurableQueue.open(d, 'q');
    expect(again.counts()).toEqual({ visible: 2, inFlight: 0, delayed: 0 });
    expect(again.list().map((m) => [m.id, m.body, m.count])).toEqual([
      [b!.id, 'b', 1],
      [c!.id, 'c', 0],
    ]);
    expect(again.receive(5).map((m) => m.count)).toEqual([2, 1]);
    again.close();
  });

  it('retries after a delay, releases without counting, and honours DelaySeconds across a restart', async () => {
    const d = dir();
    const q = DurableQueue.open(d, 'q');
    let wakes = 0;
    q.onAvailable(() => wakes++);
    await q.send([{ body: 'now' }, { body: 'later', delaySeconds: 60 }]);
    const [now] = q.receive(5);
    expect(now!.body).toBe('now');
    q.retry(now!.id, 30);
    expect(q.receive(5)).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(wakes).toBeGreaterThanOrEqual(2);
    const [again] = q.receive(5);
    expect(again!.count).toBe(2);
    q.release(again!.id);
    expect(q.list()[0]!.count).toBe(1);
    q.close();
    const reopened = DurableQueue.open(d, 'q');
    expect(reopened.counts()).toEqual({ visible: 1, inFlight: 0, delayed: 1 });
    expect(reopened.list().map((m) => [m.body, m.count])).toEqual([
      ['now', 1],
      ['later', 0],
    ]);
    reopened.close();
  });

  it('drops a torn last line (a write cut off by a crash) and keeps every whole one', async () => {
    const d = dir();
    const q = DurableQueue.open(d, 'q');
    await q.send([{ body: 'kept' }]);
    q.close();
    const log = join(d, 'q', 'messages.log');
    appendFileSync(log, '{"op":"send","id":"torn","body":"hal');
    const again = DurableQueue.open(d, 'q');
    expect(bodies(again)).toEqual(['kept']);
    await again.send([{ body: 'after' }]);
    again.close();
    expect(bodies(DurableQueue.open(d, 'q'))).toEqual(['kept', 'after']);
    expect(readFileSync(log, 'utf8').endsWith('\n')).toBe(true);
  });

  it('compacts its log: 20,000 messages through it leave a file the size of what is live', async () => {
    const d = dir();
    const q = DurableQueue.open(d, 'q');
    for (let i = 0; i < 2000; i++) {
      const sent = await q.send(Array.from({ length: 10 }, (_, k) => ({ body: `message ${i}-${k}` })));
      q.receive(10);
      q.delete(sent.slice(0, 9).map((m) => m.id));
    }
    expect(q.list()).toHaveLength(2000);
    const size = statSync(join(d, 'q', 'messages.log')).size;
    // ~110 bytes a live message, plus at most the slack before the next compaction (~2,000 lines).
    expect(size).toBeLessThan(2000 * 200 + 2000 * 130);
    q.close();
    const again = DurableQueue.open(d, 'q');
    expect(again.list()).toHaveLength(2000);
    expect(again.list().every((m) => m.count === 1 && m.body.endsWith('-9'))).toBe(true);
    again.close();
  });

  it('adopts a moved message once, keeping its id and count (a dead-letter move replayed after a crash)', async () => {
    const d = dir();
    const source = DurableQueue.open(d, 'src');
    const dlq = DurableQueue.open(d, 'src-dlq');
    const [m] = await source.send([{ body: 'poison' }]);
    source.receive(1);
    await source.moveTo(dlq, m!.id, { reason: 'boom', source: 'src' });
    await dlq.adopt([{ ...m!, count: 1 }]);
    expect(dlq.list().map((x) => [x.id, x.count, x.reason, x.source])).toEqual([[m!.id, 1, 'boom', 'src']]);
    expect(source.list()).toEqual([]);
  });

  it('loses nothing it acknowledged when the process is killed (SIGKILL) at random moments', async () => {
    const d = dir();
    const sent = new Set<string>();
    const deleted = new Set<string>();
    const received = new Map<string, number>();
    for (let round = 0; round < 6; round++) {
      const child = spawn(process.execPath, [join(repoRoot, 'tests/fixtures/local/queue-writer.ts'), d], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (x) => (out += x));
      await new Promise((r) => child.stdout.once('data', r));
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 200));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      for (const line of out.split('\n')) {
        const [step, id, count] = line.split(' ');
        if (!id || (step === 'R' && count === undefined)) continue; // a line cut off by the kill
        if (step === 'S') sent.add(id);
        if (step === 'D') deleted.add(id);
        if (step === 'R') received.set(id, Number(count));
      }
    }
    expect(sent.size).toBeGreaterThan(6);
    const q = DurableQueue.open(d, 'crash-queue');
    const live = new Map(q.list().map((m) => [m.id, m]));
    for (const id of sent) expect(live.has(id), id).toBe(!deleted.has(id));
    for (const [id, count] of received) if (!deleted.has(id)) expect(live.get(id)!.count).toBeGreaterThanOrEqual(count);
    expect(q.counts().inFlight).toBe(0);
    q.close();
  }, 60_000);
});
