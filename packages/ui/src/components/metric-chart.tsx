import { useEffect, useMemo, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { type ChartOptions, type ChartSeries, toChartColumns } from "../lib/chart-data.js";

export interface MetricChartProps extends ChartOptions {
  readonly metricKey: string;
  readonly series: readonly ChartSeries[];
  readonly height?: number;
}

/** Whole-number tick steps for the step axis (steps are integers: no 0.5 ticks). */
const STEP_INCRS = Array.from({ length: 10 }, (_, e) => [1, 2, 5].map((m) => m * 10 ** e)).flat();

function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/**
 * One metric drawn with uPlot on a canvas: step, wall-time or relative-time x axis, linear
 * or log y axis, optional EMA smoothing, drag to zoom, double-click to reset. Stays smooth
 * at 100,000 points. The container carries `data-points` (points logged) and `data-drawn`.
 */
export function MetricChart({ metricKey, series, xMode, logScale, smoothing, height = 220 }: MetricChartProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const cols = useMemo(() => toChartColumns(series, { xMode, logScale, smoothing }), [series, xMode, logScale, smoothing]);

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    box.removeAttribute("data-drawn");
    const width = Math.max(200, box.clientWidth || 400);
    const only = cols.xs.length === 1 ? cols.xs[0] : undefined;
    const lineSeries: uPlot.Series[] = cols.lines.map((line) => {
      const src = series[line.series] as ChartSeries;
      return {
        label: line.raw ? `${src.label} (raw)` : src.label,
        stroke: line.raw ? withAlpha(src.color, 0.25) : src.color,
        width: line.raw ? 1 : 1.5,
        spanGaps: true,
        points: { show: cols.xs.length <= 60 && !line.raw },
      };
    });
    const opts: uPlot.Options = {
      width,
      height,
      scales: {
        // One x value (a metric logged once, at step 0) sits in the middle of a small range,
        // not at the left edge of 0..100.
        x: { time: xMode === "time", range: (_u, min, max) => (only === undefined ? [min, max] : [only - 1, only + 1]) },
        y: logScale ? { distr: 3 } : {},
      },
      axes: [
        { label: xMode === "step" ? "step" : xMode === "time" ? "" : "seconds", labelSize: 18, size: 40, ...(xMode === "step" ? { incrs: STEP_INCRS } : {}) },
        { size: 60 },
      ],
      cursor: { drag: { x: true, y: false, setScale: true } },
      legend: { show: series.length > 1 || smoothing > 0 },
      series: [{ label: xMode === "step" ? "step" : "time" }, ...lineSeries],
      hooks: {
        draw: [
          () => {
            box.setAttribute("data-drawn", "1");
          },
        ],
      },
    };
    const plot = new uPlot(opts, [cols.xs, ...cols.ys] as uPlot.AlignedData, box);
    // Legend labels are cut to one line by CSS; the full run name shows on hover.
    for (const label of box.querySelectorAll(".u-legend .u-label")) label.setAttribute("title", label.textContent ?? "");
    const ro = new ResizeObserver(() => {
      const w = Math.max(200, box.clientWidth);
      if (Math.abs(w - plot.width) > 2) plot.setSize({ width: w, height });
    });
    ro.observe(box);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [cols, series, xMode, logScale, smoothing, height]);

  return (
    <div
      ref={boxRef}
      className="metric-chart"
      data-testid="metric-chart"
      data-metric-key={metricKey}
      data-points={cols.pointCount}
      title="Drag to zoom, double-click to reset"
    />
  );
}
