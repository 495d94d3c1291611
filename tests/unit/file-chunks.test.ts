import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeUpload } from '#core/analyze/analyze-upload.ts';
import { csvExportChunks } from '#core/analyze/file-chunks.ts';
import type { TestRecord } from '#core/model/test-record.ts';
import { hubExportCsv } from '#core/synthetic/hub-export.ts';
import { realFiles, repoRoot } from '../support/paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'eccentric-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function analyzed(source: AsyncIterable<Buffer>) {
  const tests: TestRecord[] = [];
  const result = await analyzeUpload(source, { file: 'season.csv' }, { test: (t) => tests.push(t) });
  return { tests, rejected: result.rejected, summary: result.summary };
}

describe('csvExportChunks', () => {
  it('reads a plain CSV export in place with the same result as a stream, well past the copied head', async () => {
    const file = join(dir, 'season.csv');
    // ~8 MB with a few broken rows: every 256 KB read after the first two reuses one buffer.
    const rows = hubExportCsv({ athletes: 300, tests: 50_000, seed: 7, startDate: new Date('2022-01-03'), template: 'compact' }).split('\n');
    for (const at of [30_000, 45_000]) rows[at] = rows[at]!.replace(/"(\d+(\.\d+)?)"/, '"n/a"');
    writeFileSync(file, rows.join('\n'));
    const chunks = csvExportChunks(file, { file: 'season.csv' });
    expect(chunks).not.toBeNull();
    const inPlace = await analyzed(chunks!);
    const streamed = await analyzed(createReadStream(file, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>);
    expect(inPlace.summary.tests).toBeGreaterThan(40_000);
    expect(inPlace.rejected.map((r) => r.line)).toEqual(expect.arrayContaining([30_001, 45_001]));
    expect(inPlace.summary).toEqual(streamed.summary);
    expect(inPlace.rejected).toEqual(streamed.rejected);
    expect(inPlace.tests).toEqual(streamed.tests);
  });

  it('leaves gzip, JSON, rosters and traces to a stream (their readers keep chunks)', () => {
    const gz = join(dir, 'hub.csv.gz');
    writeFileSync(gz, gzipSync(hubExportCsv({ athletes: 5, tests: 50, seed: 1, startDate: new Date('2025-01-06'), template: 'compact' })));
    const roster = join(dir, 'roster.csv');
    writeFileSync(roster, 'athleteId,name,bodyMassKg\njd,Jane Doe,70\n');
    const trace = join(repoRoot, 'tests/fixtures/traces/nordbord-nordic-Jane-Doe-export-01_03_2026.csv');
    for (const file of [gz, roster, realFiles.apiV2Json, trace]) expect(csvExportChunks(file, { file: 'x' }), file).toBeNull();
    expect(csvExportChunks(realFiles.hub, { file: 'x' })).not.toBeNull();
  });
});
