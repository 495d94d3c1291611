import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localS3Client } from '#infra/local/demo.ts';
import { startLocalStack, type LocalStack } from '#infra/local/stack.ts';
import { hubExportCsv } from '../../shared/synthetic/hub-export.ts';
import { startFaultyS3Proxy, type FaultyProxy } from '../support/faulty-s3-proxy.ts';
import { storedState } from '../support/stored-state.ts';
import { randomPortBase } from '../support/ports.ts';

/**
 * The real local servers with the ingest function reading S3 through a proxy that kills the connection in
 * the middle of an object's body. A drop fails the delivery, SQS retries it, and the retry stores exactly
 * what an undisturbed upload of the same file stores; a drop on every delivery is a poison message.
 */
let stack: LocalStack;
let proxy: FaultyProxy;
let s3: S3Client;
const csv = hubExportCsv({ template: 'compact', tests: 2000, athletes: 120, seed: 5, startDate: new Date('2024-01-02') });

async function upload(team: string) {
  await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: `uploads/${team}/season.csv`, Body: csv }));
  await new Promise((r) => setTimeout(r, 20));
  await stack.whenIdle();
}

beforeAll(async () => {
  // The proxy must know s3rver's port before the stack starts: fixed ports.
  const base = randomPortBase();
  proxy = await startFaultyS3Proxy(`http://127.0.0.1:${base + 1}`);
  stack = await startLocalStack({
    dataDir: mkdtempSync(join(tmpdir(), 'eccentric-drop-')),
    s3Port: base + 1,
    dynamoPort: base + 2,
    retryDelayMs: 20,
    ingest: { timeoutMs: 60_000 },
    functionEnv: { AWS_ENDPOINT_URL_S3: proxy.endpoint },
  });
  s3 = localS3Client(stack);
  await upload('control');
}, 120_000);

afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  await proxy?.close();
});

describe('an S3 stream dropped mid-read', () => {
  it('fails the delivery; the retry stores what an undisturbed upload stores, nothing twice', async () => {
    proxy.drop('uploads/faulty/', 2, 60_000);
    await upload('faulty');
    expect(proxy.dropped).toBe(2);
    const [faulty, control] = await Promise.all([storedState(stack.dynamoEndpoint, 'faulty'), storedState(stack.dynamoEndpoint, 'control')]);
    expect(control.tests.length).toBeGreaterThan(1900);
    expect(faulty.tests).toEqual(control.tests);
    expect(faulty.athletes).toEqual(control.athletes);
    // (The item keeps the error of the failed tries beside status done: saveUpload never removes it.)
    expect(faulty.uploads).toEqual([expect.objectContaining({ key: 'uploads/faulty/season.csv', status: 'done', storedTests: control.uploads[0]!.storedTests })]);
    expect(stack.queue.deadLetters).toEqual([]);
  });

  it('dropped on every delivery: dead-lettered after 5 with its reason, the upload marked failed with it; redriven once S3 answers, it completes', async () => {
    const before = proxy.dropped;
    proxy.drop('uploads/poison/', 5, 60_000);
    await upload('poison');
    expect(proxy.dropped - before).toBe(5);
    const [letter] = stack.queue.deadLetters;
    expect(stack.queue.deadLetters).toHaveLength(1);
    expect(letter!.record.attributes.ApproximateReceiveCount).toBe('5');
    expect(letter!.reason).toMatch(/aborted/);
    const failed = await storedState(stack.dynamoEndpoint, 'poison');
    expect(failed.uploads).toEqual([expect.objectContaining({ status: 'failed', error: expect.stringMatching(/aborted/) })]);

    await stack.queues.redrive(stack.queue.deadLetterQueue);
    await stack.whenIdle();
    const [poison, control] = await Promise.all([storedState(stack.dynamoEndpoint, 'poison'), storedState(stack.dynamoEndpoint, 'control')]);
    expect(poison.tests).toEqual(control.tests);
    expect(poison.athletes).toEqual(control.athletes);
    expect(poison.uploads.map((u) => u.status)).toEqual(['done']);
    expect(stack.queue.deadLetters).toEqual([]);
  });
});
