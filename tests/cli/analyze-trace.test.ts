import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalyzeOutputSchema } from '#core/model/analyze-output.ts';
import { repoRoot } from '../support/paths.ts';

const cli = join(repoRoot, 'bin/eccentric.mjs');
const fixture = (name: string) => join(repoRoot, 'tests/fixtures/traces', name);
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const dir = mkdtempSync(join(tmpdir(), 'eccentric-trace-cli-'));

describe('eccentric analyze on raw traces', () => {
  it.each(['nordbord-nordic-Jane-Doe-export-01_03_2026.csv', 'nordbord-nordic-Jane-Doe-export-01_03_2026.csv.gz', 'vald-api-trace-50hz.json', 'eccentric-example.json', 'eccentric-example.csv'])(
    '%s → one test of the contract with per-rep detail and fatigue',
    (name) => {
      const out = run('analyze', fixture(name), '--json');
      expect(out.status).toBe(0);
      const parsed = AnalyzeOutputSchema.parse(JSON.parse(out.stdout));
      expect(parsed.tests).toHaveLength(1);
      const [test] = parsed.tests;
      expect(test!.left.repCount).toBe(3);
      expect(test!.left.reps).toHaveLength(3);
      expect(test!.left.reps![0]).toEqual(expect.objectContaining({ peakN: expect.any(Number), startS: expect.any(Number), endS: expect.any(Number), peakS: expect.any(Number), impulseNs: expect.any(Number) }));
      expect(test!.fatigue!.left).toEqual({ decrementPct: expect.any(Number), slopeNPerRep: expect.any(Number) });
      expect(test!.fatigue!.formula).toEqual({ decrementPct: 'fatigue.percent-decrement@1', slopeNPerRep: 'fatigue.peak-slope@1' });
      expect(test!.trace!.sampleRateSource).not.toBe('');
    },
  );

  it('says which sample rate it used for a VALD API trace (from tick spacing)', () => {
    const out = run('analyze', fixture('vald-api-trace-50hz.json'));
    expect(out.stdout).toMatch(/50 Hz \(inferred from ticks: median spacing 200000 ticks = 50 Hz\)/);
  });

  it('--plot writes an SVG and a PNG with the reps marked', () => {
    const svg = join(dir, 'trace.svg');
    const png = join(dir, 'trace.png');
    expect(run('analyze', fixture('vald-api-trace-50hz.json'), '--plot', svg).status).toBe(0);
    expect(run('analyze', fixture('vald-api-trace-50hz.json'), '--plot', png).status).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(text.startsWith('<svg') || text.startsWith('<?xml')).toBe(true);
    expect(text).toMatch(/338 N/);
    expect(readFileSync(png).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('rejects a broken trace with the line and reason, exit 1', () => {
    const bad = join(dir, 'nordbord-nordic-Jane-Doe-export-02_03_2026.csv');
    writeFileSync(bad, 'Seconds,Left Force (N),Right Force (N)\n0.00,4,5\n0.02,5,4\n0.01,6,5\n');
    const out = run('analyze', bad);
    expect(out.status).toBe(1);
    expect(out.stdout).toMatch(/line 4/);
    expect(out.stdout).toMatch(/time/i);
  });
});
