import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { startWorker, WORKER_YOUNG_GENERATION_MB } from '#core/analyze/thread-protocol.ts';

const WORKER = new URL('../fixtures/workers/young-generation.mjs', import.meta.url);
const MB = 1024 * 1024;

function newSpaceOf(worker: Worker): Promise<number> {
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { newSpaceBytes: number }) => resolve(m.newSpaceBytes));
    worker.once('error', reject);
  });
}

describe('startWorker', () => {
  // The CLI's launcher sets --max-semi-space-size for the main thread; V8 flags are per process.
  it('caps the worker young generation even when the process has a larger semi-space flag', async () => {
    setFlagsFromString('--max-semi-space-size=16');
    const unbounded = await newSpaceOf(new Worker(WORKER, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } }));
    setFlagsFromString('--max-semi-space-size=16');
    const bounded = await newSpaceOf(startWorker(WORKER, null));
    // Without the reset, the flag wins over resourceLimits: the control shows the test can fail.
    expect(unbounded).toBeGreaterThan(16 * MB);
    expect(bounded).toBeLessThanOrEqual(WORKER_YOUNG_GENERATION_MB * 1.1 * MB);
  });
});
