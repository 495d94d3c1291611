const median3 = (a: number, b: number, c: number) => Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));

/** Quickselect (Hoare partition, median-of-3 pivot): the k-th smallest of a[0 … len−1], partially reordering a. */
export function selectKth(a: Float64Array, len: number, k: number): number {
  let lo = 0;
  let hi = len - 1;
  while (hi > lo) {
    const pivot = median3(a[lo]!, a[(lo + hi) >> 1]!, a[hi]!);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** Median of a[0 … len−1] by quickselect, in O(len) without sorting (reorders a). */
export function medianInPlace(a: Float64Array, len = a.length): number {
  if (len === 0) return Number.NaN;
  const m = len >> 1;
  const hi = selectKth(a, len, m);
  if (len % 2 === 1) return hi;
  let lo = -Infinity; // after the select, a[0 … m−1] ≤ a[m]: the lower middle is their maximum
  for (let i = 0; i < m; i++) if (a[i]! > lo) lo = a[i]!;
  return (lo + hi) / 2;
}
