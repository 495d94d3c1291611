/** downsample.min-max@1: per bucket, the bucket's minimum and maximum in time order, so peaks survive. */
export const downsampleFormula = 'downsample.min-max@1';

export interface Downsampled {
  /** Sample indices into the original series (divide by the sample rate for seconds), increasing. */
  indices: Uint32Array;
  values: Float64Array;
}

/**
 * Reduces `series` to at most `maxPoints` points for charts: the series is cut into ⌊maxPoints / 2⌋ equal buckets
 * and each contributes its minimum and maximum (one point when they coincide), in index order. The global minimum
 * and maximum are therefore always kept. Non-finite samples are skipped (an all-missing bucket contributes nothing).
 * A series of at most maxPoints samples is returned whole (its non-finite samples skipped).
 */
export function downsampleMinMax(series: ArrayLike<number>, maxPoints: number): Downsampled {
  const n = series.length;
  const limit = Math.max(0, Math.floor(maxPoints));
  if (n <= limit) {
    let count = 0;
    for (let i = 0; i < n; i++) if (Number.isFinite(series[i]!)) count++;
    const indices = new Uint32Array(count);
    const values = new Float64Array(count);
    for (let i = 0, k = 0; i < n; i++) {
      const v = series[i]!;
      if (Number.isFinite(v)) {
        indices[k] = i;
        values[k++] = v;
      }
    }
    return { indices, values };
  }
  if (limit < 2) {
    // Room for one point only: the global maximum.
    if (limit === 0) return { indices: new Uint32Array(0), values: new Float64Array(0) };
    let best = -1;
    for (let i = 0; i < n; i++) if (Number.isFinite(series[i]!) && (best < 0 || series[i]! > series[best]!)) best = i;
    return best < 0
      ? { indices: new Uint32Array(0), values: new Float64Array(0) }
      : { indices: Uint32Array.of(best), values: Float64Array.of(series[best]!) };
  }
  const buckets = Math.floor(limit / 2);
  const indices = new Uint32Array(buckets * 2);
  const values = new Float64Array(buckets * 2);
  let k = 0;
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    let iMin = -1;
    let iMax = -1;
    let vMin = Infinity;
    let vMax = -Infinity;
    for (let i = from; i < to; i++) {
      const v = series[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < vMin) {
        vMin = v;
        iMin = i;
      }
      if (v > vMax) {
        vMax = v;
        iMax = i;
      }
    }
    if (iMin < 0) continue; // every sample missing
    if (iMin === iMax) {
      indices[k] = iMin;
      values[k++] = vMin;
    } else if (iMin < iMax) {
      indices[k] = iMin;
      values[k++] = vMin;
      indices[k] = iMax;
      values[k++] = vMax;
    } else {
      indices[k] = iMax;
      values[k++] = vMax;
      indices[k] = iMin;
      values[k++] = vMin;
    }
  }
  return { indices: indices.slice(0, k), values: values.slice(0, k) };
}
