import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { realFiles, repoRoot } from '../support/paths.ts';
import { buildDemoSquad } from '../../shared/synthetic/demo-squad.ts';
import { randomPortBase } from '../support/ports.ts';

/** `npm start` as a user runs it: a separate process, a data folder, the connection file it writes. */
const startScript = join(repoRoot, 'infra/local/start.mjs');
const cli = join(repoRoot, 'bin/eccentric.mjs');
const children: ChildProcess[] = [];

function start(dataDir: string, port: number, ...flags: string[]) {
  const child = spawn(process.execPath, [startScript, '--data', dataDir, '--port', String(port), ...flags], { cwd: repoRoot, env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' } });
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

const local = (dataDir: string) => JSON.parse(readFileSync(join(dataDir, 'local.json'), 'utf8'));
async function get(dataDir: string, path: string) {
  const { apiUrl, token } = local(dataDir);
  const res = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as any };
}
const port = () => randomPortBase();

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('npm start', () => {
  it('loads the demo squad through the pipeline on first start: ~25 athletes with weak, imbalanced and declining ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eccentric-start-'));
    const p = port();
    const s = start(dir, p);
    await s.ready;
    const squad = await get(dir, '/teams/demo/squad');
    expect(squad.status).toBe(200);
    const athletes = squad.body.athletes;
    expect(athletes.length).toBeGreaterThanOrEqual(20);
    const peaks = athletes.map((a: any) => Math.min(a.latest.left.peakN ?? Infinity, a.latest.right.peakN ?? Infinity));
    expect(peaks.filter((x: number) => x < 256).length).toBeGreaterThanOrEqual(1);
    expect(athletes.filter((a: any) => a.latest.asymmetry?.pct >= 15).length).toBeGreaterThanOrEqual(1);
    expect(athletes.filter((a: any) => a.latest.left.peakNPerKg !== null).length).toBeGreaterThan(10);
    const declining = buildDemoSquad().athletes.find((a) => a.profiles.includes('declining'))!;
    const history = await get(dir, `/teams/demo/athletes/${declining.athleteId}/tests?limit=200&testType=Nordic`);
    expect(history.body.tests.length).toBeGreaterThan(10);
    const sums = history.body.tests.map((t: any) => t.left.peakN + t.right.peakN); // newest first
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(total(sums.slice(0, 3))).toBeLessThan(total(sums.slice(-3)));

    // The README's next step: the real Hub export uploaded to the demo team stays 73 athletes of its own.
    const upload = spawnSync(process.execPath, [cli, 'upload', realFiles.hub, '--team', 'demo', '--local', join(dir, 'local.json')], { encoding: 'utf8' });
    expect(upload.status).toBe(0);
    expect(upload.stdout).toMatch(/athletes +73\n/);
    expect(upload.stdout).toMatch(/new +73 athletes/);
    expect((await get(dir, '/teams/demo/squad?limit=500')).body.athletes).toHaveLength(athletes.length + 73);
    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
  }, 120_000);

  it('writes local.json, refuses a second start on the same data, stops cleanly on Ctrl-C and keeps the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eccentric-start-'));
    const p = port();
    const first = start(dir, p, '--no-demo');
    await first.ready;
    const info = local(dir);
    expect(Object.keys(info).sort()).toEqual(['apiUrl', 'bucket', 'dashboardUrl', 'region', 's3Endpoint', 'sqsEndpoint', 'teamId', 'token']);
    expect(info.apiUrl).toBe(`http://127.0.0.1:${p}`);
    expect((await get(dir, '/teams/demo/squad')).body.athletes).toEqual([]);

    const second = spawnSync(process.execPath, [startScript, '--data', dir, '--port', String(p + 10), '--no-demo'], { encoding: 'utf8' });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/already running on this data folder/);

    // A user's upload with the CLI: progress, then the stored report.
    const upload = spawnSync(process.execPath, [cli, 'upload', realFiles.hub, '--team', 'demo', '--local', join(dir, 'local.json')], { encoding: 'utf8' });
    expect(upload.status).toBe(0);
    expect(upload.stderr).toMatch(/100%/);
    expect(upload.stdout).toMatch(/: done/);
    expect(upload.stdout).toMatch(/stored +195 tests/);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/stopped; data kept/);
    expect(existsSync(join(dir, 'lock.json'))).toBe(false);

    // Started without --no-demo this time: the demo belongs to a first start only.
    const again = start(dir, p);
    await again.ready;
    const squad = await get(dir, '/teams/demo/squad?limit=500');
    expect(squad.body.athletes).toHaveLength(73);
    expect(again.output()).not.toMatch(/loading the demo squad/);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 90_000);

  it('prints connection details that reach this copy, and replaces a lock left by a process that is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eccentric-start-'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, 'lock.json'), JSON.stringify({ pid: Number(dead.stdout) }));
    const p = port();
    const s = start(dir, p, '--no-demo');
    await s.ready;
    const info = local(dir);
    const out = s.output();
    expect(out).toContain(`API        ${info.apiUrl}`);
    expect(out).toContain(`S3         ${info.s3Endpoint}   bucket ${info.bucket}   region ${info.region}`);
    expect(out).toContain(`token      ${info.token}`);
    expect(info.s3Endpoint).toBe(`http://127.0.0.1:${p + 1}`);
    expect(info.sqsEndpoint).toBe(`http://127.0.0.1:${p + 4}`);
    expect(out).toContain(`SQS        ${info.sqsEndpoint}   queues eccentric-ingest, eccentric-ingest-parts, eccentric-recompute (dead letters: npx eccentric redrive --local --data ${dir})`);
    expect(info.region).toBe('us-east-1');
    // The dashboard on port N+3, told where its API is (the page itself may still be building).
    expect(out).toContain(`Dashboard  ${info.dashboardUrl}`);
    expect(info.dashboardUrl).toBe(`http://127.0.0.1:${p + 3}/`);
    expect(await (await fetch(`${info.dashboardUrl}config.json`)).json()).toEqual({ apiUrl: info.apiUrl, auth: { mode: 'local', tokenUrl: '/local-token' } });
    // Not the default .eccentric folder: the commands name this copy's local.json.
    expect(out).toContain(`require('${join(dir, 'local.json')}').token`);
    expect(out).toContain(`npx eccentric upload export.csv --team demo --local ${join(dir, 'local.json')}`);
    expect(JSON.parse(readFileSync(join(dir, 'lock.json'), 'utf8')).pid).toBe(s.child.pid);
    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
  }, 120_000);

  it('says which port is in use instead of crashing, and leaves no lock behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eccentric-start-'));
    const p = port();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(p + 1, '127.0.0.1', () => resolve())); // the S3 port
    try {
      const r = spawnSync(process.execPath, [startScript, '--data', dir, '--port', String(p), '--no-demo'], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/A port is in use .*EADDRINUSE.*choose others with --port N/);
      expect(r.stderr).not.toMatch(/node:events|Unhandled/);
      expect(existsSync(join(dir, 'lock.json'))).toBe(false);
    } finally {
      blocker.close();
    }
  }, 120_000);
});
