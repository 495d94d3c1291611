/**
 * `node_modules/.bin/node bench/trace-parse.ts`: parsing throughput of a raw force trace in VALD Hub's
 * "Export Force Trace" CSV layout (time, left, right), 1 kHz × 10 minutes, plus the whole path a CLI
 * user runs (parse + rep analysis). The CSV is generated (seeded) in memory before timing.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { TraceCsvParser } from '../shared/trace-formats/index.ts';
import { analyzeTrace } from '../shared/traces/analyze-trace.ts';
import { generateSyntheticTrace } from '../shared/traces/synthetic.ts';

const runs = 9;
const trace = generateSyntheticTrace({ seed: 7, sampleRateHz: 1000, testType: 'Nordic', reps: 73, restS: [4, 6], noiseSdN: 3 });
// Built in blocks of 10,000 rows so the row strings die young: a module-level array of 600,000 strings would be
// promoted during the first timed parse and charge its scavenge/mark-compact (50–100 ms) to the parser.
const csv = (() => {
  const blocks: Buffer[] = [Buffer.from('Seconds,Left Force (N),Right Force (N)')];
  for (let from = 0; from < trace.left.length; from += 10_000) {
    let text = '';
    for (let i = from; i < Math.min(from + 10_000, trace.left.length); i++) text += `\n${(i / 1000).toFixed(3)},${trace.left[i]!.toFixed(2)},${trace.right[i]!.toFixed(2)}`;
    blocks.push(Buffer.from(text));
  }
  return Buffer.concat(blocks);
})();
const fileName = 'nordbord-nordic-Jane-Doe-export-01_03_2026.csv';

const times: number[] = [];
const both: number[] = [];
let reps = 0;
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  // As a file or S3 body arrives: 64 KB chunks through the streaming parser.
  const parser = new TraceCsvParser({ fileName });
  for (let i = 0; i < csv.length; i += 65_536) parser.push(csv.subarray(i, i + 65_536));
  const parsed = parser.end();
  const t1 = performance.now();
  if (!parsed.ok) throw new Error(parsed.reason);
  reps = analyzeTrace({ left: parsed.left, right: parsed.right, sampleRateHz: parsed.sampleRateHz, testType: 'Nordic' }).left.repCount;
  times.push(t1 - t0);
  both.push(performance.now() - t0);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const mbps = (ms: number) => (csv.length / 1e6 / (ms / 1000)).toFixed(0);
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`machine: ${cpu}, ${os.cpus().length} cores, node ${process.version}`);
console.log(`trace CSV: ${(csv.length / 1e6).toFixed(1)} MB, ${trace.left.length.toLocaleString()} rows (1 kHz × ${(trace.left.length / 60000).toFixed(1)} min), ${reps} reps per leg found`);
console.log(`  parse: first run ${mbps(times[0]!)} MB/s (cold), median ${mbps(median(times))} MB/s, best ${mbps(Math.min(...times))} MB/s over ${runs} runs — target ≥ 100 MB/s: ${Number(mbps(median(times))) >= 100 ? 'PASS' : 'FAIL'} (median)`);
console.log(`  parse + rep analysis: median ${median(both).toFixed(0)} ms`);
console.log(`  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (includes the generated CSV text)`);
