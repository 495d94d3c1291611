import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { localS3Client } from '#infra/local/demo.ts';
import { DurableQueue } from '#infra/local/durable-queue.ts';
import { hubExportCsv } from '../../shared/synthetic/hub-export.ts';
import { repoRoot } from '../support/paths.ts';
import { uploadIdFor } from '../../functions/adapters/upload-repository.ts';
import { storedState } from '../support/stored-state.ts';
import { randomPortBase } from '../support/ports.ts';

/** `npm start` cut off mid-upload (Ctrl-C, SIGTERM, SIGKILL) and started again on the same data folder. */
const startScript = join(repoRoot, 'infra/local/start.mjs');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function start(dataDir: string, port: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [startScript, '--data', dataDir, '--port', String(port), '--no-demo'], { cwd: repoRoot, env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', ...env } });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', () => output.includes('Ctrl-C stops it cleanly') && resolve());
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => output };
}

const local = (dir: string) => JSON.parse(readFileSync(join(dir, 'local.json'), 'utf8'));
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('npm start interrupted mid-upload', () => {
  it('stops within seconds on SIGTERM and after SIGKILL, and the upload resumes on the next start, storing what an uninterrupted run stores', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eccentric-interrupted-'));
    const file = join(dir, 'season.csv');
    writeFileSync(file, hubExportCsv({ template: 'compact', tests: 6000, athletes: 300, seed: 11, startDate: new Date('2024-01-02') }));
    const port = randomPortBase();
    const dynamo = `http://127.0.0.1:${port + 2}`;
    const status = async (team: string) => (await storedState(dynamo, team)).uploads.find((u) => u.key === `uploads/${team}/season.csv`)?.status;
    const put = async (team: string) => {
      const s3 = localS3Client({ s3Endpoint: local(dir).s3Endpoint, region: 'us-east-1' });
      await s3.send(new PutObjectCommand({ Bucket: local(dir).bucket, Key: `uploads/${team}/season.csv`, Body: readFileSync(file) }));
      s3.destroy();
    };

    const first = start(dir, port);
    await first.ready;
    await put('demo');
    await waitFor('the upload to be processing', async () => (await status('demo')) === 'processing', 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    const term = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited, first.output()).toBe(0);
    expect(Date.now() - term).toBeLessThan(5000);
    expect(first.output()).toMatch(/SIGTERM: stopping; uploads in progress stay queued/);
    // The message waits on disk, its interrupted delivery not counted.
    const waiting = DurableQueue.open(join(dir, 'queues'), 'eccentric-ingest');
    expect(waiting.list().map((m) => m.count)).toEqual([0]);
    waiting.close();

    // Killed outright this time, mid-upload again: the delivery stays counted, nothing else is lost.
    const second = start(dir, port);
    await second.ready;
    await new Promise((r) => setTimeout(r, 2500));
    expect(await status('demo')).toBe('processing');
    second.child.kill('SIGKILL');
    await second.exited;

    const third = start(dir, port);
    await third.ready;
    await waitFor('the resumed upload to be done', async () => (await status('demo')) === 'done', 180_000);
    expect(third.output()).toMatch(/resuming 1 upload cut short by the last stop/);

    // The same file again, uninterrupted, for another team: the same tests and athletes.
    await put('control');
    await waitFor('the control upload to be done', async () => (await status('control')) === 'done', 180_000);
    const [resumed, control] = await Promise.all([storedState(dynamo, 'demo'), storedState(dynamo, 'control')]);
    expect(resumed.tests.length).toBeGreaterThan(5000);
    expect(resumed.tests).toEqual(control.tests);
    expect(resumed.athletes).toEqual(control.athletes);
    expect(resumed.uploads[0]!.storedTests).toBe(control.uploads[0]!.storedTests);
    const dlq = DurableQueue.open(join(dir, 'queues'), 'eccentric-ingest-dlq');
    expect(dlq.list()).toEqual([]);
    dlq.close();

    // Two Ctrl-C in a row: the second exits at once.
    third.child.kill('SIGINT');
    third.child.kill('SIGINT');
    const code = await third.exited;
    expect([0, 130]).toContain(code);
  }, 400_000);

  it('a large upload killed while its chunks are stored resumes on the next start: every chunk stored once, the same as uninterrupted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eccentric-interrupted-chunks-'));
    const file = join(dir, 'archive.csv');
    writeFileSync(file, hubExportCsv({ template: 'compact', tests: 6000, athletes: 800, seed: 12, duplicateRate: 0.02, startDate: new Date('2024-01-02') }));
    // ~40 chunks of 16 KB instead of 4 MB ones: the upload is cut into parts on the ingest-parts queue.
    const env = { INGEST_CHUNK_BYTES: '16384' };
    let port = 0;
    /** A random port may be taken: another one, a few times. */
    const startFree = async () => {
      for (let attempt = 1; ; attempt++) {
        port ||= randomPortBase();
        const started = start(dir, port, env);
        try {
          await started.ready;
          return started;
        } catch (error) {
          if (attempt >= 5 || !/EADDRINUSE/.test(String(error))) throw error;
          port = 0;
        }
      }
    };
    const dynamo = () => `http://127.0.0.1:${port + 2}`;
    const status = async (team: string) => (await storedState(dynamo(), team)).uploads.find((u) => u.key === `uploads/${team}/archive.csv`)?.status;
    const put = async (team: string) => {
      const s3 = localS3Client({ s3Endpoint: local(dir).s3Endpoint, region: 'us-east-1' });
      await s3.send(new PutObjectCommand({ Bucket: local(dir).bucket, Key: `uploads/${team}/archive.csv`, Body: readFileSync(file) }));
      s3.destroy();
    };
    const parts = async () => {
      const { apiUrl, token } = local(dir);
      const res = await fetch(`${apiUrl}/teams/demo/uploads/${uploadIdFor('uploads/demo/archive.csv')}`, { headers: { authorization: `Bearer ${token}` } });
      return res.ok ? ((await res.json()) as { parts?: { total: number; done: number } }).parts : undefined;
    };
    /** Read only while no stack runs (the log is the stack's while it does). */
    const partsWaiting = () => {
      const queue = DurableQueue.open(join(dir, 'queues'), 'eccentric-ingest-parts');
      const n = queue.list().length;
      queue.close();
      return n;
    };

    const first = await startFree();
    await put('demo');
    await waitFor('a few chunks to be stored', async () => ((await parts())?.done ?? 0) >= 2, 60_000);
    const before = (await parts())!;
    expect(before.total).toBeGreaterThan(30);
    first.child.kill('SIGKILL');
    await first.exited;
    // Killed with parts still queued (the upload not done): nothing of it is lost.
    expect(partsWaiting()).toBeGreaterThan(0);

    const second = await startFree();
    await waitFor('the resumed upload to be done', async () => (await status('demo')) === 'done', 180_000);
    await put('control');
    await waitFor('the control upload to be done', async () => (await status('control')) === 'done', 180_000);
    const [resumed, control] = await Promise.all([storedState(dynamo(), 'demo'), storedState(dynamo(), 'control')]);
    expect(resumed.tests.length).toBeGreaterThan(5000);
    expect(resumed.tests).toEqual(control.tests);
    expect(resumed.athletes).toEqual(control.athletes);
    expect(resumed.uploads[0]!.storedTests).toBe(control.uploads[0]!.storedTests);
    for (const name of ['eccentric-ingest-dlq', 'eccentric-ingest-parts-dlq']) {
      const dlq = DurableQueue.open(join(dir, 'queues'), name);
      expect(dlq.list()).toEqual([]);
      dlq.close();
    }
    second.child.kill('SIGINT');
    await second.exited;
  }, 400_000);
});
