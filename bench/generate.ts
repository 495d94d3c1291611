/**
 * Writes the benchmark inputs bench/out/hub-<template>-<N>.csv (synthetic VALD Hub Results Exports) with the
 * seeded streaming generator. A file is skipped when it exists with the same parameters (recorded beside it
 * in hub-<template>-<N>.json together with its byte size).
 *
 * Default inputs: `compact-10k`, `compact-100k`, `compact-1M` (the headline: the 17-column template,
 * ~164 bytes per row, 1M rows ≈ 164 MB), `full-100k` (the real 72-column layout, ~830 bytes per row) and
 * `iso-10k`, `iso-100k`, `iso-1M`: the compact columns and rows written the way pandas reads fastest —
 * no quotes, ISO dates (`2024-01-02`, `15:04`) and an ExternalId on every row (the athlete's id then).
 *
 * Usage: node bench/generate.ts [compact-10k,compact-1M,full-100k,iso-1M,…]   (a bare size means compact)
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HubExportTemplate, hubExportChunks } from '../shared/synthetic/hub-export.ts';

export const OUT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'out');

/** Bump when the generator's output changes, so stale inputs are rewritten. */
const GENERATOR_VERSION = 2;

/** `compact` and `full` are Hub's framing of those templates; `iso` is the compact template unquoted, with ISO dates and ExternalIds. */
export type InputShape = 'compact' | 'full' | 'iso';

export interface InputSpec {
  /** `<shape>-<size>`, e.g. `compact-1M`; also the file name stem after `hub-`. */
  label: string;
  shape: InputShape;
  template: HubExportTemplate;
  /** The size part of the label, e.g. `1M`. */
  size: string;
  rows: number;
}

export interface BenchInput extends InputSpec {
  file: string;
  bytes: number;
  /** Seconds spent generating (0 when the file was reused). */
  generatedSeconds: number;
}

export const DEFAULT_SIZES: Record<string, number> = { '10k': 10_000, '100k': 100_000, '1M': 1_000_000 };

/**
 * The default inputs: compact 10k/100k/1M (headline, memory flatness), the real 72-column layout at 100k,
 * and the ISO shape at 10k/100k/1M (pandas' fast case).
 */
export const DEFAULT_INPUTS = 'compact-10k,compact-100k,compact-1M,full-100k,iso-10k,iso-100k,iso-1M';

/** The generator's framing options of a shape (none for Hub's own framing, so those inputs keep their parameters). */
function shapeOptions(shape: InputShape): { quoted?: boolean; dates?: 'iso'; externalIds?: boolean } {
  return shape === 'iso' ? { quoted: false, dates: 'iso', externalIds: true } : {};
}

/**
 * Generator parameters for an input: one row per athlete and week, ~100 weekly sessions, from 2024-01-02.
 * Both templates use the same parameters, so `compact-100k` holds the same tests as `full-100k`.
 */
function params(shape: InputShape, template: HubExportTemplate, rows: number) {
  return {
    generatorVersion: GENERATOR_VERSION,
    template,
    ...shapeOptions(shape),
    tests: rows,
    athletes: Math.max(25, Math.round(rows / 100)),
    seed: 20_260_101,
    startDate: '2024-01-02',
  };
}

export function ensureInput(spec: InputSpec, log: (s: string) => void = console.log): BenchInput {
  const { label, rows, template, shape } = spec;
  mkdirSync(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, `hub-${label}.csv`);
  const meta = path.join(OUT_DIR, `hub-${label}.json`);
  const p = params(shape, template, rows);
  if (existsSync(file) && existsSync(meta)) {
    try {
      const old = JSON.parse(readFileSync(meta, 'utf8')) as { params: unknown; bytes: number };
      const bytes = statSync(file).size;
      if (JSON.stringify(old.params) === JSON.stringify(p) && old.bytes === bytes) {
        log(`reusing ${path.relative(process.cwd(), file)} (${(bytes / 1e6).toFixed(1)} MB)`);
        return { ...spec, file, bytes, generatedSeconds: 0 };
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
      template,
      ...shapeOptions(shape),
    })) {
      bytes += writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
  const seconds = (performance.now() - t0) / 1000;
  writeFileSync(meta, `${JSON.stringify({ params: p, bytes }, null, 2)}\n`);
  log(
    `wrote ${path.relative(process.cwd(), file)}: ${rows.toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(1)} MB ` +
      `(${(bytes / rows).toFixed(0)} bytes/row) in ` +
      `${seconds.toFixed(2)} s (${Math.round(rows / seconds).toLocaleString('en')} rows/s, ${(bytes / 1e6 / seconds).toFixed(0)} MB/s)`,
  );
  return { ...spec, file, bytes, generatedSeconds: seconds };
}

function parseSize(size: string): number {
  const known = DEFAULT_SIZES[size];
  if (known !== undefined) return known;
  const m = /^(\d+(?:\.\d+)?)([kM]?)$/.exec(size);
  if (!m) throw new Error(`bad size ${size} (use e.g. 10k, 100k, 1M, 5000)`);
  return Math.round(Number(m[1]) * (m[2] === 'k' ? 1e3 : m[2] === 'M' ? 1e6 : 1));
}

/** `compact-10k,full-100k,iso-1M,1M` → input specs (a bare size means the compact shape). Default: DEFAULT_INPUTS. */
export function parseInputs(arg: string | undefined): InputSpec[] {
  return (arg || DEFAULT_INPUTS).split(',').map((item) => {
    const m = /^(?:(compact|full|iso)-)?(.+)$/.exec(item.trim());
    const shape: InputShape = (m?.[1] as InputShape | undefined) ?? 'compact';
    const template: HubExportTemplate = shape === 'full' ? 'full' : 'compact';
    const size = m?.[2] ?? item;
    return { label: `${shape}-${size}`, shape, template, size, rows: parseSize(size) };
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const spec of parseInputs(process.argv[2])) ensureInput(spec);
}
