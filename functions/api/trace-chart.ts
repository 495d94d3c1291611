import { downsampleFormula, downsampleMinMax } from '#core/traces/downsample.ts';
import type { StoredTrace } from '../adapters/trace-store.ts';
import type { TestDetail } from '../adapters/test-detail-repository.ts';

/**
 * A trace for charts: each leg downsampled to at most maxPoints (min and max per bucket, so peaks
 * survive), as parallel arrays of seconds and newtons, with the detected reps as markers.
 */
export function traceChart(testId: string, trace: StoredTrace, detail: TestDetail, maxPoints: number) {
  const leg = (series: Float32Array) => {
    const { indices, values } = downsampleMinMax(series, maxPoints);
    return { t: Array.from(indices, (i) => i / trace.sampleRateHz), n: Array.from(values, (v) => Math.round(v * 100) / 100) };
  };
  const markers = (reps: TestDetail['left']['reps']) => reps.map(({ index, startS, endS, peakS, peakN }) => ({ index, startS, endS, peakS, peakN }));
  return {
    testId,
    sampleRateHz: trace.sampleRateHz,
    samples: trace.left.length,
    durationS: trace.left.length / trace.sampleRateHz,
    maxPoints,
    downsample: downsampleFormula,
    baseline: detail.trace?.baseline ?? null,
    left: leg(trace.left),
    right: leg(trace.right),
    reps: { left: markers(detail.left.reps), right: markers(detail.right.reps) },
  };
}
