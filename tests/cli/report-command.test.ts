import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoSquad } from '#core/synthetic/demo-squad.ts';
import { repoRoot } from '../support/paths.ts';

const cli = join(repoRoot, 'bin/eccentric.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 16 << 20 });

const demo = buildDemoSquad();
const dir = mkdtempSync(join(tmpdir(), 'eccentric-report-'));
// In reverse upload order on purpose: the report reads the roster's links whatever the order of the files.
const files = demo.files.map((f) => join(dir, f.name)).reverse();
demo.files.forEach((f) => writeFileSync(join(dir, f.name), f.body));
const asOf = demo.asOf.toISOString();
const byName = (p: string) => demo.athletes.find((a) => a.profiles.includes(p as never))!;

describe('eccentric report FILES… (offline)', () => {
  const out = run('report', ...files, '--as-of', asOf);

  it('prints the squad table with status words and reasons, reds first', () => {
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^Nordic squad as of 2026-11-28: 31 athletes — \d+ red, \d+ amber, \d+ green\n/);
    const lines = out.stdout.split('\n');
    const statusOf = (name: string) => lines.find((l) => / {2}/.test(l) && l.includes(name))!.split(/\s{2,}/)[0];
    expect(statusOf(byName('weak').name)).toBe('RED');
    expect(statusOf(byName('post-match').name)).toBe('AMBER');
    expect(out.stdout).toContain('AMBER  MD+1: left −11 % vs fresh baseline, not recovered (Bueno 2021)');
    expect(out.stdout).toMatch(/RED {4}Returning from left injury \(2026-10-06\): \d+ % of pre-injury \d+ N < 90 %/);
    const first = lines.findIndex((l) => l.startsWith('RED'));
    const firstAmber = lines.findIndex((l) => l.startsWith('AMBER'));
    const lastRed = lines.map((l) => l.startsWith('RED')).lastIndexOf(true);
    expect(first).toBeGreaterThan(0);
    expect(lastRed).toBeLessThan(firstAmber);
    expect(out.stdout).not.toContain('\u001b['); // no colour when stdout is not a terminal
  });

  it('--status red,amber leaves out the greens; --status with a wrong level is refused', () => {
    const flagged = run('report', ...files, '--as-of', asOf, '--status', 'red,amber');
    expect(flagged.status).toBe(0);
    expect(flagged.stdout).not.toMatch(/^GREEN/m);
    expect(flagged.stdout).toMatch(/^AMBER/m);
    const bad = run('report', ...files, '--status', 'purple');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--status takes red, amber and/or green');
  });

  it('--csv: one row per athlete, every number, formula-safe cells', () => {
    const csv = run('report', ...files, '--as-of', asOf, '--csv');
    expect(csv.status).toBe(0);
    const rows = csv.stdout.trimEnd().split('\r\n');
    expect(rows).toHaveLength(32);
    expect(rows[0]!.split(',').slice(0, 6)).toEqual(['athleteId', 'name', 'squad', 'position', 'testType', 'status']);
    // reasons begin with a minus sign in no cell unescaped: "−" (U+2212) is text, an ASCII '-' start would be escaped
    for (const row of rows.slice(1)) expect(row).not.toMatch(/(^|,)[=+@]/);
    const weak = rows.find((r) => r.startsWith(`${byName('weak').athleteId},`))!;
    expect(weak).toContain(',red,');
    expect(weak).toContain('strength-below-threshold');
  });

  it('--as-of decides what is in: before the designed drop-offs the post-match athlete is green', () => {
    const early = run('report', ...files, '--as-of', '2026-11-25', '--csv');
    const row = early.stdout.split('\r\n').find((r) => r.startsWith(`${byName('post-match').athleteId},`))!;
    expect(row).toContain(',green,');
  });

  it('--test-type picks the type; a missing file is named', () => {
    expect(run('report', ...files, '--as-of', asOf, '--test-type', 'ISO Prone').stdout).toMatch(/^ISO Prone squad as of/);
    const missing = run('report', join(dir, 'nope.csv'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nope.csv: no such file');
  });
});

describe('eccentric report (against the API)', () => {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    const url = new URL(req.url!, 'http://x');
    const page = url.searchParams.get('next') === null ? 1 : 2;
    const row = (id: string, level: string, reasons: unknown[]) => ({ athleteId: id, name: id.toUpperCase(), squad: 'First Team', position: null, latest: { testedAt: '2026-11-24T15:00:00.000Z' }, status: { level, reasons }, change: null, exposure: null });
    const body =
      page === 1
        ? { testType: 'Nordic', athletes: [row('qb07', 'red', [{ code: 'strength-below-threshold', level: 'red', message: 'Left 241 N < 256 N (Opar 2015)', value: 241, threshold: 256, source: 'Opar 2015' }])], next: 'p2' }
        : { testType: 'Nordic', athletes: [row('zz01', 'green', [])], next: null };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('reads every page of GET /teams/{t}/squad with the token and prints the same table', async () => {
    const child = spawn(process.execPath, [cli, 'report', '--api', url, '--token', 'T0K', '--team', 'demo', '--local', join(dir, 'none.json')]);
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(0);
    expect(requests).toEqual(['GET /teams/demo/squad?testType=Nordic&limit=500 Bearer T0K', 'GET /teams/demo/squad?testType=Nordic&limit=500&next=p2 Bearer T0K']);
    expect(stdout).toMatch(/2 athletes — 1 red, 0 amber, 1 green/);
    expect(stdout).toContain('RED    Left 241 N < 256 N (Opar 2015)');
    expect(stdout).toMatch(/^GREEN +ZZ01/m);
  });
});
