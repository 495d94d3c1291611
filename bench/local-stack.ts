/**
 * The local stack's memory and throughput under an upload: `npm start`'s entry in its own process, its
 * RSS and its sandboxes' (child processes) summed, sampled from /proc every 200 ms:
 *   idle (after start) → peak during the upload → when it is done → `--after` seconds later
 * (the sandboxes retire after 10 s idle and give their memory back). Also tests/s and MB/s end to end
 * (S3 PUT → queue → ingest → DynamoDB), and the time a 5-row upload sent beside the large one takes.
 *
 * Usage: npm run bench:local -- [--inputs compact-10k,compact-100k] [--athletes N] [--after 30] [--concurrency 4]
 * (inputs as in bench/generate.ts, rows/100 athletes; with --athletes, compact exports of that many athletes)
 * Writes bench/out/local-stack.json. Linux only (reads /proc/<pid>/status).
 */
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { localS3Client } from '../infra/local/demo.ts';
import { hubExportCsv } from '../shared/synthetic/hub-export.ts';
import { parseArgs, stringFlag } from '../cli/args.ts';
import { ensureInput, OUT_DIR, parseInputs } from './generate.ts';
import { compactExportWithAthletes } from './support/compact-export.ts';
import { sleep, startStackProcess } from './support/stack-process.ts';

const args = parseArgs(process.argv.slice(2), ['inputs', 'after', 'concurrency', 'athletes']);
const athletes = stringFlag(args, 'athletes');
const afterSeconds = Number(stringFlag(args, 'after') ?? 30);
const concurrency = stringFlag(args, 'concurrency') ?? '4';

interface Run {
  input: string;
  rows: number;
  megabytes: number;
  seconds: number;
  testsPerSecond: number;
  megabytesPerSecond: number;
  storedTests: number;
  smallBesideSeconds: number | null;
  rssMb: { idle: number; peak: number; done: number; after: number };
}

async function measure(label: string, file: string, rows: number): Promise<Run> {
  const stack = await startStackProcess({ prefix: 'eccentric-bench-', args: ['--concurrency', concurrency] });
  const { local, uploads } = stack;
  try {
    const idle = await stack.idleRss(3000);
    const s3 = localS3Client(local);
    const started = performance.now();
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'uploads/demo/large.csv', Body: createReadStream(file), ContentLength: statSync(file).size }));
    // A small upload beside it, once the large one is being read.
    let smallSent = 0;
    let smallSeconds: number | null = null;
    let large: { status: string; storedTests?: number } | undefined;
    for (;;) {
      const list = await uploads();
      large = list.find((u) => u.key === 'uploads/demo/large.csv');
      if (large?.status === 'processing' && smallSent === 0) {
        smallSent = performance.now();
        await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'uploads/demo/small.csv', Body: hubExportCsv({ template: 'compact', tests: 5, athletes: 5, seed: 1, startDate: new Date('2026-01-06') }) }));
      }
      if (smallSent && smallSeconds === null && list.find((u) => u.key === 'uploads/demo/small.csv')?.status === 'done') smallSeconds = (performance.now() - smallSent) / 1000;
      if (large && ['done', 'failed', 'rejected'].includes(large.status) && (smallSent === 0 || smallSeconds !== null)) break;
      await sleep(250);
    }
    const seconds = (performance.now() - started) / 1000;
    const done = stack.rss();
    s3.destroy();
    await sleep(afterSeconds * 1000);
    const after = stack.rss();
    const megabytes = statSync(file).size / 1e6;
    if (large.status !== 'done') throw new Error(`the upload ended ${large.status}`);
    return {
      input: label,
      rows,
      megabytes,
      seconds,
      testsPerSecond: (large.storedTests ?? 0) / seconds,
      megabytesPerSecond: megabytes / seconds,
      storedTests: large.storedTests ?? 0,
      smallBesideSeconds: smallSeconds,
      rssMb: { idle, peak: stack.peakRss(), done, after },
    };
  } finally {
    await stack.stop();
  }
}


const runs: Run[] = [];
for (const spec of parseInputs(stringFlag(args, 'inputs') ?? 'compact-10k,compact-100k')) {
  const file = athletes ? compactExportWithAthletes('local', spec.rows, Number(athletes)) : ensureInput(spec).file;
  const label = athletes ? `${spec.size}/${athletes}a` : spec.label;
  console.log(`${label}: uploading through npm start (concurrency ${concurrency})…`);
  runs.push(await measure(label, file, spec.rows));
}

const f = (x: number, d = 0) => x.toFixed(d);
console.log(`\nlocal stack, ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, Node ${process.version}`);
console.log('input         MB   seconds  tests/s  MB/s   5-row beside (s)  RSS MB idle → peak → done → +' + afterSeconds + ' s');
for (const r of runs) {
  console.log(
    `${r.input.padEnd(12)} ${f(r.megabytes, 1).padStart(5)} ${f(r.seconds, 1).padStart(8)} ${f(r.testsPerSecond).padStart(8)} ${f(r.megabytesPerSecond, 2).padStart(5)}   ${(r.smallBesideSeconds === null ? '–' : f(r.smallBesideSeconds, 1)).padStart(14)}    ${f(r.rssMb.idle)} → ${f(r.rssMb.peak)} → ${f(r.rssMb.done)} → ${f(r.rssMb.after)}`,
  );
}
writeFileSync(path.join(OUT_DIR, 'local-stack.json'), `${JSON.stringify({ when: new Date().toISOString(), cores: os.cpus().length, loadavg: os.loadavg(), node: process.version, concurrency: Number(concurrency), afterSeconds, runs }, null, 2)}\n`);
