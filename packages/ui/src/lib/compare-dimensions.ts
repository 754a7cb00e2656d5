import { metricNumber } from "./format.js";
import type { RunRow } from "./run-row.js";

/** A param or metric across the compared runs, as numbers for plotting. */
export interface Dimension {
  readonly id: string;
  readonly label: string;
  readonly kind: "param" | "metric";
  /** One value per run (NaN when the run lacks it); categories are mapped to 0..n-1. */
  readonly values: readonly number[];
  /** Set for text params: the category names in index order. */
  readonly categories?: readonly string[];
}

/**
 * Every param and metric of the runs as a plottable dimension. Numeric params stay numbers;
 * text params become sorted categories.
 */
export function compareDimensions(rows: readonly RunRow[]): Dimension[] {
  const paramKeys = new Set<string>();
  const metricKeys = new Set<string>();
  for (const r of rows) {
    for (const k of r.params.keys()) paramKeys.add(k);
    for (const k of r.metrics.keys()) metricKeys.add(k);
  }
  const byName = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });
  const dims: Dimension[] = [];
  for (const key of [...paramKeys].sort(byName)) {
    const raw = rows.map((r) => r.params.get(key));
    const numeric = raw.every((v) => v === undefined || (v.trim() !== "" && Number.isFinite(Number(v))));
    if (numeric) {
      dims.push({ id: `param:${key}`, label: key, kind: "param", values: raw.map((v) => (v === undefined ? Number.NaN : Number(v))) });
    } else {
      const categories = [...new Set(raw.filter((v): v is string => v !== undefined))].sort(byName);
      const index = new Map(categories.map((c, i) => [c, i]));
      dims.push({ id: `param:${key}`, label: key, kind: "param", values: raw.map((v) => (v === undefined ? Number.NaN : (index.get(v) as number))), categories });
    }
  }
  for (const key of [...metricKeys].sort(byName)) {
    dims.push({ id: `metric:${key}`, label: key, kind: "metric", values: rows.map((r) => metricNumber(r.metrics.get(key) ?? Number.NaN)) });
  }
  return dims;
}

/** The [min, max] of a dimension's finite values, widened when flat. */
export function dimensionRange(d: Dimension): [number, number] {
  if (d.categories) return [-0.5, Math.max(0.5, d.categories.length - 0.5)];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of d.values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo === Number.POSITIVE_INFINITY) return [0, 1];
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.1 || 1;
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * 0.1;
  return [lo - pad, hi + pad];
}
