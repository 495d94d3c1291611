import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localS3Client } from '#infra/local/demo.ts';
import { startLocalStack, type LocalStack } from '#infra/local/stack.ts';
import { hubExportCsv } from '#core/synthetic/hub-export.ts';
import { uploadIdFor } from '../../functions/adapters/upload-repository.ts';
import { startFaultyS3Proxy, type FaultyProxy } from '../support/faulty-s3-proxy.ts';
import { realFiles } from '../support/paths.ts';
import { storedState, type StoredState } from '../support/stored-state.ts';
import { randomPortBase } from '../support/ports.ts';

/**
 * The same files through the local stack twice: once as small files are read (one message each), once cut into
 * chunks of 8 KB (INGEST_CHUNK_BYTES), each chunk a message of its own on the ingest-parts queue, read by the
 * function through a proxy that can cut a chunk's ranged read. Stored tests, athletes, upload items and reports
 * must be the same; a chunk that failed once, a chunk delivered again and a chunk stored again change nothing.
 */
const files: Record<string, Buffer> = {
  hub: readFileSync(realFiles.hub),
  apiv2: readFileSync(realFiles.apiV2Csv),
  multitype: readFileSync(realFiles.multiType),
  json: readFileSync(realFiles.apiV2Json), // not cut (JSON): one message in both runs
  season: Buffer.from(hubExportCsv({ template: 'compact', tests: 1500, athletes: 150, seed: 8, duplicateRate: 0.05, startDate: new Date('2025-01-14') })),
  quoted: Buffer.from(hubExportCsv({ template: 'full', quoted: true, bom: true, tests: 400, athletes: 30, seed: 9, duplicateRate: 0.1, startDate: new Date('2025-02-14') })),
  iso: Buffer.from(hubExportCsv({ template: 'compact', dates: 'iso', externalIds: true, tests: 800, athletes: 500, seed: 10, startDate: new Date('2025-03-01') })),
};
const keyOf = (team: string, name: string) => `uploads/${team}/${name}.${name === 'json' ? 'json' : 'csv'}`;

interface Run {
  state: StoredState;
  report: Record<string, unknown>;
}

async function putAndSettle(stack: LocalStack, s3: S3Client, team: string, name: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: keyOf(team, name), Body: files[name] }));
  await new Promise((r) => setTimeout(r, 20));
  await stack.whenIdle();
}

async function readRun(stack: LocalStack, s3: S3Client, team: string, name: string): Promise<Run> {
  const stored = await storedState(stack.dynamoEndpoint, team);
  // The key names the team: the file's name is what the two runs share.
  const state = { ...stored, uploads: stored.uploads.map((u) => ({ ...u, key: u.key.split('/').pop()! })) };
  const out = await s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: `reports/${team}/${uploadIdFor(keyOf(team, name))}.json` }));
  const { uploadId: _u, teamId: _t, key: _k, ...report } = JSON.parse(await out.Body!.transformToString()) as Record<string, unknown>;
  return { state, report };
}

const single: Record<string, Run> = {};
let stack: LocalStack;
let proxy: FaultyProxy;
let s3: S3Client;

beforeAll(async () => {
  // One message per file: 4 MiB chunks, larger than every file here.
  const first = await startLocalStack({ dataDir: mkdtempSync(join(tmpdir(), 'eccentric-single-')), retryDelayMs: 20, recomputeTeamDelaySeconds: '0' });
  const firstS3 = localS3Client(first);
  for (const name of Object.keys(files)) {
    await putAndSettle(first, firstS3, `s-${name}`, name);
    single[name] = await readRun(first, firstS3, `s-${name}`, name);
  }
  firstS3.destroy();
  await first.stop();

  const base = randomPortBase();
  proxy = await startFaultyS3Proxy(`http://127.0.0.1:${base + 1}`);
  stack = await startLocalStack({
    dataDir: mkdtempSync(join(tmpdir(), 'eccentric-chunked-')),
    s3Port: base + 1,
    dynamoPort: base + 2,
    retryDelayMs: 20,
    recomputeTeamDelaySeconds: '0',
    functionEnv: { INGEST_CHUNK_BYTES: '8192', AWS_ENDPOINT_URL_S3: proxy.endpoint },
  });
  s3 = localS3Client(stack);
}, 300_000);

afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  await proxy?.close();
});

async function chunkObjects(team: string): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: stack.bucket, Prefix: `chunks/${team}/` }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

describe('a large upload stored in chunks', () => {
  it('stores the tests, athletes, upload item and report the one-message path stores, for the real files and generated exports', async () => {
    for (const name of Object.keys(files)) {
      await putAndSettle(stack, s3, `c-${name}`, name);
      const chunked = await readRun(stack, s3, `c-${name}`, name);
      expect(chunked.state.uploads, name).toEqual(single[name]!.state.uploads);
      expect(chunked.state.tests, name).toEqual(single[name]!.state.tests);
      expect(chunked.state.athletes, name).toEqual(single[name]!.state.athletes);
      expect(chunked.report, name).toEqual(single[name]!.report);
      const parts = (await chunkObjects(`c-${name}`)).filter((k) => k.includes('/part-'));
      // Every CSV here is cut (more than 8 KB), the JSON file is not.
      if (name === 'json') expect(parts).toEqual([]);
      else expect(parts.length, name).toBeGreaterThan(name === 'season' ? 10 : 1);
    }
    expect(single.season!.state.tests.length).toBeGreaterThan(1300);
    expect((single.season!.report.summary as { duplicateRows: number }).duplicateRows).toBeGreaterThan(0);
  }, 300_000);

  it('a chunk whose read is cut off fails, says so on the upload, and its retry stores what an undisturbed upload stores', async () => {
    const dropped = proxy.dropped;
    proxy.drop('uploads/f-season/', 1, 500, true);
    await putAndSettle(stack, s3, 'f-season', 'season');
    expect(proxy.dropped).toBe(dropped + 1);
    const run = await readRun(stack, s3, 'f-season', 'season');
    expect(run.state.tests).toEqual(single.season!.state.tests);
    expect(run.state.athletes).toEqual(single.season!.state.athletes);
    expect(run.report).toEqual(single.season!.report);
    expect(run.state.uploads).toEqual(single.season!.state.uploads);
    expect(stack.queues.get('eccentric-ingest-parts-dlq')!.list()).toEqual([]);
  }, 120_000);

  it('chunks delivered twice while the upload runs, again after it is done, or of a plan it no longer has: the same state, nothing counted twice', async () => {
    const team = 'd-season';
    const uploadId = uploadIdFor(keyOf(team, 'season'));
    await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: keyOf(team, 'season'), Body: files.season }));
    let plan: RegExpExecArray | null = null;
    for (let i = 0; i < 300 && plan === null; i++) {
      plan = /^chunks\/d-season\/u[0-9a-f]{16}\/([0-9a-f]{16})\/plan\.json$/.exec((await chunkObjects(team)).find((k) => k.endsWith('plan.json')) ?? '');
      if (plan === null) await new Promise((r) => setTimeout(r, 50));
    }
    expect(plan).not.toBeNull();
    const message = (index: number, planId = plan![1]) => JSON.stringify({ eccentricChunk: { teamId: team, uploadId, planId, index } });
    // SQS delivers at least once: every chunk a second time, while the first deliveries run.
    const total = (await chunkObjects('c-season')).filter((k) => k.includes('/part-')).length;
    for (let i = 0; i < total; i++) await stack.consumers.ingestParts!.send(message(i));
    await new Promise((r) => setTimeout(r, 20));
    await stack.whenIdle();
    const run = await readRun(stack, s3, team, 'season');
    expect(run.state.tests).toEqual(single.season!.state.tests);
    expect(run.state.athletes).toEqual(single.season!.state.athletes);
    expect(run.state.uploads).toEqual(single.season!.state.uploads);
    expect(run.report).toEqual(single.season!.report);

    // Once it is done: a chunk again (even one whose result is gone), and a chunk of another plan, change nothing.
    const objects = await chunkObjects(team);
    await s3.send(new DeleteObjectCommand({ Bucket: stack.bucket, Key: objects.find((k) => k.endsWith('/part-5.json'))! }));
    await stack.consumers.ingestParts!.send(message(5));
    await stack.consumers.ingestParts!.send(message(3));
    await stack.consumers.ingestParts!.send(message(0, '0123456789abcdef'));
    await new Promise((r) => setTimeout(r, 20));
    await stack.whenIdle();
    const after = await readRun(stack, s3, team, 'season');
    expect(after).toEqual(run);
    expect(stack.queues.get('eccentric-ingest-parts-dlq')!.list()).toEqual([]);
  }, 120_000);
});
