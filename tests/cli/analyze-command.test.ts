import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIN_THREADED_BYTES } from '#core/analyze/analyze-file.ts';
import { AnalyzeOutputSchema, analyzeOutputJsonSchema } from '#core/model/analyze-output.ts';
import { hubExportCsv } from '#core/synthetic/hub-export.ts';
import { realFiles, repoRoot } from '../support/paths.ts';

const cli = join(repoRoot, 'bin/eccentric.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });

describe('eccentric analyze', () => {
  it('--json prints the documented contract for the real Hub export', () => {
    const out = run('analyze', realFiles.hub, '--json');
    expect(out.status).toBe(0);
    const parsed = AnalyzeOutputSchema.parse(JSON.parse(out.stdout));
    expect(parsed.kind).toBe('vald-hub-results');
    expect(parsed.tests).toHaveLength(195);
    expect(parsed.rejected.filter((r) => r.code === 'no-reps')).toHaveLength(8);
    expect('files' in parsed.summary).toBe(false);
  });

  it('prints a human summary with the date order it used and the rows it did not store', () => {
    const out = run('analyze', realFiles.hub);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/tests +195 distinct \(Nordic 193, ISO Prone 2\)/);
    expect(out.stdout).toMatch(/athletes +73/);
    expect(out.stdout).toMatch(/date order +MM\/DD\/YYYY, decided by values/);
    expect(out.stdout).toMatch(/no reps +8 rows .*\(7 distinct\)/);
  });

  it('analyzes several files in one run and reports each', () => {
    const out = run('analyze', realFiles.apiV2Json, realFiles.multiType, '--json');
    const parsed = AnalyzeOutputSchema.parse(JSON.parse(out.stdout));
    expect(parsed.tests).toHaveLength(91 + 37);
    expect(parsed.summary).toHaveProperty('files');
  });

  it('exits 1 with a reason for an unsupported file, never a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eccentric-cli-'));
    const file = join(dir, 'notes.csv');
    writeFileSync(file, 'Player,Score\nA,1\n');
    const out = run('analyze', file);
    expect(out.status).toBe(1);
    expect(out.stdout).toMatch(/unsupported/);
    expect(out.stdout).toMatch(/\n    file: no header recognised .*Player,Score/);
    expect(out.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('names a missing file before printing anything, even when other files exist', () => {
    const missing = join(tmpdir(), 'eccentric-no-such-export.csv');
    const out = run('analyze', realFiles.hub, missing, '--json');
    expect(out.status).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(`eccentric: ${missing}: no such file\n`);
  });

  it('stops quietly when the reader of its output closes the pipe early (| head)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eccentric-epipe-'));
    try {
      const file = join(dir, 'export.csv');
      writeFileSync(file, hubExportCsv({ athletes: 50, tests: 20_000, seed: 3, startDate: new Date('2024-01-02'), template: 'compact' }));
      const child = spawn(process.execPath, [cli, 'analyze', file, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // Read the first bytes, then close our end, as `head -c 100` does.
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      child.stdout.destroy();
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect(stderr).toBe('');
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown option value with a clear message', () => {
    const out = run('analyze', realFiles.hub, '--date-order', 'ymd');
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/--date-order must be mdy or dmy/);
    const threads = run('analyze', realFiles.hub, '--threads', '4');
    expect(threads.status).toBe(1);
    expect(threads.stderr).toMatch(/--threads must be 1 or auto, not "4"/);
  });

  it('--threads auto (two threads) gives the same summary and JSON as one thread for an export large enough for two', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eccentric-cli-'));
    const file = join(dir, 'season.csv');
    writeFileSync(file, hubExportCsv({ athletes: 400, tests: 230_000, seed: 11, startDate: new Date('2014-01-06'), template: 'compact' }));
    expect(statSync(file).size).toBeGreaterThanOrEqual(MIN_THREADED_BYTES);
    const two = run('analyze', file, '--threads', 'auto');
    const one = run('analyze', file, '--threads', '1');
    expect(two.status).toBe(0);
    expect(one.stdout).toBe(two.stdout);
    expect(run('analyze', file).stdout).toBe(one.stdout);
    expect(one.stdout).toMatch(/rows +230000/);
    // No terminal, no --progress: nothing on stderr.
    expect(two.stderr).toBe('');
    // --progress: a line per quarter on stderr, on both paths, and the same summary on stdout.
    for (const args of [[], ['--threads', 'auto']]) {
      const shown = run('analyze', file, '--progress', ...args);
      expect(shown.stdout).toBe(two.stdout);
      expect(shown.stderr.match(/^season\.csv (\d+)% /gm)?.map((l) => l.trim())).toEqual(['0%', '25%', '50%', '75%', '100%'].map((p) => `season.csv ${p}`));
      expect(shown.stderr).toMatch(/^season\.csv read in \d+\.\d s$/m);
    }
    // ~175 MB of JSON: written to a file, not piped (spawnSync's buffer would cut it).
    const jsonHash = (...args: string[]) => {
      const outFile = join(dir, 'out.json');
      const fd = openSync(outFile, 'w');
      const r = spawnSync(process.execPath, [cli, 'analyze', file, '--json', ...args], { stdio: ['ignore', fd, 'pipe'] });
      closeSync(fd);
      expect(r.status).toBe(0);
      return createHash('sha256').update(readFileSync(outFile)).digest('hex');
    };
    expect(jsonHash('--threads', '1')).toBe(jsonHash());
    expect(jsonHash('--progress')).toBe(jsonHash());
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});

describe('published JSON Schema', () => {
  it('docs/analyze-output.schema.json is generated from the zod schemas and current (npm run schema)', () => {
    const committed = JSON.parse(readFileSync(join(repoRoot, 'docs/analyze-output.schema.json'), 'utf8'));
    expect(committed).toEqual(analyzeOutputJsonSchema());
    expect(committed.properties.tests.items.required).toEqual(expect.arrayContaining(['testId', 'athleteId', 'testedAt', 'left', 'right', 'asymmetry']));
  });
});

describe('eccentric (no command)', () => {
  it('prints usage', () => {
    expect(execFileSync(process.execPath, [cli, '--help'], { encoding: 'utf8' })).toMatch(/eccentric analyze FILE/);
  });
});
