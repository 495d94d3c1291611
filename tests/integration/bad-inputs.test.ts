import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { badCases, byCode, bytesOf, peakRssGrowth } from '../fixtures/bad/cases.ts';

/**
 * The bad-input corpus through the local pipeline (S3 API → bridge → queue → ingest handler → DynamoDB →
 * API), each file to a team of its own (a file whose dates settle the order would teach it to the team).
 */
/** Peak RSS growth of this process (stack included) over the uploads (measured 443 MB on the project machine; the 50 MB JSON dominates). */
const RSS_BOUND_MB = 700;

let t: TestStack;
const teamOf = (i: number) => `bad-${String(i).padStart(2, '0')}`;

beforeAll(async () => {
  t = await startTestStack();
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

describe('the bad-input corpus through the local pipeline', () => {
  it('every file gets a precise report, valid rows are stored, nothing the file caused is failed or dead-lettered, memory bounded', async () => {
    const { growthMb } = await peakRssGrowth(async () => {
      for (const [i, c] of badCases.entries()) {
        await t.s3.send(new PutObjectCommand({ Bucket: t.stack.bucket, Key: `uploads/${teamOf(i)}/corpus/${c.file}`, Body: bytesOf(c) }));
      }
      await t.settle();
    });
    for (const [i, c] of badCases.entries()) {
      const token = await t.stack.signToken(teamOf(i));
      const list = await t.get(`/teams/${teamOf(i)}/uploads`, token);
      expect(list.status).toBe(200);
      if (c.status === 'skipped') {
        expect(list.body.uploads, c.file).toEqual([]);
        continue;
      }
      expect(list.body.uploads, c.file).toHaveLength(1);
      const { body: upload } = await t.get(`/teams/${teamOf(i)}/uploads/${list.body.uploads[0].uploadId}`, token);
      const why = `${c.file}: ${c.why}`;
      expect(upload.fileName, why).toBe(c.file);
      expect(upload.status, `${why} (${upload.error ?? ''})`).toBe(c.status);
      expect(upload.kind, why).toBe(c.kind);
      expect(upload.storedTests, why).toBe(c.tests);
      const report = (await fetch(upload.reportUrl).then((r) => r.json())) as { rejected: { code: string; reason: string }[] };
      expect(byCode(report.rejected), why).toEqual(c.pipeline?.rejections ?? c.rejections);
      expect(upload.rejectedCount, why).toBe(report.rejected.length);
      if (c.status === 'held') expect(upload.held.message, why).toMatch(/PUT \/teams\/bad-\d+\/settings .*POST \/teams\/bad-\d+\/uploads\/u[0-9a-f]+\/date-order/);
      if (c.encoding) expect(upload.summary.format.encoding, why).toBe(c.encoding);
    }
    expect(t.stack.queue.deadLetters).toEqual([]);
    expect(growthMb, `peak RSS growth ${growthMb.toFixed(0)} MB`).toBeLessThan(RSS_BOUND_MB);
    console.log(`bad-input corpus through the pipeline: ${badCases.length} uploads, peak RSS growth ${growthMb.toFixed(0)} MB (bound ${RSS_BOUND_MB} MB)`);
  }, 300_000);
});
