/**
 * `node_modules/.bin/node bench/traces.ts`: throughput and memory of the pure trace analysis (shared/traces).
 *   (a) one 1 kHz, 10-minute Nordic trace (600,000 samples per leg, 1.2 M in all);
 *   (b) a batch of 1,000 NordBord tests at 50 Hz, ~3 reps each.
 * Traces are generated (seeded) before timing; only analyzeTrace is timed. Single thread: samples/s is per core.
 * Options: --runs N (timed repetitions of (a), best and median printed; default 15), --batch N (default 1000).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { analyzeTrace } from '../shared/traces/analyze-trace.ts';
import { downsampleMinMax } from '../shared/traces/downsample.ts';
import { generateSyntheticTrace, type SyntheticTrace } from '../shared/traces/synthetic.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const runs = arg('runs', 15);
const batchSize = arg('batch', 1000);

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const rate = (samples: number, ms: number) => `${((samples / ms) * 1000 / 1e6).toFixed(1)} M samples/s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

const cpus = os.cpus();
console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} logical cores (${os.availableParallelism()} available), ${os.totalmem() > 0 ? mb(os.totalmem()) : '?'} RAM`);
console.log(`node ${process.version} (${process.arch}, ${os.platform()} ${os.release()}), single-threaded analysis`);

// (a) one 1 kHz 10-minute trace: 73 reps with 4–6 s rests fill ~10 minutes.
const big = generateSyntheticTrace({
  seed: 42,
  sampleRateHz: 1000,
  testType: 'Nordic',
  reps: 73,
  restS: [4, 6],
  offsetN: { left: 12, right: -8 },
  driftNPerS: { left: 0.02, right: -0.015 },
  noiseSdN: 3,
  spikes: 20,
  legLagS: 0.05,
  dropouts: [{ side: 'left', atS: 100, durationS: 0.02 }],
});
const bigSamples = big.left.length + big.right.length;
const input = { left: big.left, right: big.right, sampleRateHz: 1000, testType: 'Nordic' };
let check = analyzeTrace(input); // warm-up (JIT)
for (let i = 0; i < 10; i++) check = analyzeTrace(input);
const heapBefore = process.memoryUsage();
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  check = analyzeTrace(input);
  times.push(performance.now() - t0);
}
const best = Math.min(...times);
console.log(
  `\n(a) 1 kHz × ${(big.left.length / 1000 / 60).toFixed(1)} min Nordic trace: ${bigSamples.toLocaleString('en')} samples (both legs), ` +
    `${check.left.repCount}/${check.right.repCount} reps found (truth ${big.truth.left.length}/${big.truth.right.length})`,
);
console.log(`    best ${best.toFixed(2)} ms → ${rate(bigSamples, best)};  median ${median(times).toFixed(2)} ms → ${rate(bigSamples, median(times))}  (${runs} runs)`);
console.log(`    target ≥ 50 M samples/s per core: ${(bigSamples / best) * 1000 >= 50e6 ? 'PASS' : 'FAIL'} (best run)`);
const mem = process.memoryUsage();
console.log(`    heap used ${mb(mem.heapUsed)}, array buffers ${mb(mem.arrayBuffers)}, RSS ${mb(mem.rss)} (before timing: RSS ${mb(heapBefore.rss)})`);
{
  const t0 = performance.now();
  const ds = downsampleMinMax(big.left, 2000);
  const ms = performance.now() - t0;
  console.log(`    downsampleMinMax(600k → ${ds.indices.length} points): ${ms.toFixed(2)} ms`);
}

// (b) 1,000 NordBord tests at 50 Hz, ~3 reps each (2–4).
const batch: SyntheticTrace[] = [];
for (let k = 0; k < batchSize; k++) {
  batch.push(
    generateSyntheticTrace({
      seed: 1000 + k,
      sampleRateHz: 50,
      testType: 'Nordic',
      reps: 2 + (k % 3),
      offsetN: { left: (k % 7) - 3, right: (k % 5) - 2 },
      driftNPerS: { left: 0.05, right: -0.05 },
      noiseSdN: 2,
    }),
  );
}
let batchSamples = 0;
for (const t of batch) batchSamples += t.left.length + t.right.length;
const runBatch = () => {
  let reps = 0;
  for (const t of batch) {
    const a = analyzeTrace({ left: t.left, right: t.right, sampleRateHz: 50, testType: 'Nordic' });
    reps += a.left.repCount + a.right.repCount;
  }
  return reps;
};
runBatch();
runBatch(); // warm-up
const batchTimes: number[] = [];
let repsFound = 0;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  repsFound = runBatch();
  batchTimes.push(performance.now() - t0);
}
const bestBatch = Math.min(...batchTimes);
const truthReps = batch.reduce((a, t) => a + t.truth.left.length + t.truth.right.length, 0);
console.log(
  `\n(b) batch of ${batchSize} Nordic tests at 50 Hz: ${batchSamples.toLocaleString('en')} samples, ${repsFound} leg-reps found (truth ${truthReps})`,
);
console.log(
  `    best ${bestBatch.toFixed(1)} ms → ${rate(batchSamples, bestBatch)}, ${((batchSize / bestBatch) * 1000).toFixed(0)} tests/s; median ${median(batchTimes).toFixed(1)} ms (5 runs)`,
);

const ru = process.resourceUsage();
const end = process.memoryUsage();
console.log(`\npeak RSS (resourceUsage maxRSS) ${mb(ru.maxRSS * 1024)}; final heap used ${mb(end.heapUsed)}, RSS ${mb(end.rss)}`);
console.log('note: peak RSS includes the generated input traces and the V8/Node baseline (~40–50 MB).');
