/**
 * `node_modules/.bin/node bench/dashboard.ts`: the dashboard's build size and the time from navigation to the
 * squad table's first row, in Debian's headless Chromium, against the local stack with the demo squad
 * (loaded through the real pipeline). Measured in the page: performance.now() when the first row
 * exists (polled every animation frame), i.e. from the navigation's start. Cold = a fresh browser profile
 * (nothing cached); warm = the same page reloaded. Options: --runs N (default 10). Results: bench/out/dashboard.json.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildDashboard } from '../infra/local/dashboard-server.ts';
import { loadDemo } from '../infra/local/demo.ts';
import { startLocalStack } from '../infra/local/stack.ts';
import { buildDemoSquad } from '../shared/synthetic/demo-squad.ts';
import { gzippedBuildSize, hasChromium, launch, noChromiumMessage } from '../tests/dashboard/browser.ts';

const i = process.argv.indexOf('--runs');
const runs = i >= 0 ? Number(process.argv[i + 1]) : 10;
const tmp = mkdtempSync(join(os.tmpdir(), 'eccentric-bench-dash-'));
const dist = join(tmp, 'dist');
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))]!;
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

console.log(`machine: ${os.cpus()[0]?.model ?? '?'}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; node ${process.version}`);
const t0 = performance.now();
await buildDashboard(dist);
const buildS = (performance.now() - t0) / 1000;
const size = gzippedBuildSize(dist);
console.log(`build: ${buildS.toFixed(1)} s; JS ${kb(size.js)} + CSS ${kb(size.css)} gzipped = ${kb(size.js + size.css)} (budget 300 KB)`);

const result: Record<string, unknown> = { date: new Date().toISOString(), buildS, gzipBytes: size };
if (!hasChromium) console.log(noChromiumMessage);
else {
  const stack = await startLocalStack({ dataDir: join(tmp, 'stack'), retryDelayMs: 20, dashboard: { distDir: dist } });
  try {
    await loadDemo(stack);
    const url = `${stack.dashboardUrl}#/squad`;
    // A function, not a string: the page's CSP forbids eval. (No DOM types in the bench: globalThis.)
    const firstRow = () => ((globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('tbody tr[data-row]') ? performance.now() : false);
    const cold: number[] = [];
    const warm: number[] = [];
    for (let r = 0; r < runs; r++) {
      const browser = await launch();
      try {
        const page = await browser.newPage();
        await page.goto(url);
        cold.push((await (await page.waitForFunction(firstRow, undefined, { polling: 'raf' })).jsonValue()) as number);
        await page.reload();
        warm.push((await (await page.waitForFunction(firstRow, undefined, { polling: 'raf' })).jsonValue()) as number);
      } finally {
        await browser.close();
      }
    }
    const line = (name: string, xs: number[]) => console.log(`${name}: median ${pct(xs, 0.5).toFixed(0)} ms, p95 ${pct(xs, 0.95).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)} ms (${xs.length} runs)`);
    console.log(`navigation → first squad row (${buildDemoSquad().athletes.length} athletes, local stack):`);
    line('  cold profile', cold);
    line('  warm reload ', warm);
    Object.assign(result, { firstRowMs: { cold, warm } });
  } finally {
    await stack.stop();
  }
}
mkdirSync('bench/out', { recursive: true });
writeFileSync('bench/out/dashboard.json', `${JSON.stringify(result, null, 2)}\n`);
