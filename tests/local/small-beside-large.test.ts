import { createReadStream, createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { hubExportChunks, hubExportCsv } from '../../shared/synthetic/hub-export.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

let t: TestStack | undefined;
afterAll(async () => {
  await t?.stop(); // the large upload is cut off here; it would resume on a next start
});

async function writeExport(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  for (const chunk of hubExportChunks({ template: 'compact', tests: rows, athletes: 4000, seed: 19, startDate: new Date('2020-01-07') })) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('concurrent batches', () => {
  it('a 5-row upload sent after a 400,000-row one is done in seconds, while the large one is still running', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'eccentric-large-')), 'archive.csv');
    await writeExport(file, 400_000);
    t = await startTestStack();
    await t.s3.send(new PutObjectCommand({ Bucket: t.stack.bucket, Key: 'uploads/real/archive.csv', Body: createReadStream(file), ContentLength: statSync(file).size }));
    const status = async (uploadId?: string) => {
      const list = (await t!.get('/teams/real/uploads')).body.uploads as { key: string; status: string; uploadId: string }[];
      return uploadId ? list.find((u) => u.uploadId === uploadId) : list;
    };
    // Until the large one is being read.
    for (let i = 0; i < 200 && !((await status()) as { status: string }[]).some((u) => u.status === 'processing'); i++) await new Promise((r) => setTimeout(r, 100));

    const sent = Date.now();
    await t.s3.send(new PutObjectCommand({ Bucket: t.stack.bucket, Key: 'uploads/real/five.csv', Body: hubExportCsv({ template: 'compact', tests: 5, athletes: 5, seed: 2, startDate: new Date('2026-01-20') }) /* a day above 12 settles its date order; a file nothing settles is held */ }));
    let small: { status: string } | undefined;
    while (Date.now() - sent < 30_000) {
      small = ((await status()) as { key: string; status: string }[]).find((u) => u.key === 'uploads/real/five.csv');
      if (small?.status === 'done') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (Date.now() - sent) / 1000;
    expect(small?.status).toBe('done');
    // On a quiet 2-core machine ~1-2 s (a second sandbox's cold start included); bounded loosely for a shared one.
    expect(seconds).toBeLessThan(20);
    const large = ((await status()) as { key: string; status: string }[]).find((u) => u.key === 'uploads/real/archive.csv');
    expect(large?.status).toBe('processing');
    // The large one is still being read (planned) or stored in parts on the ingest-parts queue.
    expect(t.stack.queue.busy + t.stack.consumers.ingestParts!.busy).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
