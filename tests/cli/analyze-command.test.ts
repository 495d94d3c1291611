import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalyzeOutputSchema, analyzeOutputJsonSchema } from '#core/model/analyze-output.ts';
import { realFiles, repoRoot } from '../support/paths.ts';

const cli = join(repoRoot, 'bin/eccentric.ts');
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
    expect(out.stdout).toMatch(/line 0: no header recognised .*Player,Score/);
    expect(out.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses an unknown option value with a clear message', () => {
    const out = run('analyze', realFiles.hub, '--date-order', 'ymd');
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/--date-order must be mdy or dmy/);
  });
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
