/**
 * The pipeline under bulk uploads: `npm start`'s stack in its own process, one compact export uploaded to
 * S3, timed until its upload says done. Per run: tests/s and MB/s end to end (S3 PUT → queue → ingest →
 * DynamoDB), the stack's RSS (runtime + sandboxes) peak during and 10 s after, and DynamoDB requests and
 * write units per stored test as the ingest sandboxes counted them (functions/adapters/dynamo-usage.ts,
 * written under DYNAMO_USAGE_DIR). The cost ratio many-athletes / few-athletes at equal rows is printed.
 *
 * Usage: npm run bench:pipeline -- [--rows 10k,100k] [--athletes 100,20000] [--1m] [--after 10]
 * (--1m adds the 1M-row runs: slow). Writes bench/out/pipeline.json. Linux only (reads /proc).
 */
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { localS3Client } from '../infra/local/demo.ts';
import { parseArgs, stringFlag } from '../cli/args.ts';
import { emptyUsage, totalRequests, type DynamoUsage } from '../functions/adapters/dynamo-usage.ts';
import { OUT_DIR } from './generate.ts';
import { compactExportWithAthletes } from './support/compact-export.ts';
import { sleep, startStackProcess } from './support/stack-process.ts';

const args = parseArgs(process.argv.slice(2), ['rows', 'athletes', 'after']);
const sizes: Record<string, number> = { '10k': 10_000, '20k': 20_000, '100k': 100_000, '1M': 1_000_000 };
const rowsList = (stringFlag(args, 'rows') ?? '10k,100k').split(',').concat(args.flags.has('1m') ? ['1M'] : []);
const athletesList = (stringFlag(args, 'athletes') ?? '100,20000').split(',').map(Number);
const afterSeconds = Number(stringFlag(args, 'after') ?? 10);


/** The ingest sandboxes' counts, added up (one file per sandbox process). */
function usageIn(dir: string): DynamoUsage {
  const sum = emptyUsage();
  if (!existsSync(dir)) return sum;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const u = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as DynamoUsage;
    for (const [k, v] of Object.entries(u.requests)) sum.requests[k] = (sum.requests[k] ?? 0) + v;
    sum.itemsWritten += u.itemsWritten;
    sum.writeUnits += u.writeUnits;
    sum.indexWriteUnits += u.indexWriteUnits;
    sum.readUnits += u.readUnits;
  }
  return sum;
}

interface Run {
  rows: number;
  athletes: number;
  megabytes: number;
  seconds: number;
  storedTests: number;
  testsPerSecond: number;
  megabytesPerSecond: number;
  requestsPerTest: number;
  writeUnitsPerTest: number;
  indexWriteUnitsPerTest: number;
  requests: Record<string, number>;
  rssMb: { idle: number; peak: number; done: number; after: number };
}

async function measure(rows: number, athletes: number): Promise<Run> {
  const file = compactExportWithAthletes('pipeline', rows, athletes);
  const usageDir = mkdtempSync(path.join(os.tmpdir(), 'eccentric-pipeline-usage-'));
  const stack = await startStackProcess({ prefix: 'eccentric-pipeline-', env: { DYNAMO_USAGE_DIR: usageDir } });
  const { local, uploads } = stack;
  try {
    const idle = await stack.idleRss(2000);
    // One test per athlete may never show a day above 12: the team's order is set, or the file would be held.
    const settings = await fetch(`${local.apiUrl}/teams/demo/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${local.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ dateOrder: 'MDY' }),
    });
    if (!settings.ok) throw new Error(`PUT settings answered ${settings.status}: ${await settings.text()}`);
    const s3 = localS3Client(local);
    const started = performance.now();
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'uploads/demo/bulk.csv', Body: createReadStream(file), ContentLength: statSync(file).size }));
    let large: { status: string; storedTests?: number } | undefined;
    for (;;) {
      large = (await uploads()).find((u) => u.key === 'uploads/demo/bulk.csv');
      if (large && ['done', 'failed', 'rejected', 'held'].includes(large.status)) break;
      await sleep(250);
    }
    const seconds = (performance.now() - started) / 1000;
    const done = stack.rss();
    s3.destroy();
    if (large.status !== 'done') throw new Error(`the upload ended ${large.status}`);
    // The counts file is written when the invocation returns, just after the upload item says done.
    await sleep(1000);
    const usage = usageIn(usageDir);
    await sleep(afterSeconds * 1000);
    const after = stack.rss();
    const stored = large.storedTests ?? 0;
    const megabytes = statSync(file).size / 1e6;
    return {
      rows,
      athletes,
      megabytes,
      seconds,
      storedTests: stored,
      testsPerSecond: stored / seconds,
      megabytesPerSecond: megabytes / seconds,
      requestsPerTest: totalRequests(usage) / stored,
      writeUnitsPerTest: usage.writeUnits / stored,
      indexWriteUnitsPerTest: usage.indexWriteUnits / stored,
      requests: usage.requests,
      rssMb: { idle, peak: stack.peakRss(), done, after },
    };
  } finally {
    await stack.stop();
    rmSync(usageDir, { recursive: true, force: true });
  }
}

const runs: Run[] = [];
for (const size of rowsList) {
  const rows = sizes[size] ?? Number(size);
  for (const athletes of athletesList) {
    console.log(`${size} rows, ${athletes} athletes: uploading through npm start…`);
    runs.push(await measure(rows, athletes));
  }
}

const f = (x: number, d = 0) => x.toFixed(d);
console.log(`\npipeline, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, Node ${process.version}`);
console.log(`rows     athletes    MB  seconds  tests/s  MB/s  req/test  WCU/test (+LSI copies)  RSS MB idle → peak → done → +${afterSeconds} s`);
for (const r of runs) {
  console.log(
    `${String(r.rows).padEnd(8)} ${String(r.athletes).padStart(8)} ${f(r.megabytes, 1).padStart(5)} ${f(r.seconds, 1).padStart(8)} ${f(r.testsPerSecond).padStart(8)} ${f(r.megabytesPerSecond, 2).padStart(5)} ${f(r.requestsPerTest, 3).padStart(9)} ${f(r.writeUnitsPerTest, 3).padStart(9)} (+${f(r.indexWriteUnitsPerTest, 2)})         ${f(r.rssMb.idle)} → ${f(r.rssMb.peak)} → ${f(r.rssMb.done)} → ${f(r.rssMb.after)}`,
  );
}
for (const rows of new Set(runs.map((r) => r.rows))) {
  const few = runs.find((r) => r.rows === rows && r.athletes === Math.min(...athletesList));
  const many = runs.find((r) => r.rows === rows && r.athletes === Math.max(...athletesList));
  // The generator's rows can collapse into fewer tests with few athletes (same athlete, same minute): per stored test too.
  if (few && many && few !== many) {
    console.log(`${rows} rows: ${many.athletes} athletes take ${f(many.seconds / few.seconds, 2)}× the time of ${few.athletes} athletes; ${f(few.testsPerSecond / many.testsPerSecond, 2)}× per stored test (${many.storedTests} vs ${few.storedTests} tests)`);
  }
}
writeFileSync(path.join(OUT_DIR, 'pipeline.json'), `${JSON.stringify({ when: new Date().toISOString(), cores: os.cpus().length, cpu: os.cpus()[0]?.model, loadavg: os.loadavg(), node: process.version, runs }, null, 2)}\n`);
