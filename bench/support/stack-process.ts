/**
 * `npm start`'s stack in its own process, as a user runs it, for the benches that time uploads through it:
 * started on a fresh data folder and a random port, its local.json read, its RSS (the runtime and its
 * Lambda sandboxes) sampled, its uploads listed, and stopped with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ownRssMb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  } catch {
    return 0; // exited meanwhile
  }
}

/** RSS of the runtime and its sandboxes (child processes), MB. */
export function rssMb(pid: number): number {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // no children file: count the runtime alone
  }
  return ownRssMb(pid) + children.reduce((sum, child) => sum + ownRssMb(child), 0);
}

export interface LocalJson {
  apiUrl: string;
  token: string;
  s3Endpoint: string;
  bucket: string;
  region: string;
}

export interface StackProcess {
  child: ChildProcess;
  dataDir: string;
  local: LocalJson;
  /** The demo team's newest uploads. */
  uploads(): Promise<{ key: string; status: string; storedTests?: number }[]>;
  /** The stack's RSS now, MB. */
  rss(): number;
  /** Waits `ms` for the stack to settle, then answers its RSS and starts the peak over from it. */
  idleRss(ms: number): Promise<number>;
  /** The highest RSS sampled (every 200 ms) since idleRss. */
  peakRss(): number;
  /** Stops the stack (SIGTERM) and removes its data folder. */
  stop(): Promise<void>;
}

export async function startStackProcess(options: { prefix: string; args?: string[]; env?: Record<string, string> }): Promise<StackProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), options.prefix));
  // Below the ephemeral range (32768+), where a fixed port may be an outgoing connection's.
  const port = 20_000 + Math.floor(Math.random() * 12_000);
  const child = spawn(process.execPath, [path.join(repoRoot, 'infra/local/start.mjs'), '--data', dataDir, '--port', String(port), '--no-demo', ...(options.args ?? [])], {
    cwd: repoRoot,
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  while (!out.includes('Ctrl-C stops it cleanly')) {
    if (child.exitCode !== null) throw new Error(`npm start exited: ${out}`);
    await sleep(100);
  }
  const local = JSON.parse(readFileSync(path.join(dataDir, 'local.json'), 'utf8')) as LocalJson;
  const rss = () => rssMb(child.pid!);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 200);
  return {
    child,
    dataDir,
    local,
    async uploads() {
      const res = await fetch(`${local.apiUrl}/teams/demo/uploads?limit=10`, { headers: { authorization: `Bearer ${local.token}` } });
      return ((await res.json()) as { uploads: { key: string; status: string; storedTests?: number }[] }).uploads;
    },
    rss,
    async idleRss(ms) {
      await sleep(ms);
      peak = rss();
      return peak;
    },
    peakRss: () => peak,
    async stop() {
      clearInterval(sampler);
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
