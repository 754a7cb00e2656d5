import type { Metric } from "@sextant/protocol";
import { metricNumber } from "./format.js";
import { smoothSeries } from "./smoothing.js";

export type XAxisMode = "step" | "time" | "relative";

/** One line to draw: a run's history of one metric. */
export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly points: readonly Metric[];
}

export interface ChartOptions {
  readonly xMode: XAxisMode;
  readonly logScale: boolean;
  /** EMA weight in [0, 1); 0 disables smoothing. */
  readonly smoothing: number;
}

/** Arrays in uPlot's column layout: xs, then one y array per drawn line. */
export interface ChartColumns {
  readonly xs: number[];
  readonly ys: (number | null)[][];
  /** Per drawn line: which input series it belongs to and whether it is the faint raw line. */
  readonly lines: readonly { readonly series: number; readonly raw: boolean }[];
  /** Points in the input (what the user logged), for tests and the point counter. */
  readonly pointCount: number;
}

function xOf(m: Metric, mode: XAxisMode, t0: number): number {
  if (mode === "step") return Number(m.step ?? 0);
  if (mode === "time") return Number(m.timestamp) / 1000;
  return (Number(m.timestamp) - t0) / 1000;
}

/**
 * Turns metric histories into uPlot's aligned columns: each series sorted by x, joined on
 * a shared x axis (gaps as null), non-positive values dropped on a log scale, and an extra
 * smoothed line per series when smoothing is on (the raw line stays, drawn faint).
 */
export function toChartColumns(series: readonly ChartSeries[], opts: ChartOptions): ChartColumns {
  let pointCount = 0;
  const perSeries: { xs: number[]; ys: (number | null)[] }[] = series.map((s) => {
    pointCount += s.points.length;
    let t0 = Number.POSITIVE_INFINITY;
    for (const p of s.points) t0 = Math.min(t0, Number(p.timestamp));
    const pts = s.points.map((p) => ({ x: xOf(p, opts.xMode, t0), y: metricNumber(p.value) }));
    pts.sort((a, b) => a.x - b.x);
    const xs = pts.map((p) => p.x);
    const ys = pts.map((p) => (Number.isFinite(p.y) && (!opts.logScale || p.y > 0) ? p.y : null));
    return { xs, ys };
  });
  const lines: { series: number; raw: boolean }[] = [];
  const cols: { xs: number[]; ys: (number | null)[] }[] = [];
  perSeries.forEach((s, i) => {
    if (opts.smoothing > 0) {
      cols.push(s);
      lines.push({ series: i, raw: true });
      cols.push({ xs: s.xs, ys: smoothSeries(s.ys, opts.smoothing) });
      lines.push({ series: i, raw: false });
    } else {
      cols.push(s);
      lines.push({ series: i, raw: false });
    }
  });
  if (cols.length === 1) {
    const only = cols[0] as { xs: number[]; ys: (number | null)[] };
    return { xs: only.xs, ys: [only.ys], lines, pointCount };
  }
  return { ...joinColumns(cols), lines, pointCount };
}

/** Aligns several (xs, ys) columns on the sorted union of their xs, filling gaps with null. */
export function joinColumns(cols: readonly { readonly xs: readonly number[]; readonly ys: readonly (number | null)[] }[]): {
  xs: number[];
  ys: (number | null)[][];
} {
  const all = new Set<number>();
  for (const c of cols) for (const x of c.xs) all.add(x);
  const xs = [...all].sort((a, b) => a - b);
  const index = new Map<number, number>();
  for (let i = 0; i < xs.length; i++) index.set(xs[i] as number, i);
  const ys = cols.map((c) => {
    const out: (number | null)[] = new Array(xs.length).fill(null);
    c.xs.forEach((x, i) => {
      out[index.get(x) as number] = c.ys[i] ?? null;
    });
    return out;
  });
  return { xs, ys };
}
