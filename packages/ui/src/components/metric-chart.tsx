import { useEffect, useMemo, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { type ChartOptions, type ChartSeries, toChartColumns } from "../lib/chart-data.js";

export interface MetricChartProps extends ChartOptions {
  readonly metricKey: string;
  readonly series: readonly ChartSeries[];
  readonly height?: number;
}

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
        x: { time: xMode === "time" },
        y: logScale ? { distr: 3 } : {},
      },
      axes: [
        { label: xMode === "step" ? "step" : xMode === "time" ? "" : "seconds", labelSize: 18, size: 40 },
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
