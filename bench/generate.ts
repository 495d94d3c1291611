/**
 * Writes the benchmark inputs bench/out/hub-<N>.csv (synthetic VALD Hub Results Exports) with the seeded
 * streaming generator. A file is skipped when it exists with the same parameters (recorded beside it in
 * hub-<N>.json together with its byte size).
 *
 * Usage: node bench/generate.ts [10k,100k,1M]
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hubExportChunks } from '../shared/synthetic/hub-export.ts';

export const OUT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'out');

/** Bump when the generator's output changes, so stale inputs are rewritten. */
const GENERATOR_VERSION = 1;

export interface BenchInput {
  label: string;
  rows: number;
  file: string;
  bytes: number;
  /** Seconds spent generating (0 when the file was reused). */
  generatedSeconds: number;
}

export const DEFAULT_SIZES: Record<string, number> = { '10k': 10_000, '100k': 100_000, '1M': 1_000_000 };

/** Generator parameters for a size: one row per athlete and week, ~100 weekly sessions, from 2024-01-02. */
function params(rows: number) {
  return {
    generatorVersion: GENERATOR_VERSION,
    tests: rows,
    athletes: Math.max(25, Math.round(rows / 100)),
    seed: 20_260_101,
    startDate: '2024-01-02',
  };
}

export function ensureInput(label: string, rows: number, log: (s: string) => void = console.log): BenchInput {
  mkdirSync(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, `hub-${label}.csv`);
  const meta = path.join(OUT_DIR, `hub-${label}.json`);
  const p = params(rows);
  if (existsSync(file) && existsSync(meta)) {
    try {
      const old = JSON.parse(readFileSync(meta, 'utf8')) as { params: unknown; bytes: number };
      const bytes = statSync(file).size;
      if (JSON.stringify(old.params) === JSON.stringify(p) && old.bytes === bytes) {
        log(`reusing ${path.relative(process.cwd(), file)} (${(bytes / 1e6).toFixed(1)} MB)`);
        return { label, rows, file, bytes, generatedSeconds: 0 };
      }
    } catch {
      // fall through and regenerate
    }
  }
  const t0 = performance.now();
  const fd = openSync(file, 'w');
  let bytes = 0;
  try {
    for (const chunk of hubExportChunks({
      athletes: p.athletes,
      tests: p.tests,
      seed: p.seed,
      startDate: new Date(`${p.startDate}T00:00:00Z`),
    })) {
      bytes += writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
  const seconds = (performance.now() - t0) / 1000;
  writeFileSync(meta, `${JSON.stringify({ params: p, bytes }, null, 2)}\n`);
  log(
    `wrote ${path.relative(process.cwd(), file)}: ${rows.toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(1)} MB in ` +
      `${seconds.toFixed(2)} s (${Math.round(rows / seconds).toLocaleString('en')} rows/s, ${(bytes / 1e6 / seconds).toFixed(0)} MB/s)`,
  );
  return { label, rows, file, bytes, generatedSeconds: seconds };
}

export function parseSizes(arg: string | undefined): [string, number][] {
  if (!arg) return Object.entries(DEFAULT_SIZES);
  return arg.split(',').map((label) => {
    const known = DEFAULT_SIZES[label];
    if (known !== undefined) return [label, known];
    const m = /^(\d+(?:\.\d+)?)([kM]?)$/.exec(label);
    if (!m) throw new Error(`bad size ${label} (use e.g. 10k, 100k, 1M, 5000)`);
    return [label, Math.round(Number(m[1]) * (m[2] === 'k' ? 1e3 : m[2] === 'M' ? 1e6 : 1))];
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [label, rows] of parseSizes(process.argv[2])) ensureInput(label, rows);
}
