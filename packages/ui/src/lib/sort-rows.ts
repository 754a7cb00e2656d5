import { type RunColumn, type SortValue, sortValue } from "./run-columns.js";
import type { RunRow } from "./run-row.js";

export type SortDirection = "asc" | "desc";

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === "number" && typeof b === "number") {
    const an = Number.isNaN(a);
    const bn = Number.isNaN(b);
    if (an || bn) return an === bn ? 0 : an ? 1 : -1;
    return a - b;
  }
  if (typeof a === "number") return -1; // numbers before text
  if (typeof b === "number") return 1;
  return collator.compare(a ?? "", b ?? "");
}

/**
 * Sorts rows by one column without touching the input. Values are extracted once (a
 * decorate-sort-undecorate pass, so 10,000 rows sort in a few milliseconds); rows without a
 * value always go last, in either direction; ties keep their incoming order.
 */
export function sortRows(rows: readonly RunRow[], col: RunColumn, dir: SortDirection): RunRow[] {
  const n = rows.length;
  const values: SortValue[] = new Array(n);
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    values[i] = sortValue(rows[i] as RunRow, col);
    order[i] = i;
  }
  const sign = dir === "asc" ? 1 : -1;
  order.sort((i, j) => {
    const a = values[i];
    const b = values[j];
    if (a === undefined || b === undefined) {
      if (a === b) return i - j;
      return a === undefined ? 1 : -1;
    }
    return sign * compareValues(a, b) || i - j;
  });
  return order.map((i) => rows[i] as RunRow);
}
