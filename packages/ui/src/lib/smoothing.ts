/**
 * Exponential moving average with TensorBoard-style debiasing, so the first points are not
 * pulled toward zero. `weight` is in [0, 1): 0 returns the input, 0.99 is very smooth.
 * Non-finite values (NaN, ±Infinity, null) pass through as null and do not disturb the average.
 */
export function smoothSeries(values: ArrayLike<number | null>, weight: number): (number | null)[] {
  const out: (number | null)[] = new Array(values.length);
  if (!(weight > 0)) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      out[i] = v === null || v === undefined || !Number.isFinite(v) ? null : v;
    }
    return out;
  }
  const w = Math.min(weight, 0.999);
  let last = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || !Number.isFinite(v)) {
      out[i] = null;
      continue;
    }
    last = last * w + (1 - w) * v;
    n++;
    out[i] = last / (1 - w ** n);
  }
  return out;
}
