import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FunctionPool, type FunctionConfig } from '#infra/local/function-pool.ts';
import { repoRoot } from '../support/paths.ts';

const handlers = join(repoRoot, 'tests/fixtures/local/handlers.ts');
const pools: FunctionPool[] = [];
const markers = mkdtempSync(join(tmpdir(), 'eccentric-markers-'));
function pool(exportName: string, config: Partial<FunctionConfig> = {}) {
  const p = new FunctionPool({ name: `test-${exportName}`, module: handlers, exportName, timeoutMs: 5000, memoryMb: 256, env: { MARKER_DIR: markers }, ...config });
  pools.push(p);
  return p;
}
const record = (body: string, messageId = `m-${Math.random().toString(36).slice(2)}`) => ({ messageId, body });
afterEach(async () => {
  for (const p of pools.splice(0)) await p.stop();
});

describe('a function pool (Lambda sandboxes on worker threads)', () => {
  it('gives the handler a real context (remaining time counting down from the timeout) and the function environment, and reuses a warm sandbox', async () => {
    const p = pool('remaining', { timeoutMs: 3000, env: { FUNCTION_SETTING: 'from the function config' } });
    const first = await p.invoke({});
    const second = await p.invoke({});
    expect(first).toMatchObject({ ok: true, coldStart: true, result: { memory: '256', invocations: 1, env: 'from the function config' } });
    expect(second).toMatchObject({ ok: true, coldStart: false, result: { invocations: 2 } });
    const remaining = (first as { result: { remaining: number } }).result.remaining;
    expect(remaining).toBeGreaterThan(2000);
    expect(remaining).toBeLessThanOrEqual(3000);
    expect(p.started).toBe(1);
  });

  it('stops timed-out work: the thread is terminated, the CPU-bound loop never finishes, the next call gets a fresh sandbox', async () => {
    const p = pool('records', { timeoutMs: 300 });
    const started = Date.now();
    const result = await p.invoke({ Records: [record('3000', 'long')] });
    expect(result).toMatchObject({ ok: false, kind: 'timeout', error: 'Task timed out after 0.30 seconds' });
    expect(Date.now() - started).toBeLessThan(2500);
    await new Promise((r) => setTimeout(r, 3200));
    expect(existsSync(join(markers, 'long.done'))).toBe(false);
    expect(p.size).toBe(0);
    expect(await p.invoke({ Records: [record('10', 'short')] })).toMatchObject({ ok: true, coldStart: true });
    expect(existsSync(join(markers, 'short.done'))).toBe(true);
  });

  it('runs invocations side by side, one per sandbox', async () => {
    const p = pool('records', { timeoutMs: 10_000 });
    const started = Date.now();
    const results = await Promise.all([p.invoke({ Records: [record('700')] }), p.invoke({ Records: [record('700')] })]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(p.started).toBe(2);
    // Two 700 ms CPU-bound loops on 2 cores: together well under their sum (cold starts included, on a loaded machine).
    expect(Date.now() - started).toBeLessThan(1400 + 2 * 1500);
  });

  it('fails only the invocation whose sandbox dies: process.exit, an uncaught error, running out of memory', async () => {
    expect(await pool('exits').invoke({})).toMatchObject({ ok: false, kind: 'crash', error: 'Runtime exited with code 3' });
    expect(await pool('uncaught').invoke({})).toMatchObject({ ok: false, kind: 'crash', error: expect.stringMatching(/thrown outside the handler/) });
    expect(await pool('hog', { memoryMb: 64 }).invoke({})).toMatchObject({ ok: false, kind: 'crash', error: 'Runtime exited: out of memory (64 MB)' });
  }, 30_000);

  it('retires idle sandboxes (memory back) and ends invocations in progress on stop', async () => {
    const idle = pool('remaining', { idleMs: 50 });
    await idle.invoke({});
    expect(idle.size).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(idle.size).toBe(0);
    const busy = pool('records');
    const pending = busy.invoke({ Records: [record('4000', 'cut')] });
    await new Promise((r) => setTimeout(r, 600));
    await busy.stop();
    expect(await pending).toMatchObject({ ok: false, kind: 'shutdown' });
  });
});
