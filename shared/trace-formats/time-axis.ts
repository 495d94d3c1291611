/**
 * Puts timestamped samples on a uniform grid: infers the rate from the spacing (median to find gaps, then the
 * mean of the non-gap intervals so that rounded time stamps such as 0.003/0.004 s at 300 Hz still give 300 Hz),
 * fills gaps with NaN samples and flags irregular spacing.
 */
import { medianInPlace } from '../math/median.ts';
import { MAX_SAMPLES_PER_LEG, reject, tooLong, type TraceRejection, type TraceWarning } from './types.ts';

export interface TimeAxisInput {
  /** Time stamps in `unit`s; strictly increasing (callers check that, with their own line/index reporting). */
  times: Float64Array;
  left: Float64Array;
  right: Float64Array;
  n: number;
  /** Units per second: 1 for seconds, 1e7 for .NET ticks. */
  unitsPerSecond: number;
  unitName: string;
  /** Relative spacing deviation from the median that counts as irregular (exact ticks: small; rounded text: 0). */
  spacingTolerance?: number;
  describe: (median: string, rate: number) => string;
}

export interface TimeAxis {
  ok: true;
  sampleRateHz: number;
  sampleRateSource: string;
  left: Float64Array;
  right: Float64Array;
  warnings: TraceWarning[];
}

export function regularise(input: TimeAxisInput): TimeAxis | TraceRejection {
  const { times, n, unitsPerSecond } = input;
  if (n < 2) return reject('sample-rate-unknown', `the sample rate cannot be inferred from ${n === 1 ? 'a single sample' : 'no samples'}`);
  const diffs = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) {
    const d = times[i]! - times[i - 1]!;
    if (!(d > 0)) return reject('sample-rate-unknown', `the sample rate cannot be inferred: the time does not increase at sample ${i + 1} (spacing ${d} ${input.unitName})`);
    diffs[i - 1] = d;
  }
  const median = medianOf(diffs); // reorders diffs; spacings are recomputed from times below
  const gapThreshold = 1.5 * median;
  let sum = 0;
  let count = 0;
  let irregularSpacing = 0;
  const tol = input.spacingTolerance ?? 0;
  for (let i = 1; i < n; i++) {
    const d = times[i]! - times[i - 1]!;
    if (d <= gapThreshold) {
      sum += d;
      count++;
      if (tol > 0 && Math.abs(d - median) > tol * median) irregularSpacing++;
    }
  }
  const spanS = (times[n - 1]! - times[0]!) / unitsPerSecond;
  let rate = (count * unitsPerSecond) / sum;
  const nearest = Math.round(rate);
  if (nearest > 0 && Math.abs(nearest - rate) * spanS < 0.5 && Math.abs(nearest - rate) / rate < 0.01) rate = nearest;
  else rate = Number(rate.toPrecision(6));
  if (!Number.isFinite(rate) || rate <= 0) return reject('sample-rate-unknown', `the sample rate cannot be inferred from the ${input.unitName} spacing`);
  // As eccentric-trace@1 allows (its sampleRateHz ≤ 100 kHz): beyond, the time column is in other units than it says.
  if (rate > 100_000 || rate < 1) {
    return reject('sample-rate-unknown', `the ${input.unitName} spacing gives ${rate} Hz, outside the 1–100,000 Hz a force trace is read at (time in other units than stated?)`);
  }

  // Grid walk: slot k of each sample; gaps leave NaN slots, colliding or off-grid samples are counted.
  const period = unitsPerSecond / rate;
  const t0 = times[0]!;
  const slotOf = (i: number, prev: number): number => {
    const k = Math.round((times[i]! - t0) / period);
    return k <= prev ? prev + 1 : k;
  };
  let prev = 0;
  let offGrid = 0;
  let collisions = 0;
  let missing = 0;
  let largestGap = 0;
  for (let i = 1; i < n; i++) {
    const exact = (times[i]! - t0) / period;
    let k = Math.round(exact);
    if (Math.abs(exact - k) > 0.25) offGrid++;
    if (k <= prev) {
      collisions++;
      k = prev + 1;
    } else if (k > prev + 1) {
      missing += k - prev - 1;
      largestGap = Math.max(largestGap, k - prev - 1);
    }
    prev = k;
  }
  const total = prev + 1;
  if (total > MAX_SAMPLES_PER_LEG) return tooLong(total);

  const warnings: TraceWarning[] = [];
  let left = input.left.subarray(0, n);
  let right = input.right.subarray(0, n);
  if (missing > 0) {
    const l = new Float64Array(total).fill(Number.NaN);
    const r = new Float64Array(total).fill(Number.NaN);
    l[0] = left[0]!;
    r[0] = right[0]!;
    for (let i = 1, k = 0; i < n; i++) {
      k = slotOf(i, k);
      l[k] = left[i]!;
      r[k] = right[i]!;
    }
    left = l;
    right = r;
    warnings.push({
      code: 'gaps-filled',
      message: `${missing} missing sample${missing === 1 ? '' : 's'} (gaps in the ${input.unitName}, the largest ${largestGap} sample${largestGap === 1 ? '' : 's'}) filled with NaN to keep the ${rate} Hz grid`,
    });
  } else if (left.length !== input.left.length) {
    left = left.slice();
    right = right.slice();
  }
  if (offGrid + collisions + irregularSpacing > 0) {
    const parts = [];
    if (irregularSpacing) parts.push(`${irregularSpacing} spacing${irregularSpacing === 1 ? '' : 's'} differ from the median by more than ${tol * 100}%`);
    if (offGrid) parts.push(`${offGrid} sample${offGrid === 1 ? '' : 's'} off the ${rate} Hz grid by more than a quarter period`);
    if (collisions) parts.push(`${collisions} sample${collisions === 1 ? '' : 's'} closer than one period to the previous one`);
    warnings.push({ code: 'irregular-spacing', message: `irregular sample spacing: ${parts.join('; ')}; the trace is treated as ${rate} Hz` });
  }
  return {
    ok: true,
    sampleRateHz: rate,
    sampleRateSource: input.describe(formatNumber(median), rate),
    left,
    right,
    warnings,
  };
}

export const formatNumber = (x: number): string => String(Number(x.toPrecision(10)));

/** Median by quickselect (reorders `a`). */
export const medianOf = (a: Float64Array): number => medianInPlace(a);
