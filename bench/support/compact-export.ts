import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { hubExportChunks } from '../../shared/synthetic/hub-export.ts';
import { OUT_DIR } from '../generate.ts';

/** A compact Hub export of `rows` tests over `athletes` athletes under bench/out/ (seeded; written once, then reused). */
export function compactExportWithAthletes(prefix: string, rows: number, athletes: number): string {
  mkdirSync(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, `${prefix}-${rows}-${athletes}a.csv`);
  if (existsSync(file)) return file;
  const fd = openSync(file, 'w');
  try {
    for (const chunk of hubExportChunks({ template: 'compact', tests: rows, athletes, seed: 20_260_101, startDate: new Date('2024-01-02') })) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return file;
}
