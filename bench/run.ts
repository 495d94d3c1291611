/**
 * `npm run bench`: Eccentric's offline analysis vs the equivalent pandas job on synthetic VALD Hub
 * Results Exports: the compact 17-column template at 10k, 100k and 1M rows (the headline; 1M rows ≈ 164 MB),
 * the real 72-column layout at 100k rows, and the `iso` shape at 10k, 100k and 1M rows: the compact
 * columns unquoted, with ISO dates and ExternalIds, the input pandas reads fastest (see bench/generate.ts).
 *
 * For every input it runs, each as a child process:
 *   - `bin/eccentric.mjs analyze FILE`         (human summary; the executable, honouring its shebang's flags),
 *   - `bin/eccentric.mjs analyze FILE --json`  (full JSON result, stdout to /dev/null),
 *   - `/usr/bin/python3 bench/pandas_equivalent.py FILE` when pandas is importable,
 * and records wall time and the child's peak RSS (GNU time `%e %M` when /usr/bin/time exists, else a
 * Python wrapper using getrusage(RUSAGE_CHILDREN), else wall time only). N rounds (default 3), each
 * running every tool once; best (lowest) time of the N runs, peak RSS = the largest of them (each run's
 * is printed and kept too), after one unmeasured run of the CLI that fills Node's compile cache. Prints a
 * table with ratios vs pandas per input, then PASS/FAIL lines for the issue's targets (measured on
 * compact-1M and iso-1M; a time target needs both the best-of ratio and the median of the rounds' own
 * ratios; printed, not asserted: the exit code is non-zero only when a tool fails), and writes
 * bench/out/results.json.
 *
 * Targets: summary time ≤ 0.5 × pandas, summary peak RSS ≤ 0.25 × pandas, --json time ≤ 1.0 × pandas,
 * memory flat as the file grows: summary peak RSS at 1M rows ≤ 1.5 × at 10k rows of the same shape.
 *
 * Options: --inputs compact-10k,compact-100k,compact-1M,full-100k,iso-10k,iso-100k,iso-1M (the default; a bare size means compact; --sizes is an
 *          alias)   --runs 3   --only cli|pandas|summary,summary2,json,pandas (summary2: --threads auto, on inputs ≥ 32 MB)
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchInput, OUT_DIR, ensureInput, parseInputs } from './generate.ts';
import { MIN_THREADED_BYTES } from '../shared/analyze/analyze-file.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PYTHON = '/usr/bin/python3';
const GNU_TIME = '/usr/bin/time';

type ToolId = 'summary' | 'summary2' | 'json' | 'pandas';
interface Tool {
  id: ToolId;
  label: string;
  command: (file: string) => string[];
  /** Where the child's stdout goes: captured (small) or /dev/null. */
  stdout: 'capture' | 'null';
  /** Run only on inputs of at least this many bytes. */
  minBytes?: number;
}

/**
 * The CLI is run as users run it: bin/eccentric.mjs as an executable, so that its shebang's node flags apply,
 * with this node first in PATH (the shebang's `env node` then finds the node running the bench).
 */
const CLI = path.join(repoRoot, 'bin/eccentric.mjs');
const CLI_PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;

const TOOLS: Tool[] = [
  {
    id: 'summary',
    label: 'eccentric analyze',
    command: (f) => [CLI, 'analyze', f],
    stdout: 'capture',
  },
  {
    // Only where it differs from the summary: exports of 32 MB or more, which `auto` reads on two threads.
    id: 'summary2',
    label: 'eccentric analyze --threads auto',
    command: (f) => [CLI, 'analyze', f, '--threads', 'auto'],
    stdout: 'capture',
    minBytes: MIN_THREADED_BYTES,
  },
  {
    id: 'json',
    label: 'eccentric analyze --json',
    command: (f) => [CLI, 'analyze', f, '--json'],
    stdout: 'null',
  },
  {
    id: 'pandas',
    label: 'pandas (python3)',
    command: (f) => [PYTHON, path.join(repoRoot, 'bench/pandas_equivalent.py'), f],
    stdout: 'capture',
  },
];

interface Measurement {
  seconds: number;
  maxRssMB: number | null;
  exitCode: number | null;
}

interface Result {
  /** Input label, e.g. `compact-1M`. */
  input: string;
  template: string;
  shape: string;
  size: string;
  rows: number;
  fileMB: number;
  tool: ToolId;
  label: string;
  runs: number;
  bestSeconds: number | null;
  peakRssMB: number | null;
  allSeconds: number[];
  /** Each run's peak RSS: the spread shows how much one figure can be trusted. */
  allRssMB: number[];
  ok: boolean;
  error?: string;
  stdoutHead?: string;
  secondsVsPandas?: number;
  rssVsPandas?: number;
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%e', 'true'], { stdio: 'ignore' }).status === 0;
const pandasCheck = existsSync(PYTHON)
  ? spawnSync(PYTHON, ['-c', 'import pandas, sys; print(pandas.__version__, sys.version.split()[0])'], { encoding: 'utf8' })
  : undefined;
const pandasVersion = pandasCheck?.status === 0 ? pandasCheck.stdout.trim().split(' ') : undefined;
const hasPythonRusage = existsSync(PYTHON);

/** Python wrapper used only without GNU time: runs argv, prints "<seconds> <maxrss KiB>" to fd 3's file. */
const PY_WRAPPER = `import resource, subprocess, sys, time
out = sys.argv[1]; t = time.perf_counter()
rc = subprocess.call(sys.argv[2:])
e = time.perf_counter() - t
open(out, "w").write("%.3f %d" % (e, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(rc)`;

function measure(argv: string[], stdout: 'capture' | 'null', tmp: string): Measurement & { stdout: string; stderr: string } {
  const timeFile = path.join(tmp, 'time.txt');
  rmSync(timeFile, { force: true });
  let cmd: string[];
  if (hasGnuTime) cmd = [GNU_TIME, '-f', '%e %M', '-o', timeFile, ...argv];
  else if (hasPythonRusage) cmd = [PYTHON, '-c', PY_WRAPPER, timeFile, ...argv];
  else cmd = argv;
  const devNull = stdout === 'null' ? openSync('/dev/null', 'w') : undefined;
  const t0 = performance.now();
  const r = spawnSync(cmd[0]!, cmd.slice(1), {
    cwd: repoRoot,
    stdio: ['ignore', devNull ?? 'pipe', 'pipe'],
    env: { ...process.env, PATH: CLI_PATH },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wall = (performance.now() - t0) / 1000;
  if (devNull !== undefined) closeSync(devNull);
  let seconds = wall;
  let maxRssMB: number | null = null;
  if (existsSync(timeFile)) {
    const [e, kib] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
    if (e !== undefined && Number.isFinite(e)) seconds = Math.max(e, 0) || wall;
    if (kib !== undefined && Number.isFinite(kib)) maxRssMB = kib / 1024;
  }
  // GNU time prints %e with 2 decimals: keep our own clock when it is finer and consistent.
  if (Math.abs(wall - seconds) < 0.05) seconds = wall;
  return { seconds, maxRssMB, exitCode: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function fmt(x: number | null | undefined, digits: number): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
}

interface Target {
  target: string;
  measured: string;
  status: 'PASS' | 'FAIL' | 'n/a';
}

/** The shapes whose 1M-row input the targets are measured on (flatness: that shape's 1M vs its 10k). */
const TARGET_SHAPES = ['compact', 'iso'] as const;

/** The issue's targets, measured on compact-1M and iso-1M (flatness: 1M vs 10k of the same shape). */
function evaluateTargets(results: Result[]): Target[] {
  const get = (input: string, tool: ToolId): Result | undefined => results.find((r) => r.input === input && r.tool === tool && r.ok);
  const ratio = (
    target: string,
    a: number | null | undefined,
    b: number | null | undefined,
    limit: number,
    what: (x: number) => string,
  ): Target => {
    if (a === null || a === undefined || !b) return { target, measured: 'not measured', status: 'n/a' };
    const x = a / b;
    return { target, measured: `${x.toFixed(2)}× (${what(a)} vs ${what(b)})`, status: x <= limit ? 'PASS' : 'FAIL' };
  };
  /**
   * A time target on both statistics: best of the runs, and the median of the rounds' own ratios (each
   * round ran both tools within seconds of each other, so a slow minute slows both). PASS needs both.
   */
  const timeRatio = (target: string, a: Result | undefined, b: Result | undefined, limit: number): Target => {
    const best = ratio(target, a?.bestSeconds, b?.bestSeconds, limit, sec);
    if (a === undefined || b === undefined || best.status === 'n/a') return best;
    const rounds = Math.min(a.allSeconds.length, b.allSeconds.length);
    const paired = median(Array.from({ length: rounds }, (_, i) => a.allSeconds[i]! / b.allSeconds[i]!));
    return {
      target,
      measured: `${best.measured}; paired median ${paired.toFixed(2)}× over ${rounds} rounds`,
      status: best.status === 'PASS' && paired <= limit ? 'PASS' : 'FAIL',
    };
  };
  const sec = (x: number): string => `${x.toFixed(2)} s`;
  const mb = (x: number): string => `${x.toFixed(0)} MB`;
  const out: Target[] = [];
  for (const shape of TARGET_SHAPES) {
    const big = `${shape}-1M`;
    const small = `${shape}-10k`;
    const s = get(big, 'summary');
    const j = get(big, 'json');
    const p = get(big, 'pandas');
    const s10 = get(small, 'summary');
    const two = get(big, 'summary2');
    if (!s && !j && !p) continue;
    out.push(
      timeRatio(`${big}: summary time ≤ 0.5 × pandas`, s, p, 0.5),
      ratio(`${big}: summary peak RSS ≤ 0.25 × pandas`, s?.peakRssMB, p?.peakRssMB, 0.25, mb),
      timeRatio(`${big}: --json time ≤ 1.0 × pandas`, j, p, 1.0),
      ratio(`memory flat: summary peak RSS ${big} ≤ 1.5 × ${small}`, s?.peakRssMB, s10?.peakRssMB, 1.5, mb),
      // Not targets: what --threads auto trades (see README, Benchmark).
      timeRatio(`(--threads auto) ${big}: summary time ≤ 0.5 × pandas`, two, p, 0.5),
      ratio(`(--threads auto) memory flat: ${big} ≤ 1.5 × ${small}`, two?.peakRssMB, s10?.peakRssMB, 1.5, mb),
    );
  }
  return out;
}

function main(): number {
  const inputSpecs = parseInputs(argValue('--inputs') ?? argValue('--sizes'));
  const runs = Math.max(1, Number(argValue('--runs') ?? 3));
  const only = argValue('--only');
  let selected: ToolId[] = ['summary', 'summary2', 'json', 'pandas'];
  if (only === 'cli') selected = ['summary', 'summary2', 'json'];
  else if (only === 'pandas') selected = ['pandas'];
  else if (only) selected = only.split(',') as ToolId[];

  const cliPresent = existsSync(path.join(repoRoot, 'bin/eccentric.mjs'));
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    python: pandasVersion?.[1] ?? null,
    pandas: pandasVersion?.[0] ?? null,
    rssMethod: hasGnuTime ? 'GNU time %M' : hasPythonRusage ? 'python getrusage(RUSAGE_CHILDREN)' : 'none',
  };
  console.log(
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB RAM, node ${machine.node}, ` +
      `${pandasVersion ? `python ${machine.python} + pandas ${machine.pandas}` : 'pandas absent'}; peak RSS via ${machine.rssMethod}`,
  );
  console.log(`eccentric runs as users run it: ${path.relative(repoRoot, CLI)} executed through its shebang (${readFileSync(CLI, 'utf8').split('\n')[0]}), node ${process.execPath} first in PATH`);
  if (selected.includes('pandas') && !pandasVersion) {
    console.log(`pandas is absent (${PYTHON} -c "import pandas" failed): skipping the pandas runs (apt-get install python3-pandas)`);
    selected = selected.filter((t) => t !== 'pandas');
  }
  if (!cliPresent && selected.some((t) => t !== 'pandas')) {
    console.log('bin/eccentric.mjs not found: skipping the eccentric runs');
    selected = selected.filter((t) => t === 'pandas');
  }

  const inputs: BenchInput[] = inputSpecs.map((spec) => ensureInput(spec));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'eccentric-bench-'));
  const results: Result[] = [];
  try {
    if (selected.some((t) => t !== 'pandas') && inputs[0]) {
      // Unmeasured: the first run after a source change fills Node's compile cache, loading the TypeScript
      // stripper (10-16 MB more peak RSS); users run the CLI with the cache warm.
      measure(TOOLS.find((t) => t.id === 'summary')!.command(inputs[0].file), 'null', tmp);
    }
    for (const input of inputs) {
      const tools = TOOLS.filter((t) => selected.includes(t.id) && input.bytes >= (t.minBytes ?? 0));
      const all = new Map<ToolId, Measurement[]>(tools.map((t) => [t.id, []]));
      const errors = new Map<ToolId, string>();
      const heads = new Map<ToolId, string>();
      // In rounds, every tool once a round (A B C D, A B C D, …): this machine's speed drifts by a quarter
      // over minutes, and all runs of one tool in a row put that drift between the tools compared.
      for (let i = 0; i < runs; i++) {
        for (const tool of tools) {
          if (errors.has(tool.id)) continue;
          const m = measure(tool.command(input.file), tool.stdout, tmp);
          all.get(tool.id)!.push(m);
          if (m.exitCode !== 0) errors.set(tool.id, `exit ${m.exitCode}: ${m.stderr.trim().split('\n').slice(-3).join(' | ')}`);
          else if (!heads.has(tool.id) && tool.stdout === 'capture') heads.set(tool.id, m.stdout.split('\n').slice(0, 12).join('\n'));
        }
      }
      for (const tool of tools) {
        const okRuns = all.get(tool.id)!.filter((m) => m.exitCode === 0);
        const error = errors.get(tool.id);
        const best = okRuns.length ? Math.min(...okRuns.map((m) => m.seconds)) : null;
        const rssValues = okRuns.map((m) => m.maxRssMB).filter((x): x is number => x !== null);
        const r: Result = {
          input: input.label,
          template: input.template,
          shape: input.shape,
          size: input.size,
          rows: input.rows,
          fileMB: input.bytes / 1e6,
          tool: tool.id,
          label: tool.label,
          runs: okRuns.length,
          bestSeconds: best,
          peakRssMB: rssValues.length ? Math.max(...rssValues) : null,
          allSeconds: okRuns.map((m) => Math.round(m.seconds * 1000) / 1000),
          allRssMB: rssValues.map((x) => Math.round(x)),
          ok: error === undefined,
        };
        if (error !== undefined) r.error = error;
        const head = heads.get(tool.id);
        if (head !== undefined) r.stdoutHead = head;
        results.push(r);
        console.log(
          `  ${input.label.padEnd(12)} ${tool.label.padEnd(26)} ${error ? `FAILED ${error}` : `${fmt(best, 2)} s (runs: ${r.allSeconds.join(', ')} s), ${fmt(r.peakRssMB, 0)} MB RSS (runs: ${r.allRssMB.join(', ')} MB)`}`,
        );
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  for (const r of results) {
    const p = results.find((x) => x.input === r.input && x.tool === 'pandas' && x.ok);
    if (!p || r.tool === 'pandas' || !r.ok) continue;
    if (r.bestSeconds !== null && p.bestSeconds) r.secondsVsPandas = r.bestSeconds / p.bestSeconds;
    if (r.peakRssMB !== null && p.peakRssMB) r.rssVsPandas = r.peakRssMB / p.peakRssMB;
  }

  const header = ['input', 'rows', 'file MB', 'tool', `best of ${runs} s`, 'peak RSS MB', 'rows/s', 'time vs pandas', 'RSS vs pandas'];
  const left = new Set([0, 3]);
  const table = results.map((r) => [
    r.shape === 'full' ? `${r.input} (72 cols)` : r.shape === 'iso' ? `${r.input} (17 cols, unquoted, ISO)` : `${r.input} (17 cols)`,
    r.rows.toLocaleString('en'),
    fmt(r.fileMB, 1),
    r.label,
    r.ok ? fmt(r.bestSeconds, 2) : 'failed',
    fmt(r.peakRssMB, 0),
    r.bestSeconds ? Math.round(r.rows / r.bestSeconds).toLocaleString('en') : '–',
    r.secondsVsPandas !== undefined ? `${r.secondsVsPandas.toFixed(2)}×` : '',
    r.rssVsPandas !== undefined ? `${r.rssVsPandas.toFixed(2)}×` : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (left.has(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log('');
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (left.has(i) ? ':' : '') + '-'.repeat(w + 1) + (left.has(i) ? '' : ':')).join('|')}|`);
  for (const row of table) console.log(line(row));
  console.log(
    `\n${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, node ${machine.node}` +
      (pandasVersion ? `, python ${machine.python}, pandas ${machine.pandas}` : ''),
  );

  const targets = evaluateTargets(results);
  console.log('\ntargets (issue, measured on compact-1M and iso-1M; printed, not asserted):');
  for (const t of targets) console.log(`  ${t.status.padEnd(4)}  ${t.target}: ${t.measured}`);

  const outFile = path.join(OUT_DIR, 'results.json');
  writeFileSync(
    outFile,
    `${JSON.stringify({ date: new Date().toISOString(), machine, runs, inputs, results, targets }, null, 2)}\n`,
  );
  console.log(`results written to ${path.relative(process.cwd(), outFile)}`);
  return results.every((r) => r.ok) ? 0 : 1;
}

process.exitCode = main();
