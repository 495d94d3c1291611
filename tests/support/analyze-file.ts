import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { analyzeStream, type AnalyzeOptions, type AnalyzeResult } from '#core/analyze/analyzer.ts';
import type { AthleteProfile } from '#core/model/athlete-profile.ts';
import type { TestRecord } from '#core/model/test-record.ts';

export type Analyzed = AnalyzeResult & { tests: TestRecord[]; athletes: AthleteProfile[] };

/** Runs the analyzer over a file or in-memory text and collects what it emits. */
export async function analyzeFile(file: string, options: Partial<AnalyzeOptions> = {}): Promise<Analyzed> {
  return collect(createReadStream(file), { file: basename(file), ...options });
}

export async function analyzeText(text: string | Buffer, options: Partial<AnalyzeOptions> = {}, chunkSize = 7): Promise<Analyzed> {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  return collect(Readable.from(chunks), { file: 'test.csv', ...options });
}

async function collect(source: AsyncIterable<Buffer>, options: AnalyzeOptions): Promise<Analyzed> {
  const tests: TestRecord[] = [];
  const athletes: AthleteProfile[] = [];
  const result = await analyzeStream(source, options, { test: (t) => tests.push(t), athlete: (p) => athletes.push(p) });
  return { ...result, tests, athletes };
}
