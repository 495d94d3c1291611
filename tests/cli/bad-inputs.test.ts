import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAnalyze } from '../../cli/analyze-command.ts';
import { badCases, byCode, bytesOf, peakRssGrowth } from '../fixtures/bad/cases.ts';

/** Peak RSS growth allowed for the whole corpus in one `analyze --json` (measured 288 MB on the project machine; the 50 MB JSON string is the largest part). */
const RSS_BOUND_MB = 450;

const dir = mkdtempSync(join(tmpdir(), 'eccentric-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `eccentric analyze FILE… --json` in this process, its stdout collected. */
async function analyzeJson(files: string[]): Promise<{ code: number; stdout: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  try {
    const code = await runAnalyze([...files, '--json', '--no-progress']);
    return { code, stdout: chunks.join('') };
  } finally {
    process.stdout.write = write;
  }
}

describe('the bad-input corpus offline (tests/fixtures/bad)', () => {
  it('the manifest covers every committed fixture', () => {
    const committed = readdirSync(join(import.meta.dirname, '../fixtures/bad')).filter((f) => !/\.(ts|json)$/.test(f) || f.startsWith('api-'));
    const used = new Set(badCases.map((c) => c.copyOf ?? (c.generate ? null : c.file)));
    expect(committed.filter((f) => !used.has(f))).toEqual([]);
  });

  it('analyze --json over all of them at once: one valid JSON document, each file reported as the manifest says, memory bounded', async () => {
    const files = badCases.map((c) => {
      const path = join(dir, c.file);
      writeFileSync(path, bytesOf(c));
      return path;
    });
    const { result, growthMb } = await peakRssGrowth(() => analyzeJson(files));
    const out = JSON.parse(result.stdout) as { tests: { source: { file: string } }[]; rejected: { file: string; line: number; code: string; reason: string }[]; summary: { files: { file: string; kind: string; refused: boolean; format: { encoding: string }; dateOrder: { decidedBy: string } | null; athletes: number }[] } };
    expect(result.code).toBe(1); // some files are refused as a whole
    expect(out.summary.files.map((s) => s.file)).toEqual(badCases.map((c) => c.file));
    for (const [i, c] of badCases.entries()) {
      const summary = out.summary.files[i]!;
      const rejected = out.rejected.filter((r) => r.file === c.file);
      const tests = out.tests.filter((t) => t.source.file === c.file);
      const status = summary.refused ? 'rejected' : 'done';
      expect(summary.kind, `${c.file}: ${c.why}`).toBe(c.kind);
      expect(status, `${c.file}: ${c.why}`).toBe(c.offline?.status ?? c.status);
      expect(byCode(rejected), `${c.file}: ${c.why}`).toEqual(c.offline?.rejections ?? c.rejections);
      expect(tests.length, `${c.file}: ${c.why}`).toBe(c.offline?.tests ?? c.tests);
      if (c.encoding) expect(summary.format.encoding, c.file).toBe(c.encoding);
      if (c.athletes !== undefined) expect(summary.athletes, c.file).toBe(c.athletes);
      // A precise report: every rejection has a reason, a file-level one says what was seen.
      for (const r of rejected) expect(r.reason.length, `${c.file}: ${r.code}`).toBeGreaterThan(10);
      for (const r of rejected) expect(r.reason.length, `${c.file}: ${r.code}`).toBeLessThan(600);
    }
    const ambiguous = out.summary.files.find((s) => s.file === 'ambiguous-dates.csv')!;
    expect(ambiguous.dateOrder?.decidedBy).toBe('default');
    expect(growthMb, `peak RSS growth ${growthMb.toFixed(0)} MB`).toBeLessThan(RSS_BOUND_MB);
    console.log(`bad-input corpus offline: ${badCases.length} files, peak RSS growth ${growthMb.toFixed(0)} MB (bound ${RSS_BOUND_MB} MB)`);
  }, 180_000);
});
