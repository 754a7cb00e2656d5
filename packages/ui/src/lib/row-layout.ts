/**
 * Where each row of a virtualised list sits: its top and height, the total height, and which
 * row is at a given y. Rows of one height use `fixedRowLayout` (no per-row arrays); rows
 * whose heights differ (a run name wrapped onto several lines) use `variableRowLayout`.
 */
export interface RowLayout {
  readonly count: number;
  readonly totalHeight: number;
  /** Top of row `i` in px from the top of the list. */
  top(i: number): number;
  height(i: number): number;
  /** The row covering `y` (clamped to 0..count-1; 0 for an empty list). */
  indexAt(y: number): number;
}

/** `count` rows of `rowHeight` px each. */
export function fixedRowLayout(count: number, rowHeight: number): RowLayout {
  return {
    count,
    totalHeight: count * rowHeight,
    top: (i) => i * rowHeight,
    height: () => rowHeight,
    indexAt: (y) => Math.min(Math.max(0, count - 1), Math.max(0, Math.floor(y / rowHeight))),
  };
}

/** Rows with the given heights, in order; tops are prefix sums, lookups a binary search. */
export function variableRowLayout(heights: ArrayLike<number>): RowLayout {
  const count = heights.length;
  const tops = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) tops[i + 1] = (tops[i] as number) + (heights[i] as number);
  return {
    count,
    totalHeight: tops[count] as number,
    top: (i) => tops[i] as number,
    height: (i) => heights[i] as number,
    indexAt: (y) => {
      // Last row whose top is <= y.
      let lo = 0;
      let hi = count - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((tops[mid] as number) <= y) lo = mid;
        else hi = mid - 1;
      }
      return Math.max(0, lo);
    },
  };
}
