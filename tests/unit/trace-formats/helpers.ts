import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ParsedTrace, TraceRejection, TraceResult } from '../../../shared/trace-formats/index.ts';
import { repoRoot } from '../../support/paths.ts';

export const fixtureDir = join(repoRoot, 'tests/fixtures/traces');
export const fixture = (name: string) => readFileSync(join(fixtureDir, name));
export const HUB = 'nordbord-nordic-Jane-Doe-export-01_03_2026.csv';

export function ok(r: TraceResult): ParsedTrace {
  if (!r.ok) expect.fail(`expected a trace, got ${r.code}: ${r.reason}`);
  return r;
}

export function rejected(r: TraceResult): TraceRejection {
  if (r.ok) expect.fail(`expected a rejection, got a ${r.kind} trace`);
  return r;
}

/** Yields a buffer in chunks of the given size. */
export async function* chunks(buf: Buffer, size: number): AsyncIterable<Buffer> {
  for (let o = 0; o < buf.length; o += size) yield buf.subarray(o, o + size);
}

export const named = { fileName: 'nordbord-nordic-Jane-Doe-export-01_03_2026.csv' };
