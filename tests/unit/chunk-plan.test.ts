import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeUpload } from '#core/analyze/analyze-upload.ts';
import type { AnalyzeOptions } from '#core/analyze/analyzer.ts';
import { planChunks, readChunk, type PlannedFile } from '#core/analyze/chunk-plan.ts';
import type { TestRecord } from '#core/model/test-record.ts';
import { hubExportCsv } from '#core/synthetic/hub-export.ts';
import { realFiles } from '../support/paths.ts';

const UPLOAD_TIME = Date.parse('2026-12-01T00:00:00Z');

async function* pieces(bytes: Buffer, size = 7919): AsyncIterable<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** What the single-message path hands on and reports, and what the chunks of a plan hand on. */
async function both(bytes: Buffer, chunkBytes: number, extra: Partial<AnalyzeOptions> = {}) {
  const options: AnalyzeOptions = { file: 'export.csv', uploadTimeMs: UPLOAD_TIME, holdUndecided: true, ...extra };
  const single: TestRecord[] = [];
  const whole = await analyzeUpload(pieces(bytes), { ...options, sizeBytes: bytes.length }, { test: (t) => single.push(t) });
  const planned = await planChunks(pieces(bytes), options, bytes.length, chunkBytes);
  const chunked: TestRecord[] = [];
  if (planned !== null) {
    const head = bytes.subarray(0, planned.plan.headBytes);
    for (const chunk of planned.plan.chunks) {
      await readChunk(head, pieces(bytes.subarray(chunk.start, chunk.end), 1013), planned.plan, chunk, options, { test: (t) => chunked.push(t) });
    }
  }
  return { whole, single, planned, chunked };
}

function expectSameReport(planned: PlannedFile, whole: Awaited<ReturnType<typeof analyzeUpload>>) {
  expect(planned.result.summary).toEqual(whole.summary);
  expect(planned.result.rejected).toEqual(whole.rejected);
  expect([...planned.result.latest]).toEqual([...whole.latest]);
  expect(planned.result.kind).toBe(whole.kind);
}

describe('a large export cut into chunks', () => {
  it('the real Hub export and API CSVs: chunks of 2-8 KB hand on exactly the single path’s tests, and the plan reports what it does', async () => {
    for (const file of [realFiles.hub, realFiles.apiV2Csv, realFiles.multiType]) {
      const bytes = readFileSync(file);
      for (const chunkBytes of [2048, 8192]) {
        const { whole, single, planned, chunked } = await both(bytes, chunkBytes);
        expect(planned, file).not.toBeNull();
        expect(planned!.plan.chunks.length).toBeGreaterThan(1);
        expect(chunked).toEqual(single);
        expectSameReport(planned!, whole);
        // The chunks tile the object from its first record byte to its end, each starting a line.
        const { chunks, size } = planned!.plan;
        expect(chunks.at(-1)!.end).toBe(size);
        for (let i = 1; i < chunks.length; i++) {
          expect(chunks[i]!.start).toBe(chunks[i - 1]!.end);
          expect(bytes[chunks[i]!.start - 1]).toBe(0x0a);
        }
      }
    }
  });

  it('generated exports of every template, quoting, date style and order: the same tests and report at any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 10_000 }),
          template: fc.constantFrom('compact' as const, 'full' as const),
          quoted: fc.boolean(),
          dates: fc.constantFrom('us' as const, 'iso' as const),
          bom: fc.boolean(),
          duplicateRate: fc.constantFrom(0, 0.05, 0.3),
          chunkBytes: fc.integer({ min: 300, max: 6000 }),
          tests: fc.integer({ min: 40, max: 400 }),
        }),
        async (p) => {
          const csv = hubExportCsv({ template: p.template, quoted: p.quoted, dates: p.dates, bom: p.bom, duplicateRate: p.duplicateRate, tests: p.tests, athletes: 12, seed: p.seed, startDate: new Date('2025-09-20') });
          const bytes = Buffer.from(csv);
          const { whole, single, planned, chunked } = await both(bytes, p.chunkBytes, { dateOrder: 'MDY' });
          // One chunk only (no line end past chunkBytes but the file's last): read in one message.
          const lineEndPast = bytes.indexOf(0x0a, p.chunkBytes);
          if (bytes.length <= p.chunkBytes || lineEndPast < 0 || lineEndPast === bytes.length - 1) {
            expect(planned).toBeNull();
            return;
          }
          expect(planned).not.toBeNull();
          expect(chunked).toEqual(single);
          expectSameReport(planned!, whole);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('quoted line ends, CRLF, a title line, repeats across chunks and a date order settled late: chunks cut only at record ends', async () => {
    const header = 'Name,ExternalId,Test,Date UTC,Time UTC,Device,L Reps,R Reps,L Max Force (N),R Max Force (N),Notes';
    const lines = ['NordBord export "Season"', header];
    for (let i = 0; i < 120; i++) {
      const day = 1 + (i % 12); // no day above 12 until the end: every earlier row waits for the order
      const note = i % 7 === 0 ? `"felt tight,\r\nstopped ""early"""` : 'ok';
      lines.push(`Athlete ${i % 9},X${i % 9},Nordic,0${1 + (i % 9)}/${String(day).padStart(2, '0')}/2026,${1 + (i % 11)}:0${i % 6} PM,NB1,3,3,${300 + i},${310 + i},${note}`);
      if (i % 10 === 3) lines.push(lines.at(-1)!); // an exact repeat, right after its first
      if (i % 25 === 4) lines.push(lines[2 + (i % 5)]!); // a repeat of a row far above (an earlier chunk)
    }
    lines.push('Athlete 1,X1,Nordic,03/28/2026,1:00 PM,NB1,3,3,333,331,settles MM/DD');
    // An ExternalId met in two spellings (ids match without case): the one met first names her everywhere.
    lines.splice(3, 0, 'Jane Doe,Jd-7,Nordic,03/02/2026,9:00 AM,NB1,3,3,280,290,first spelling');
    lines.push('Jane Doe,JD-7,Nordic,03/27/2026,9:00 AM,NB1,3,3,281,291,later spelling');
    lines.push('Athlete 2,X2,Nordic,28/03/2026,1:00 PM,NB1,3,3,333,331,conflicts');
    const bytes = Buffer.from(lines.join('\r\n') + '\r\n');
    for (const chunkBytes of [200, 777, 1500]) {
      const { whole, single, planned, chunked } = await both(bytes, chunkBytes);
      expect(planned).not.toBeNull();
      expect(whole.summary.dateOrder?.decidedBy).toBe('values');
      expect(whole.summary.duplicateRows).toBeGreaterThan(10);
      expect(whole.rejected.some((r) => r.code === 'date-order-conflict')).toBe(true);
      expect(planned!.plan.chunks.some((c) => c.skipLines.length > 0)).toBe(true);
      expect(single.filter((t) => /jd-7/i.test(t.athleteId)).map((t) => t.athleteId)).toEqual(['Jd-7', 'Jd-7']);
      expect(chunked).toEqual(single);
      expectSameReport(planned!, whole);
    }
  });

  it('files one message reads whole answer null: small, gzip, a roster, a file held for its date order, another encoding', async () => {
    const csv = hubExportCsv({ template: 'compact', tests: 200, athletes: 5, seed: 3, startDate: new Date('2026-01-20') });
    const plan = (bytes: Buffer, chunkBytes = 500) => planChunks(pieces(bytes), { file: 'x.csv', holdUndecided: true }, bytes.length, chunkBytes);
    expect(await plan(Buffer.from(csv), 1 << 20)).toBeNull();
    const { gzipSync } = await import('node:zlib');
    expect(await plan(gzipSync(csv))).toBeNull();
    const roster = ['Name,ExternalId,Sport', ...Array.from({ length: 200 }, (_, i) => `Athlete ${i},E${i},soccer`)].join('\n');
    expect(await plan(Buffer.from(roster))).toBeNull();
    const header = 'Name,ExternalId,Test,Date UTC,Time UTC,Device,L Reps,R Reps,L Max Force (N),R Max Force (N)';
    const undecided = [header, ...Array.from({ length: 200 }, (_, i) => `Athlete ${i % 7},X${i % 7},Nordic,0${1 + (i % 9)}/0${1 + (i % 9)}/2026,1:0${i % 10} PM,NB1,3,3,${300 + i},${301 + i}`)].join('\n');
    const whole = await analyzeUpload(pieces(Buffer.from(undecided)), { file: 'x.csv', holdUndecided: true }, {});
    expect(whole.held?.rows).toBe(200);
    expect(await plan(Buffer.from(undecided))).toBeNull();
    const latin1 = Buffer.from(csv.replace('Athlete', 'Jos\u00e9'), 'latin1');
    expect(await plan(latin1)).toBeNull();
  });
});
