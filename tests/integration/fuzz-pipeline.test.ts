import { PutObjectCommand } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeUpload } from '#core/analyze/analyze-upload.ts';
import type { TestRecord } from '#core/model/test-record.ts';
import { serializeTest } from '#core/output/json-test-writer.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { anyUpload, apiJsonUpload, csvUpload, plausibleExport } from '../support/fuzz-inputs.ts';

/**
 * On a sample of generated files (fixed seed), what the local pipeline stores and rejects equals what
 * `analyze` predicts with ingest's options (no team settings: undecided dates hold the file).
 */
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

const sample = fc.sample(fc.oneof(plausibleExport, plausibleExport, csvUpload.map((s) => Buffer.from(s)), apiJsonUpload.map((s) => Buffer.from(s)), anyUpload), { numRuns: 20, seed: 1616 });

describe('generated files through the pipeline', () => {
  it('store exactly the tests and rejections analyze predicts', async () => {
    const predicted: { tests: TestRecord[]; rejected: unknown[]; status: string }[] = [];
    for (const [i, bytes] of sample.entries()) {
      const tests: TestRecord[] = [];
      const r = await analyzeUpload(
        (async function* () {
          yield bytes;
        })(),
        { file: `generated-${i}.csv`, holdUndecided: true },
        { test: (x) => tests.push(JSON.parse(serializeTest(x))) },
      );
      predicted.push({ tests, rejected: r.rejected, status: r.held ? 'held' : r.refused ? 'rejected' : 'done' });
      await t.s3.send(new PutObjectCommand({ Bucket: t.stack.bucket, Key: `uploads/fuzz-${i}/generated-${i}.csv`, Body: bytes }));
    }
    await t.settle();
    for (const [i, want] of predicted.entries()) {
      const team = `fuzz-${i}`;
      const token = await t.stack.signToken(team);
      const list = await t.get(`/teams/${team}/uploads`, token);
      const { body: upload } = await t.get(`/teams/${team}/uploads/${list.body.uploads[0].uploadId}`, token);
      expect(upload.status, `generated-${i}: ${upload.error ?? ''}`).toBe(want.status);
      expect(upload.storedTests, `generated-${i}`).toBe(want.tests.length);
      const report = (await fetch(upload.reportUrl).then((r) => r.json())) as { rejected: unknown[] };
      expect(report.rejected, `generated-${i}`).toEqual(want.rejected);
      const squad = (await t.get(`/teams/${team}/squad?limit=500`, token)).body.athletes as { athleteId: string }[];
      const stored: TestRecord[] = [];
      for (const { athleteId } of squad) {
        const history = await t.get(`/teams/${team}/athletes/${encodeURIComponent(athleteId)}/tests?limit=200`, token);
        for (const { uploadId: _u, ...test } of history.body.tests) stored.push(test);
      }
      const key = (x: TestRecord) => `${x.athleteId}/${x.testId}/${x.testedAt}`;
      expect(stored.map(key).sort(), `generated-${i}`).toEqual(want.tests.map(key).sort());
    }
    // The sample holds stored tests and rejected rows, and more than one outcome.
    expect(predicted.filter((p) => p.tests.length > 0).length).toBeGreaterThanOrEqual(5);
    expect(predicted.filter((p) => p.rejected.length > 0).length).toBeGreaterThanOrEqual(5);
    expect(new Set(predicted.map((p) => p.status)).size).toBeGreaterThanOrEqual(2);
    console.log(`generated files: ${predicted.map((p) => `${p.status}/${p.tests.length}/${p.rejected.length}`).join(' ')}`);
    expect(t.stack.queue.deadLetters).toEqual([]);
  }, 240_000);
});
