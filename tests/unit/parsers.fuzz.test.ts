import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeUpload } from '#core/analyze/analyze-upload.ts';
import { AnalyzeOutputSchema } from '#core/model/analyze-output.ts';
import type { AthleteProfile } from '#core/model/athlete-profile.ts';
import { serializeTest } from '#core/output/json-test-writer.ts';
import { runAnalyze } from '../../cli/analyze-command.ts';
import { anyUpload, apiJsonUpload, csvUpload, plausibleExport, rawBytes, traceUpload } from '../support/fuzz-inputs.ts';

/** A fixed upload time: generated dates around it are accepted or refused the same way on every run. */
const UPLOAD_TIME = Date.UTC(2026, 11, 1);

/** Every parser behind analyzeUpload, on one upload, in chunks of `size`: never throws, and its --json document is valid. */
async function analyzedDocument(bytes: Buffer, size: number) {
  const tests: unknown[] = [];
  const athletes: AthleteProfile[] = [];
  const workouts: unknown[] = [];
  const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
  const result = await analyzeUpload(
    (async function* () {
      yield* chunks;
    })(),
    { file: 'fuzz.csv', uploadTimeMs: UPLOAD_TIME },
    { test: (t) => tests.push(JSON.parse(serializeTest(t))), athlete: (p) => athletes.push(p), workout: (w) => workouts.push(w) },
  );
  const text = JSON.stringify({ tests, athletes, workouts, rejected: result.rejected, kind: result.kind, summary: result.summary });
  const doc = AnalyzeOutputSchema.parse(JSON.parse(text));
  for (const r of doc.rejected) expect(r.reason.length).toBeLessThan(2000);
  return { doc, refused: result.refused };
}

const property = (arbitrary: fc.Arbitrary<Buffer>, numRuns: number) =>
  fc.assert(
    fc.asyncProperty(arbitrary, fc.integer({ min: 1, max: 70_000 }), async (bytes, size) => {
      const whole = await analyzedDocument(bytes, Math.max(1, bytes.length));
      const chunked = await analyzedDocument(bytes, size);
      // However the bytes arrive, the same result.
      expect(chunked).toEqual(whole);
    }),
    { numRuns },
  );

describe('fuzzing every parser (fast-check): no input throws, the --json document is always valid, chunking does not matter', () => {
  it('CSV exports, API CSV and rosters in every dialect', async () => property(csvUpload.map((s) => Buffer.from(s)), 300), 120_000);
  it('VALD API JSON of any shape', async () => property(apiJsonUpload.map((s) => Buffer.from(s)), 200), 120_000);
  it('raw force traces (Hub CSV, VALD JSON, eccentric-trace JSON and CSV)', async () => property(traceUpload.map((s) => Buffer.from(s)), 150), 120_000);
  it('any of them in UTF-16 or Latin-1, gzipped, cut short', async () => property(anyUpload, 300), 120_000);
  it('raw bytes', async () => property(rawBytes, 300), 60_000);
  it('mostly valid exports (the rows that become tests)', async () => property(plausibleExport, 200), 60_000);
});

describe('eccentric analyze --json in-process on generated files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eccentric-fuzz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one valid document for several files, whatever they hold', async () => {
    const samples = fc.sample(fc.array(anyUpload, { minLength: 2, maxLength: 4 }), { numRuns: 15, seed: 16 });
    for (const [n, files] of samples.entries()) {
      const paths = files.map((bytes, i) => {
        const path = join(dir, `f${n}-${i}.csv`);
        writeFileSync(path, bytes);
        return path;
      });
      const chunks: string[] = [];
      const write = process.stdout.write;
      process.stdout.write = ((c: string | Uint8Array) => (chunks.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8')), true)) as typeof process.stdout.write;
      let code: number;
      try {
        code = await runAnalyze([...paths, '--json']);
      } finally {
        process.stdout.write = write;
      }
      const doc = AnalyzeOutputSchema.parse(JSON.parse(chunks.join('')));
      expect('files' in doc.summary && doc.summary.files.map((f) => f.file)).toEqual(paths.map((p) => p.split('/').pop()));
      expect(code).toBe('files' in doc.summary && doc.summary.files.some((f) => f.refused) ? 1 : 0);
    }
  }, 120_000);
});
