/**
 * `node bench/risk-pipeline.ts`: the risk path on the local stack (s3rver + dynalite + the queues + the
 * same handlers Lambda runs).
 * - time from a season's upload (one export, one S3 PUT) to the squad showing every athlete's status;
 * - `GET /squad` latency p50 / p95 for a squad of 60 and of 1,000 athletes (one page, one Query);
 * - DynamoDB requests of one recompute batch, counted on the SDK client (a middleware), per athlete.
 * Options: --requests N (squad GETs per size, default 200), --json (print the figures as JSON).
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Context, SQSEvent } from 'aws-lambda';
import { athleteSpecs, hubExportCsv } from '../shared/synthetic/hub-export.ts';
import { localS3Client } from '../infra/local/demo.ts';
import { startLocalStack } from '../infra/local/stack.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const requests = arg('requests', 200);
const asJson = process.argv.includes('--json');

const dataDir = mkdtempSync(join(os.tmpdir(), 'eccentric-bench-risk-'));
const stack = await startLocalStack({ dataDir, teamId: 'bench', recomputeTeamDelaySeconds: '0' });
const s3 = localS3Client(stack);

/** Polls the squad until every athlete shows a status; after `limitMs` it fails saying what it saw (no silent hang). */
async function squadReady(team: string, athletes: number, limitMs = 600_000): Promise<void> {
  const token = await stack.signToken(team);
  const headers = { authorization: `Bearer ${token}` };
  const deadline = Date.now() + limitMs;
  for (;;) {
    const uploads = (await (await fetch(`${stack.apiUrl}/teams/${team}/uploads`, { headers })).json()) as { uploads: { status: string; message?: string }[] };
    const res = await fetch(`${stack.apiUrl}/teams/${team}/squad?limit=500`, { headers });
    const body = (await res.json()) as { athletes: { status: unknown; latest: unknown }[] };
    // An athlete with no Nordic test (only ISO Prone ones, say) has no Nordic status to wait for.
    const tested = body.athletes.filter((a) => a.latest !== null).length;
    const rated = body.athletes.filter((a) => a.status !== null).length;
    const ingested = uploads.uploads.length > 0 && uploads.uploads.every((u) => u.status === 'done');
    if (ingested && rated === tested) return;
    if (Date.now() > deadline) {
      throw new Error(`team ${team}: after ${limitMs / 1000} s the squad has ${body.athletes.length} of ${athletes} athletes, ${tested} with a Nordic test, ${rated} rated; uploads: ${JSON.stringify(uploads.uploads.map((u) => [u.status, u.message]))}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One export of `athletes` athletes, weekly for `sessions` weeks, uploaded to `team`; ms until the squad shows every status. */
async function season(team: string, athletes: number, sessions: number): Promise<{ ms: number; tests: number }> {
  const tests = Math.round(athletes * sessions * 0.9);
  const body = hubExportCsv({ athletes: athleteSpecs(athletes, 7), tests, seed: 7, startDate: new Date(Date.now() - sessions * 7 * 86_400_000), sessions, template: 'compact' });
  process.stderr.write(`${team}: uploading ${tests} tests of ${athletes} athletes, waiting for every status…\n`);
  const start = performance.now();
  await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: `uploads/${team}/season.csv`, Body: body }));
  await squadReady(team, athletes);
  const ms = performance.now() - start;
  await stack.whenIdle();
  return { ms, tests };
}

async function squadLatency(team: string): Promise<{ p50: number; p95: number; rows: number }> {
  const token = await stack.signToken(team);
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < requests + 10; i++) {
    const start = performance.now();
    const res = await fetch(`${stack.apiUrl}/teams/${team}/squad?limit=500`, { headers: { authorization: `Bearer ${token}` } });
    rows = ((await res.json()) as { athletes: unknown[] }).athletes.length;
    if (i >= 10) times.push(performance.now() - start); // the first ten warm the API function
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length * 0.5)]!, p95: times[Math.floor(times.length * 0.95)]!, rows };
}

/** The recompute handler in this process on a batch of `n` athletes of `team`: its DynamoDB requests by command, and its time. */
async function countedBatch(team: string, n: number): Promise<{ counts: Record<string, number>; ms: number }> {
  const { documents } = await import('../functions/adapters/clients.ts');
  const { recomputeBatch } = await import('../functions/recompute.ts');
  const counts: Record<string, number> = {};
  documents.middlewareStack.add(
    (next, context) => async (args) => {
      const name = (context.commandName ?? '?').replace(/Command$/, '');
      counts[name] = (counts[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchCount' },
  );
  const token = await stack.signToken(team);
  const squad = (await (await fetch(`${stack.apiUrl}/teams/${team}/squad?limit=${n}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { athletes: { athleteId: string }[] };
  const event: SQSEvent = {
    Records: squad.athletes.map((a, i) => ({
      messageId: `bench-${i}`,
      receiptHandle: `bench-${i}`,
      body: JSON.stringify({ type: 'athlete', teamId: team, athleteId: a.athleteId }),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'bench', ApproximateFirstReceiveTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:000000000000:eccentric-recompute',
      awsRegion: 'local',
    })),
  };
  const context = { getRemainingTimeInMillis: () => 300_000, functionName: 'bench', awsRequestId: 'bench' } as unknown as Context;
  const start = performance.now();
  await recomputeBatch(event, context);
  const ms = performance.now() - start;
  documents.middlewareStack.remove('benchCount');
  return { counts, ms };
}

/**
 * Requests per athlete, apart from the batch's team work (settings and aggregate read once, the aggregate
 * refreshed once): the difference between a batch of 10 athletes and one of 1, over 9.
 */
async function recomputeCost(team: string) {
  const one = await countedBatch(team, 1);
  const ten = await countedBatch(team, 10);
  const names = [...new Set([...Object.keys(one.counts), ...Object.keys(ten.counts)])].sort();
  const perAthlete = Object.fromEntries(names.map((k) => [k, ((ten.counts[k] ?? 0) - (one.counts[k] ?? 0)) / 9]));
  const perBatch = Object.fromEntries(names.map((k) => [k, (one.counts[k] ?? 0) - (perAthlete[k] ?? 0)]));
  const sum = (ks: string[]) => ks.reduce((t, k) => t + (perAthlete[k] ?? 0), 0);
  return { perAthlete, perBatch, reads: sum(['GetItem', 'Query', 'BatchGetItem']), writes: sum(['UpdateItem', 'PutItem', 'BatchWriteItem']), msPerAthlete: ten.ms / 10, batchOf10: ten.counts };
}

try {
  const small = await season('bench-60', 60, 17);
  const smallGet = await squadLatency('bench-60');
  const counted = await recomputeCost('bench-60');
  const large = await season('bench-1000', 1000, 3);
  const largeGet = await squadLatency('bench-1000');
  const figures = {
    machine: `${os.cpus()[0]?.model} × ${os.cpus().length}, Node ${process.version}`,
    season60: { tests: small.tests, uploadToSquadS: small.ms / 1000 },
    season1000: { tests: large.tests, uploadToSquadS: large.ms / 1000 },
    squadGet60: smallGet,
    squadGet1000: largeGet,
    recompute: counted,
  };
  if (asJson) console.log(JSON.stringify(figures, null, 2));
  else {
    console.log(`risk pipeline on the local stack (${figures.machine})`);
    console.log(`  60 athletes, ${small.tests} tests: upload → every status in the squad ${(small.ms / 1000).toFixed(1)} s`);
    console.log(`  1,000 athletes, ${large.tests} tests: upload → every status ${(large.ms / 1000).toFixed(1)} s`);
    console.log(`  GET /squad, ${smallGet.rows} athletes: p50 ${smallGet.p50.toFixed(1)} ms, p95 ${smallGet.p95.toFixed(1)} ms (target p95 < 50 ms)`);
    console.log(`  GET /squad?limit=500 of 1,000 athletes (${largeGet.rows} rows): p50 ${largeGet.p50.toFixed(1)} ms, p95 ${largeGet.p95.toFixed(1)} ms`);
    const fmt = (o: Record<string, number>) => Object.entries(o).filter(([, v]) => v !== 0).map(([k, v]) => `${k} ${+v.toFixed(2)}`).join(', ');
    console.log(`  recompute per athlete: ${+counted.reads.toFixed(2)} reads + ${+counted.writes.toFixed(2)} writes (${fmt(counted.perAthlete)}), ${counted.msPerAthlete.toFixed(1)} ms in a batch of 10 (target ≤ 2 reads + 2 writes)`);
    console.log(`  recompute, once per batch (team settings, aggregate): ${fmt(counted.perBatch)}`);
  }
} finally {
  s3.destroy();
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
